package io.tandem.dhcp4o6d.engine;

import io.tandem.common.config.AddressPool;
import io.tandem.common.config.AddressRange4;
import io.tandem.common.config.Ipv4;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.dhcp4o6d.config.Subnet4;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which address a client may have. One rule serves DHCPDISCOVER and DHCPREQUEST alike
 * ({@link #permit}): the address is in one of the client's subnets; it is free for the client
 * (no live lease of another client, not declined, not offered to another); it is not reserved
 * for another client; it is the client's reserved address, or in a pool, or already leased to the
 * client; and when the client has a reserved address that is free, it is that one, so that a host
 * with a reservation gets its address at every boot stage. {@link #offer} tries, in order, the
 * reserved address, the client's current or last lease, the address it was just offered, the
 * address it asks for, then the pools, first free address after the last one given (Kea's
 * iterative allocator).
 */
final class Allocator4 {
    /** An address for a client, with the subnet and the pool it comes from. */
    record Allocation(Subnet4 subnet, Inet4Address address, Optional<AddressPool<AddressRange4, Option4>> pool) {
    }

    /** Where each pool's next search starts; touched only by the engine's thread. */
    private final Map<AddressRange4, Long> cursors = new HashMap<>();

    /** The address to offer to a DHCPDISCOVER. */
    Optional<Allocation> offer(ClientIdentity client, List<Subnet4> candidates, Optional<HostIndex.Host> host,
                               Optional<Inet4Address> requested, LeaseTable4 leases, HostIndex hosts, Instant now) {
        Set<Long> ids = candidates.stream().map(Subnet4::id).collect(Collectors.toSet());
        List<Optional<Inet4Address>> preferred = List.of(
                host.flatMap(h -> h.addressIn(candidates)),
                leases.ofClient(client, ids, now).map(Lease4::address),
                leases.offeredTo(client, now),
                requested);
        for (Optional<Inet4Address> address : preferred) {
            Optional<Allocation> allocation = address.flatMap(a -> permit(client, a, candidates, host, leases, hosts, now));
            if (allocation.isPresent()) {
                return allocation;
            }
        }
        if (leases.isFull()) {
            return Optional.empty();
        }
        for (Subnet4 subnet : candidates) {
            for (AddressPool<AddressRange4, Option4> pool : subnet.pools()) {
                Optional<Inet4Address> free = firstFree(pool.range(), client, host, leases, hosts, now);
                if (free.isPresent()) {
                    return Optional.of(new Allocation(subnet, free.get(), Optional.of(pool)));
                }
            }
        }
        return Optional.empty();
    }

    /** {@code address} for the client, if the rule above lets it have it. */
    Optional<Allocation> permit(ClientIdentity client, Inet4Address address, List<Subnet4> candidates,
                                Optional<HostIndex.Host> host, LeaseTable4 leases, HostIndex hosts, Instant now) {
        Optional<Subnet4> subnet = candidates.stream().filter(s -> s.prefix().contains(address)).findFirst();
        if (subnet.isEmpty() || !leases.isFreeFor(address, client, now) || hosts.reservedForOther(address, host)) {
            return Optional.empty();
        }
        Optional<Inet4Address> reserved = host.flatMap(h -> h.addressIn(candidates));
        if (reserved.isPresent() && !reserved.get().equals(address) && leases.isFreeFor(reserved.get(), client, now)) {
            return Optional.empty();
        }
        Optional<AddressPool<AddressRange4, Option4>> pool =
                subnet.get().pools().stream().filter(p -> p.range().contains(address)).findFirst();
        boolean own = leases.at(address).filter(lease -> lease.state() == LeaseState.DEFAULT && client.owns(lease))
                .isPresent();
        if (reserved.filter(address::equals).isEmpty() && pool.isEmpty() && !own) {
            return Optional.empty();
        }
        if (!own && leases.isFull() && leases.at(address).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Allocation(subnet.get(), address, pool));
    }

    private Optional<Inet4Address> firstFree(AddressRange4 range, ClientIdentity client, Optional<HostIndex.Host> host,
                                             LeaseTable4 leases, HostIndex hosts, Instant now) {
        long first = Ipv4.toLong(range.first());
        long size = range.size();
        long start = cursors.getOrDefault(range, first);
        for (long step = 0; step < size; step++) {
            long candidate = first + (start - first + step) % size;
            Inet4Address address = Ipv4.fromLong(candidate);
            if (leases.isFreeFor(address, client, now) && !hosts.reservedForOther(address, host)) {
                cursors.put(range, candidate + 1 > Ipv4.toLong(range.last()) ? first : candidate + 1);
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }
}
