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
 *
 * <p>A pool with no free address would cost a walk over all of it on every DHCPDISCOVER. So when a
 * walk for a client that is a stranger to the pool (no lease, offer or reservation of its own
 * there) finds nothing, the pool is remembered as {@link Exhausted}, and later strangers are
 * answered "none" without a walk while that still holds.
 */
final class Allocator4 {
    /** An address for a client, with the subnet and the pool it comes from. */
    record Allocation(Subnet4 subnet, Inet4Address address, Optional<AddressPool<AddressRange4, Option4>> pool) {
    }

    /**
     * A pool found with no address free for a stranger. Invariant: while the reservations are
     * {@code hosts}, {@link LeaseTable4#freed} is still {@code freed}, and the time is before
     * {@code until}, every address of the pool is reserved or held for strangers (its
     * {@link LeaseTable4#heldUntil} is after the time). It held when the walk ended, {@code until}
     * being the earliest end among the held addresses; since then no address is held for less long
     * (that would have changed {@code freed}) and reservations are the same. So a walk for a
     * stranger would find nothing, and leave the cursor where it is.
     */
    private record Exhausted(HostIndex hosts, long freed, Instant until) {
    }

    /** Where each pool's next search starts; touched only by the engine's thread. */
    private final Map<AddressRange4, Long> cursors = new HashMap<>();
    /** The pools known to be exhausted for strangers; touched only by the engine's thread. */
    private final Map<AddressRange4, Exhausted> exhausted = new HashMap<>();
    /** Addresses looked at by pool walks, for tests. */
    long probes;

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
        boolean stranger = host.isEmpty() && !leases.hasStakeIn(client, range);
        long freed = leases.freed(); // read before the walk: a reclaim during it then voids what the walk learns
        Exhausted known = exhausted.get(range);
        if (stranger && known != null && known.hosts() == hosts && known.freed() == freed
                && now.isBefore(known.until())) {
            return Optional.empty();
        }
        long first = Ipv4.toLong(range.first());
        long size = range.size();
        long start = cursors.getOrDefault(range, first);
        Instant until = Instant.MAX;
        for (long step = 0; step < size; step++) {
            probes++;
            long candidate = first + (start - first + step) % size;
            Inet4Address address = Ipv4.fromLong(candidate);
            boolean reserved = hosts.reservedForOther(address, host);
            if (leases.isFreeFor(address, client, now) && !reserved) {
                cursors.put(range, candidate + 1 > Ipv4.toLong(range.last()) ? first : candidate + 1);
                return Optional.of(address);
            }
            if (stranger && !reserved) {
                Instant heldUntil = leases.heldUntil(address);
                until = heldUntil.isBefore(until) ? heldUntil : until;
            }
        }
        if (stranger) {
            exhausted.put(range, new Exhausted(hosts, freed, until));
        }
        return Optional.empty();
    }
}
