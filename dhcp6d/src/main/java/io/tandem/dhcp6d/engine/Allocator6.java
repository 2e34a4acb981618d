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
import io.tandem.dhcp6d.config.AllocationOrder;
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

/**
 * Which address or prefix each IA of one client message gets on the client's link, and the lease
 * rows the message records; the twin of dhcp4o6d's {@code Allocator4}. For an IA_NA
 * ({@link #address}): the reserved address, else the subnet's fixed-MAC address, else the address
 * the IA already holds from a pool (what a Renew or Rebind keeps), else the client's hint when it is
 * a free pool address, else a free pool address in the subnet's {@code allocator} order
 * ({@link PoolAllocator}). For an IA_PD ({@link #prefix}): the reserved prefix, else the one the IA
 * holds, else the free pool prefix where the hint starts, else a free one in {@code pd-allocator}
 * order. Reserved ones that another IA of the client holds are passed over, and no IA gets what
 * another binding holds: two IAs never hold the same address or prefix.
 *
 * <p>A client with no binding at all (a stranger) that probes a subnet's whole pools and finds
 * nothing has the pools remembered as full in the {@link BindingTable}, so that the next strangers
 * are answered without probing them while nothing has been freed there
 * ({@link BindingTable#knownExhausted}).
 */
final class Allocator6 {
    /** Kea's default {@code decline-probation-period}: how long a declined address stays recorded. */
    static final long DECLINE_PROBATION_SECONDS = 86_400;

    /** An address for an IA_NA, with the pool it comes from: that pool's option-data applies. */
    record Allocation(Inet6Address address, Optional<AddressPool<AddressRange6, Option6>> pool) {
    }

    /** A prefix for an IA_PD, with the prefix pool it comes from: that pool's option-data applies. */
    record Delegation(Prefix6 prefix, Optional<PrefixPool6> pool) {
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

    /**
     * The address for the IA_NA {@code iaid}, marked as given in this message; {@code hints} are
     * the addresses the client names in the IA, one of which it gets when it holds none and the
     * hint is a free address of the pools (as Kea takes hints).
     */
    Optional<Allocation> address(long iaid, List<Inet6Address> hints) {
        Optional<Allocation> chosen = chooseAddress(iaid, hints);
        chosen.ifPresent(allocation -> givenInThisMessage.add(allocation.address()));
        return chosen;
    }

    /** The prefix for the IA_PD {@code iaid}, marked as given in this message; {@code hints} as for {@link #address}. */
    Optional<Delegation> prefix(long iaid, List<Prefix6> hints) {
        Optional<Delegation> chosen = choosePrefix(iaid, hints).map(prefix -> new Delegation(prefix,
                prefixPoolOf(prefix)));
        chosen.ifPresent(delegation -> givenInThisMessage.add(delegation.prefix().network()));
        return chosen;
    }

    /** Why {@link #address} found nothing, for the IA's NoAddrsAvail status. */
    String noAddressReason() {
        if (link.macAddressing().isPresent() && mac.isEmpty() && link.pools().isEmpty()) {
            return "the client's MAC address could not be found and the subnet has no pool";
        }
        return "no address is available for this client";
    }

    private Optional<Allocation> chooseAddress(long iaid, List<Inet6Address> hints) {
        for (Inet6Address reserved : reservation.map(Reservation6::addresses).orElse(List.of())) {
            if (isReservedFree(reserved, iaid)) {
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
            Optional<AddressPool<AddressRange6, Option6>> pool = poolOf(held.address());
            if (pool.isPresent() && !givenInThisMessage.contains(held.address())) {
                return Optional.of(new Allocation(held.address(), pool));
            }
        }
        if (bindings.isFull()) {
            return Optional.empty();
        }
        for (Inet6Address hint : hints) {
            Optional<AddressPool<AddressRange6, Option6>> pool = poolOf(hint);
            if (pool.isPresent() && isFree(hint, iaid)) {
                return Optional.of(new Allocation(hint, pool));
            }
        }
        return search(LeaseType.NA, PoolAllocator.addresses(link.pools()), link.allocator(), iaid)
                .map(free -> new Allocation(free, poolOf(free)));
    }

    private Optional<AddressPool<AddressRange6, Option6>> poolOf(Inet6Address address) {
        return link.pools().stream().filter(pool -> pool.range().contains(address)).findFirst();
    }

    private Optional<Prefix6> choosePrefix(long iaid, List<Prefix6> hints) {
        for (Prefix6 reserved : reservation.map(Reservation6::prefixes).orElse(List.of())) {
            if (isReservedFree(reserved.network(), iaid)) {
                return Optional.of(reserved);
            }
        }
        for (Lease6 held : bindings.ofClient(duid, iaid, LeaseType.PD, now)) {
            Prefix6 prefix = new Prefix6(held.address(), held.prefixLength());
            if (prefixPoolOf(prefix).isPresent() && !givenInThisMessage.contains(held.address())) {
                return Optional.of(prefix);
            }
        }
        if (bindings.isFull()) {
            return Optional.empty();
        }
        for (Prefix6 hint : hints) {
            Optional<Prefix6> delegated = delegatedAt(hint.network());
            if (delegated.isPresent() && isFree(hint.network(), iaid)) {
                return delegated;
            }
        }
        return search(LeaseType.PD, PoolAllocator.prefixes(link.prefixPools()), link.prefixAllocator(), iaid)
                .map(free -> new Prefix6(free, link.prefixPools().stream()
                        .filter(pool -> pool.prefix().contains(free)).findFirst().orElseThrow().delegatedLength()));
    }

    /**
     * The prefix a prefix pool of the link delegates from {@code start}, if one does: what a hint
     * that starts there gets, whatever length the hint asks for, as Kea 2.2 takes a hint.
     */
    private Optional<Prefix6> delegatedAt(Inet6Address start) {
        return link.prefixPools().stream().filter(pool -> pool.prefix().contains(start))
                .map(pool -> new Prefix6(start, pool.delegatedLength()))
                .filter(prefix -> prefix.network().equals(start)).findFirst();
    }

    /** The prefix pool of the link that delegates {@code prefix}, if one does. */
    private Optional<PrefixPool6> prefixPoolOf(Prefix6 prefix) {
        return link.prefixPools().stream().filter(pool -> pool.prefix().contains(prefix.network())
                && pool.delegatedLength() == prefix.length()).findFirst();
    }

    /**
     * Searches {@code pools} from where {@code order} starts, for a candidate that is free. A
     * stranger skips pools known full, and remembers pools its search probed whole in vain, with
     * the earliest time a candidate it found taken can be free again. An iterative search records
     * where it ended, for the next one to go on from there.
     */
    private Optional<Inet6Address> search(LeaseType type, PoolAllocator pools, AllocationOrder order, long iaid) {
        BindingTable.Pools key = new BindingTable.Pools(link.id(), type);
        boolean remember = bindings.isStranger(duid) && pools.probesWhole();
        if (remember && bindings.knownExhausted(key, link, now)) {
            return Optional.empty();
        }
        long freed = bindings.freed(); // read before the probes: a reclaim during them voids what they learn
        Instant[] until = {Instant.MAX};
        Inet6Address[] last = {null};
        BigInteger start = pools.start(order, bindings.lastTried(key), duid, iaid);
        Optional<Inet6Address> found = pools.search(start, candidate -> {
            probes++;
            last[0] = candidate;
            if (remember && !isReserved(candidate)) {
                Instant heldUntil = bindings.heldUntil(candidate);
                until[0] = heldUntil.isBefore(until[0]) ? heldUntil : until[0];
            }
            return isFree(candidate, iaid);
        });
        if (order == AllocationOrder.ITERATIVE && last[0] != null) {
            bindings.tried(key, last[0]);
        }
        if (found.isEmpty() && remember) {
            bindings.exhausted(key, link, freed, until[0]);
        }
        return found;
    }

    /**
     * A candidate is free for the IA {@code iaid} when no reservation names it, this message did not
     * give it, and no other binding holds it (another client's, or another IA's of this client).
     */
    private boolean isFree(Inet6Address candidate, long iaid) {
        return !isReserved(candidate) && !givenInThisMessage.contains(candidate)
                && !bindings.heldByOther(candidate, duid, iaid, now);
    }

    /**
     * Whether the client's reserved {@code address} (a prefix's first) can go to the IA {@code iaid}:
     * not given in this message, and not held by another IA of the client, which Kea then gives a
     * pool address instead. Another DUID may hold it: that is the same machine at another boot
     * stage when the reservation is by MAC.
     */
    private boolean isReservedFree(Inet6Address address, long iaid) {
        return !givenInThisMessage.contains(address) && !bindings.heldByOtherIa(address, duid, iaid, now);
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

    /**
     * Ends the bindings of {@code addresses} in the IA {@code iaid} of {@code duid} (a Release); the
     * rows to record, none if it holds none. Found by address, on whatever link the client now is,
     * as Kea looks a released lease up.
     */
    static List<Lease6> release(BindingTable bindings, Bytes duid, LeaseType type, long iaid,
            List<Inet6Address> addresses) {
        return endBindings(bindings, duid, type, iaid, addresses, Optional.empty());
    }

    /**
     * Ends the client's bindings of {@code addresses} in this subnet that a Renew or Rebind told it
     * to stop using (zero lifetimes), as Kea deletes a lease of the subnet it cannot extend; a
     * binding on another link stays until it expires, as Kea leaves leases of other subnets alone.
     */
    List<Lease6> withdraw(LeaseType type, long iaid, List<Inet6Address> addresses) {
        List<Inet6Address> inThisSubnet = new ArrayList<>();
        for (Inet6Address address : addresses) {
            bindings.get(new Lease6.Binding(address, duid, iaid, type))
                    .filter(lease -> lease.subnetId() == link.id())
                    .ifPresent(lease -> inThisSubnet.add(address));
        }
        return endBindings(bindings, duid, type, iaid, inThisSubnet, Optional.empty());
    }

    /** Records the IA_NA's {@code addresses} as declined at {@code now} (a Decline), found as by {@link #release}. */
    static List<Lease6> decline(BindingTable bindings, Bytes duid, long iaid, List<Inet6Address> addresses,
            Instant now) {
        return endBindings(bindings, duid, LeaseType.NA, iaid, addresses, Optional.of(now));
    }

    private static List<Lease6> endBindings(BindingTable bindings, Bytes duid, LeaseType type, long iaid,
            List<Inet6Address> addresses, Optional<Instant> declinedAt) {
        List<Lease6> ended = new ArrayList<>();
        for (Inet6Address address : addresses) {
            Optional<Lease6> lease = bindings.get(new Lease6.Binding(address, duid, iaid, type));
            if (lease.isEmpty()) {
                continue;
            }
            bindings.remove(lease.get().binding());
            Lease6 row = declinedAt.map(now -> declinedRow(lease.get(), now)).orElseGet(lease.get()::released);
            if (declinedAt.isPresent()) {
                bindings.put(row);
            }
            ended.add(row);
        }
        return ended;
    }

    /** Kea 2.2's row for a declined address: no client, state 1, held for the probation period. */
    private static Lease6 declinedRow(Lease6 lease, Instant now) {
        return new Lease6(lease.address(), Lease6.EMPTY_DUID, DECLINE_PROBATION_SECONDS,
                now.getEpochSecond() + DECLINE_PROBATION_SECONDS, lease.subnetId(), 0, lease.type(), 0,
                lease.prefixLength(), false, false, "", Optional.empty(), LeaseState.DECLINED, "");
    }
}
