package io.tandem.dhcp6d.engine;

import io.tandem.common.config.AddressPool;
import io.tandem.common.config.AddressRange6;
import io.tandem.common.config.Prefix6;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.dhcp6d.config.LeaseTimes6;
import io.tandem.dhcp6d.config.PrefixPool6;
import io.tandem.dhcp6d.config.Reservation6;
import io.tandem.dhcp6d.config.Subnet6;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which address or prefix each IA of one client message gets on the client's link, and the lease
 * rows the message records; the twin of dhcp4o6d's {@code Allocator4}. For an IA_NA
 * ({@link #address}): the reserved address, else the subnet's fixed-MAC address, else the address
 * the IA already holds from a pool (what a Renew or Rebind keeps), else a free pool address. For an
 * IA_PD ({@link #prefix}): the reserved prefix, else the one the IA holds, else a free one. Two IAs
 * of one message never get the same address or prefix.
 *
 * <p>A client with no binding at all (a stranger) that probes a whole pool and finds nothing has
 * the pool remembered as full in the {@link BindingTable}, so that the next strangers are answered
 * without probing it while nothing has been freed there ({@link BindingTable#knownExhausted}).
 */
final class Allocator6 {
    /** Kea's default {@code decline-probation-period}: how long a declined address stays recorded. */
    static final long DECLINE_PROBATION_SECONDS = 86_400;

    /** An address for an IA_NA, with the pool it comes from: that pool's option-data applies. */
    record Allocation(Inet6Address address, Optional<AddressPool<AddressRange6, Option6>> pool) {
    }

    private final BindingTable bindings;
    private final Subnet6 link;
    private final Bytes duid;
    private final Optional<ClientMac> mac;
    private final Optional<Reservation6> reservation;
    private final Instant now;
    /** Addresses and prefixes given to an IA of this message. */
    private final Set<Inet6Address> givenInThisMessage = new HashSet<>();
    /** Pool candidates this message probed, for tests. */
    long probes;

    Allocator6(BindingTable bindings, Subnet6 link, Bytes duid, Optional<ClientMac> mac,
            Optional<Reservation6> reservation, Instant now) {
        this.bindings = bindings;
        this.link = link;
        this.duid = duid;
        this.mac = mac;
        this.reservation = reservation;
        this.now = now;
    }

    /** The address for the IA_NA {@code iaid}, marked as given in this message. */
    Optional<Allocation> address(long iaid) {
        Optional<Allocation> chosen = chooseAddress(iaid);
        chosen.ifPresent(allocation -> givenInThisMessage.add(allocation.address()));
        return chosen;
    }

    /** The prefix for the IA_PD {@code iaid}, marked as given in this message. */
    Optional<Prefix6> prefix(long iaid) {
        Optional<Prefix6> chosen = choosePrefix(iaid);
        chosen.ifPresent(prefix -> givenInThisMessage.add(prefix.network()));
        return chosen;
    }

    /** Why {@link #address} found nothing, for the IA's NoAddrsAvail status. */
    String noAddressReason() {
        if (link.macAddressing().isPresent() && mac.isEmpty() && link.pools().isEmpty()) {
            return "the client's MAC address could not be found and the subnet has no pool";
        }
        return "no address is available for this client";
    }

    private Optional<Allocation> chooseAddress(long iaid) {
        for (Inet6Address reserved : reservation.map(Reservation6::addresses).orElse(List.of())) {
            if (!givenInThisMessage.contains(reserved)) {
                return Optional.of(new Allocation(reserved, Optional.empty()));
            }
        }
        if (link.macAddressing().isPresent() && mac.isPresent()) {
            Inet6Address fixed = link.macAddressing().get().addressOf(mac.get().mac().bytes());
            if (!givenInThisMessage.contains(fixed)) {
                return Optional.of(new Allocation(fixed, Optional.empty()));
            }
        }
        for (Lease6 held : bindings.ofClient(duid, iaid, LeaseType.NA, now)) {
            for (AddressPool<AddressRange6, Option6> pool : link.pools()) {
                if (pool.range().contains(held.address()) && !givenInThisMessage.contains(held.address())) {
                    return Optional.of(new Allocation(held.address(), Optional.of(pool)));
                }
            }
        }
        if (bindings.isFull()) {
            return Optional.empty();
        }
        for (AddressPool<AddressRange6, Option6> pool : link.pools()) {
            Optional<Inet6Address> free = search(pool.range(), PoolAllocator.size(pool.range()),
                    isFree -> PoolAllocator.address(pool.range(), duid, iaid, isFree));
            if (free.isPresent()) {
                return Optional.of(new Allocation(free.get(), Optional.of(pool)));
            }
        }
        return Optional.empty();
    }

    private Optional<Prefix6> choosePrefix(long iaid) {
        for (Prefix6 reserved : reservation.map(Reservation6::prefixes).orElse(List.of())) {
            if (!givenInThisMessage.contains(reserved.network())) {
                return Optional.of(reserved);
            }
        }
        for (Lease6 held : bindings.ofClient(duid, iaid, LeaseType.PD, now)) {
            for (PrefixPool6 pool : link.prefixPools()) {
                if (pool.prefix().contains(held.address()) && held.prefixLength() == pool.delegatedLength()
                        && !givenInThisMessage.contains(held.address())) {
                    return Optional.of(new Prefix6(held.address(), held.prefixLength()));
                }
            }
        }
        if (bindings.isFull()) {
            return Optional.empty();
        }
        for (PrefixPool6 pool : link.prefixPools()) {
            Optional<Inet6Address> free = search(pool, PoolAllocator.size(pool.prefix(), pool.delegatedLength()),
                    isFree -> PoolAllocator.prefix(pool.prefix(), pool.delegatedLength(), duid, iaid, isFree));
            if (free.isPresent()) {
                return Optional.of(new Prefix6(free.get(), pool.delegatedLength()));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code search} of {@code pool} (of {@code size} candidates) with the free test: a candidate is
     * free when no reservation names it, this message did not give it, and nobody else holds it.
     * A stranger skips a pool known full, and remembers one its search probed whole in vain, with
     * the earliest time a candidate it found taken can be free again.
     */
    private Optional<Inet6Address> search(Object pool, BigInteger size,
            Function<Predicate<Inet6Address>, Optional<Inet6Address>> search) {
        boolean remember = bindings.isStranger(duid) && PoolAllocator.probesWhole(size);
        if (remember && bindings.knownExhausted(pool, link, now)) {
            return Optional.empty();
        }
        long freed = bindings.freed(); // read before the probes: a reclaim during them voids what they learn
        Instant[] until = {Instant.MAX};
        Optional<Inet6Address> found = search.apply(candidate -> {
            probes++;
            if (isReserved(candidate)) {
                return false;
            }
            if (remember) {
                Instant heldUntil = bindings.heldUntil(candidate);
                until[0] = heldUntil.isBefore(until[0]) ? heldUntil : until[0];
            }
            return !givenInThisMessage.contains(candidate) && !bindings.heldByOther(candidate, duid, now);
        });
        if (found.isEmpty() && remember) {
            bindings.exhausted(pool, link, freed, until[0]);
        }
        return found;
    }

    private boolean isReserved(Inet6Address candidate) {
        for (Reservation6 other : link.reservations()) {
            if (other.addresses().contains(candidate)
                    || other.prefixes().stream().anyMatch(p -> p.network().equals(candidate))) {
                return true;
            }
        }
        return false;
    }

    /** Binds {@code address} (for IA_PD, the prefix's first) to the IA for the link's lease times; the row. */
    Lease6 bind(LeaseType type, long iaid, Inet6Address address, int prefixLength) {
        LeaseTimes6 times = link.leaseTimes();
        Lease6 lease = new Lease6(address, duid, times.validLifetime(), now.getEpochSecond() + times.validLifetime(),
                link.id(), times.preferredLifetime(), type, iaid, prefixLength, false, false,
                reservation.flatMap(Reservation6::hostname).orElse(""),
                mac.map(found -> HardwareAddress.ethernet(found.mac().bytes(), found.source())), LeaseState.DEFAULT,
                "");
        bindings.put(lease);
        return lease;
    }

    /** Ends the IA's bindings of {@code addresses} (a Release); the rows to record, none if it holds none. */
    List<Lease6> release(LeaseType type, long iaid, List<Inet6Address> addresses) {
        return endBindings(type, iaid, addresses, false);
    }

    /** Records the IA_NA's {@code addresses} as declined (a Decline); the rows to record, none if it holds none. */
    List<Lease6> decline(long iaid, List<Inet6Address> addresses) {
        return endBindings(LeaseType.NA, iaid, addresses, true);
    }

    private List<Lease6> endBindings(LeaseType type, long iaid, List<Inet6Address> addresses, boolean declined) {
        List<Lease6> ended = new ArrayList<>();
        for (Inet6Address address : addresses) {
            Optional<Lease6> lease = bindings.get(new Lease6.Binding(address, duid, iaid, type));
            if (lease.isEmpty()) {
                continue;
            }
            bindings.remove(lease.get().binding());
            Lease6 row = declined ? declinedRow(lease.get()) : lease.get().released();
            if (declined) {
                bindings.put(row);
            }
            ended.add(row);
        }
        return ended;
    }

    /** Kea 2.2's row for a declined address: no client, state 1, held for the probation period. */
    private Lease6 declinedRow(Lease6 lease) {
        return new Lease6(lease.address(), Lease6.EMPTY_DUID, DECLINE_PROBATION_SECONDS,
                now.getEpochSecond() + DECLINE_PROBATION_SECONDS, lease.subnetId(), 0, lease.type(), 0,
                lease.prefixLength(), false, false, "", Optional.empty(), LeaseState.DECLINED, "");
    }
}
