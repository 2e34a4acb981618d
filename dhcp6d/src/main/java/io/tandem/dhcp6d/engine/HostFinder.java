package io.tandem.dhcp6d.engine;

import io.tandem.common.config.HostIdentifier;
import io.tandem.common.config.HostIdentifierType;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.dhcp6d.config.Reservation6;
import io.tandem.dhcp6d.config.Subnet6;
import java.util.List;
import java.util.Optional;

/**
 * Finds the client's reservation, trying the identifiers of {@code host-reservation-identifiers}
 * in order, in the subnet first and then among the global reservations. Only a client whose link
 * has a subnet is looked for, as Kea 2.2 looks (a client with none gets the global options only).
 */
final class HostFinder {
    private HostFinder() {
    }

    static Optional<Reservation6> find(List<HostIdentifierType> order, Subnet6 subnet,
            List<Reservation6> global, ClientMessage client, Optional<ClientMac> mac) {
        for (HostIdentifierType type : order) {
            Optional<Bytes> value = identifier(type, client, mac);
            if (value.isEmpty()) {
                continue;
            }
            HostIdentifier wanted = new HostIdentifier(type, value.get());
            Optional<Reservation6> found = match(subnet.reservations(), wanted)
                    .or(() -> match(global, wanted));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Reservation6> match(List<Reservation6> reservations, HostIdentifier wanted) {
        for (Reservation6 reservation : reservations) {
            if (reservation.identifier().equals(wanted)) {
                return Optional.of(reservation);
            }
        }
        return Optional.empty();
    }

    /** The client's value of one kind of identifier, as a reservation spells it. */
    static Optional<Bytes> identifier(HostIdentifierType type, ClientMessage client, Optional<ClientMac> mac) {
        return switch (type) {
            case DUID -> client.message().options().clientId().map(duid -> duid.bytes());
            case HW_ADDRESS -> mac.map(found -> found.mac().bytes());
            case REMOTE_ID -> client.nearestRelay().flatMap(relay -> relay.options().remoteId())
                    .map(HostFinder::remoteIdBody);
            case INTERFACE_ID -> client.nearestRelay().flatMap(relay -> relay.options().interfaceId());
            case CLIENT_ID -> Optional.empty(); // DHCPv4's: not in dhcp6d's host-reservation-identifiers
        };
    }

    /** The body of option 37: the enterprise number, then the remote-id, as reservations name it. */
    private static Bytes remoteIdBody(Option6.RemoteId remoteId) {
        return Bytes.of(new WireWriter(4 + remoteId.remoteId().length()).u32(remoteId.enterpriseNumber())
                .bytes(remoteId.remoteId()).toByteArray());
    }
}
