package io.tandem.dhcp4o6d.engine;

import io.tandem.common.config.HostIdentifier;
import io.tandem.common.config.HostIdentifierType;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import io.tandem.dhcp4o6d.config.Reservation4;
import io.tandem.dhcp4o6d.config.Subnet4;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reservations of one configuration, indexed: by identifier per subnet and globally, and by reserved address. */
final class HostIndex {
    /** A client's reservation, and the subnet it was written in (none for a global one). */
    record Host(Reservation4 reservation, Optional<Subnet4> subnet) {
        /** The reserved address, if the reservation has one inside one of {@code candidates}. */
        Optional<Inet4Address> addressIn(List<Subnet4> candidates) {
            return reservation.address().filter(address -> candidates.stream()
                    .anyMatch(candidate -> candidate.prefix().contains(address)));
        }
    }

    private final List<HostIdentifierType> order;
    private final Map<Long, Map<HostIdentifier, Reservation4>> bySubnet = new HashMap<>();
    private final Map<HostIdentifier, Reservation4> global = new HashMap<>();
    private final Map<Inet4Address, HostIdentifier> reservedAddresses = new HashMap<>();

    HostIndex(Dhcp4Config config) {
        this.order = config.hostReservationIdentifiers();
        for (Subnet4 subnet : config.subnets()) {
            Map<HostIdentifier, Reservation4> hosts = new HashMap<>();
            for (Reservation4 reservation : subnet.reservations()) {
                hosts.put(reservation.identifier(), reservation);
                reservation.address().ifPresent(address -> reservedAddresses.put(address, reservation.identifier()));
            }
            bySubnet.put(subnet.id(), hosts);
        }
        for (Reservation4 reservation : config.globalReservations()) {
            global.put(reservation.identifier(), reservation);
            reservation.address().ifPresent(address ->
                    reservedAddresses.putIfAbsent(address, reservation.identifier()));
        }
    }

    /**
     * The client's reservation: in each candidate subnet in turn, then among the global ones,
     * trying the identifiers in {@code host-reservation-identifiers} order.
     */
    Optional<Host> find(ClientIdentity client, List<Subnet4> candidates) {
        for (Subnet4 subnet : candidates) {
            Optional<Reservation4> found = lookUp(client, bySubnet.getOrDefault(subnet.id(), Map.of()));
            if (found.isPresent()) {
                return Optional.of(new Host(found.get(), Optional.of(subnet)));
            }
        }
        return lookUp(client, global).map(reservation -> new Host(reservation, Optional.empty()));
    }

    private Optional<Reservation4> lookUp(ClientIdentity client, Map<HostIdentifier, Reservation4> hosts) {
        if (hosts.isEmpty()) {
            return Optional.empty();
        }
        for (HostIdentifierType type : order) {
            Optional<Reservation4> found = client.identifier(type).map(hosts::get);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Whether {@code address} is reserved for a client other than the one whose reservation is {@code own}. */
    boolean reservedForOther(Inet4Address address, Optional<Host> own) {
        HostIdentifier holder = reservedAddresses.get(address);
        return holder != null && own.map(host -> !host.reservation().identifier().equals(holder)).orElse(true);
    }
}
