package io.tandem.dhcp6d.engine;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.wire.Bytes;
import io.tandem.dhcp6d.config.Subnet6;
import java.net.Inet6Address;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The bindings the server holds in memory: one per (address, DUID, IAID, type), because one
 * machine keeps its address under several DUID/IAID pairs at once (UEFI runs two DHCPv6 clients
 * in one boot and iPXE a third). Mutated only by the engine's thread; {@link #snapshot} may be
 * called from another thread (lease file compaction), hence the lock.
 *
 * <p>For a DUID with no binding at all (a stranger), an address is taken until {@link #heldUntil}.
 * Every change that moves that end of some address earlier adds one to {@link #freed}; nothing
 * else does. That is what lets {@link Allocator6} remember pools it found full
 * ({@link #knownExhausted}) and answer later strangers without probing them again.
 *
 * <p>It also keeps, for each subnet's iterative pools, the candidate their last search ended on
 * ({@link #lastTried}, Kea's last-allocated address), where the next search goes on.
 */
final class BindingTable {
    /**
     * Bindings kept per address, oldest evicted first: enough for every boot stage of a machine,
     * few enough that a client inventing DUIDs cannot grow memory without bound.
     */
    static final int MAX_BINDINGS_PER_ADDRESS = 16;
    /**
     * Bindings held at most before pools stop giving out new addresses: a bound on memory (about
     * 300 bytes a binding) that no real network reaches, and that clients inventing DUIDs in a
     * large pool would otherwise push without limit.
     */
    static final int MAX_BINDINGS = 1_000_000;

    private final Map<Lease6.Binding, Lease6> byBinding = new HashMap<>();
    private final Map<Inet6Address, List<Lease6>> byAddress = new HashMap<>();
    /** Every question the packet path asks is answered from one of these maps, never by a scan. */
    private final Map<ClientIa, List<Lease6>> byClientIa = new HashMap<>();
    /** How many bindings each DUID has: a DUID with none is a stranger to every pool. */
    private final Map<Bytes, Integer> bindingsOfDuid = new HashMap<>();
    /** How many changes have moved the end of some address's {@link #heldUntil} earlier. */
    private long freed;
    /** The pools last found with nothing free for a stranger. */
    private final Map<Pools, Exhausted> exhausted = new HashMap<>();
    /** The candidate each subnet's iterative pools were last searched up to. */
    private final Map<Pools, Inet6Address> lastTried = new HashMap<>();

    /** The address pools ({@link LeaseType#NA}) or the prefix pools ({@link LeaseType#PD}) of one subnet. */
    record Pools(long subnetId, LeaseType type) {
    }

    /**
     * Pools probed whole and found with nothing free for a stranger. Invariant: while the link
     * (its pools and reservations) is {@code link}, {@link #freed} is still {@code freed} and the time is
     * before {@code until}, every address of the pools is reserved or taken for strangers: it held when the
     * probe ended, {@code until} being the earliest {@link #heldUntil} among the taken addresses, and
     * no address has since been taken for less long (that would have changed {@code freed}).
     */
    private record Exhausted(Subnet6 link, long freed, Instant until) {
    }

    /** One IA of one client: what a Request, Renew or Rebind names. */
    private record ClientIa(Bytes duid, long iaid, LeaseType type) {
        static ClientIa of(Lease6 lease) {
            return new ClientIa(lease.duid(), lease.iaid(), lease.type());
        }
    }

    synchronized void put(Lease6 lease) {
        Lease6 previous = byBinding.put(lease.binding(), lease);
        List<Lease6> atAddress = byAddress.computeIfAbsent(lease.address(), address -> new ArrayList<>(2));
        List<Lease6> ofClientIa = byClientIa.computeIfAbsent(ClientIa.of(lease), ia -> new ArrayList<>(1));
        if (previous != null) {
            atAddress.remove(previous);
            ofClientIa.remove(previous);
        }
        atAddress.add(lease);
        ofClientIa.add(lease);
        if (previous == null) {
            bindingsOfDuid.merge(lease.duid(), 1, Integer::sum);
        } else {
            ended(lease.address(), heldUntil(previous));
        }
        if (atAddress.size() > MAX_BINDINGS_PER_ADDRESS) {
            Lease6 oldest = atAddress.stream().min(Comparator.comparingLong(Lease6::cltt)).orElseThrow();
            remove(oldest.binding());
        }
    }

    synchronized void remove(Lease6.Binding binding) {
        Lease6 removed = byBinding.remove(binding);
        if (removed != null) {
            List<Lease6> atAddress = byAddress.get(removed.address());
            atAddress.remove(removed);
            if (atAddress.isEmpty()) {
                byAddress.remove(removed.address());
            }
            ClientIa ia = ClientIa.of(removed);
            List<Lease6> ofClientIa = byClientIa.get(ia);
            ofClientIa.remove(removed);
            if (ofClientIa.isEmpty()) {
                byClientIa.remove(ia);
            }
            bindingsOfDuid.computeIfPresent(removed.duid(), (duid, count) -> count == 1 ? null : count - 1);
            ended(removed.address(), heldUntil(removed));
        }
    }

    /**
     * What a shared lease database holds for {@code address}: {@code holder}, or nothing. The table
     * there has one row per address, so every binding kept here for it makes way.
     */
    synchronized void learn(Inet6Address address, Optional<Lease6> holder) {
        for (Lease6 stale : List.copyOf(byAddress.getOrDefault(address, List.of()))) {
            remove(stale.binding());
        }
        holder.ifPresent(this::put);
    }

    /**
     * The first instant from which {@code address} is free for a stranger ({@link #heldByOther} false
     * for it): the latest end among its live bindings; never while a declined binding is kept.
     */
    synchronized Instant heldUntil(Inet6Address address) {
        Instant latest = Instant.MIN;
        for (Lease6 lease : byAddress.getOrDefault(address, List.of())) {
            Instant end = heldUntil(lease);
            latest = end.isAfter(latest) ? end : latest;
        }
        return latest;
    }

    private static Instant heldUntil(Lease6 lease) {
        if (lease.state() == LeaseState.DECLINED) {
            return Instant.MAX;
        }
        if (lease.state() != LeaseState.DEFAULT || lease.isRelease()) {
            return Instant.MIN;
        }
        return lease.validLifetime() == Lease6.INFINITE_LIFETIME ? Instant.MAX
                : Instant.ofEpochSecond(lease.expire() + 1);
    }

    /**
     * Counts a binding that held {@code address} until {@code heldUntil} and is gone, when what holds
     * the address now runs out sooner: exactly when the address's {@link #heldUntil} moved earlier.
     */
    private void ended(Inet6Address address, Instant heldUntil) {
        if (heldUntil.isAfter(heldUntil(address))) {
            freed++;
        }
    }

    /** The count of changes that made an address free sooner; see the class comment. */
    synchronized long freed() {
        return freed;
    }

    /** Whether {@code pools} of {@code link} are known to have nothing free for a stranger; see {@link Exhausted}. */
    synchronized boolean knownExhausted(Pools pools, Subnet6 link, Instant now) {
        Exhausted known = exhausted.get(pools);
        return known != null && known.link() == link && known.freed() == freed && now.isBefore(known.until());
    }

    /** Records a probe of all of {@code pools} by a stranger that found nothing, begun when {@link #freed} was {@code freed}. */
    synchronized void exhausted(Pools pools, Subnet6 link, long freed, Instant until) {
        exhausted.put(pools, new Exhausted(link, freed, until));
    }

    /** The candidate the last search of {@code pools} ended on, if any. */
    synchronized Optional<Inet6Address> lastTried(Pools pools) {
        return Optional.ofNullable(lastTried.get(pools));
    }

    synchronized void tried(Pools pools, Inet6Address candidate) {
        lastTried.put(pools, candidate);
    }

    /** Whether {@code duid} has no binding at all, so that an address is free for it exactly when it is for any stranger. */
    synchronized boolean isStranger(Bytes duid) {
        return !bindingsOfDuid.containsKey(duid);
    }

    synchronized Optional<Lease6> get(Lease6.Binding binding) {
        return Optional.ofNullable(byBinding.get(binding));
    }

    /** The live (unexpired, not declined) bindings of one IA of one client. */
    synchronized List<Lease6> ofClient(Bytes duid, long iaid, LeaseType type, Instant now) {
        List<Lease6> found = new ArrayList<>(1);
        for (Lease6 lease : byClientIa.getOrDefault(new ClientIa(duid, iaid, type), List.of())) {
            if (isLive(lease, now)) {
                found.add(lease);
            }
        }
        return found;
    }

    /**
     * Whether a live binding other than the IA {@code iaid} of {@code duid} holds the address (another
     * client's, or another IA's of the same client), or it is declined: a pool or a reservation must
     * not hand it out again, as Kea gives no address that has a lease.
     */
    synchronized boolean heldByOther(Inet6Address address, Bytes duid, long iaid, Instant now) {
        return heldBy(address, now, lease -> !(lease.duid().equals(duid) && lease.iaid() == iaid));
    }

    /** Whether a live binding of another IA of {@code duid} holds the address: one address is in one IA of a client. */
    synchronized boolean heldByOtherIa(Inet6Address address, Bytes duid, long iaid, Instant now) {
        return heldBy(address, now, lease -> lease.duid().equals(duid) && lease.iaid() != iaid);
    }

    private boolean heldBy(Inet6Address address, Instant now, Predicate<Lease6> whose) {
        for (Lease6 lease : byAddress.getOrDefault(address, List.of())) {
            if (whose.test(lease) && (isLive(lease, now) || lease.state() == LeaseState.DECLINED)) {
                return true;
            }
        }
        return false;
    }

    /** The MAC of a live binding of {@code address} that recorded one (the newest first), if any. */
    synchronized Optional<MacAddress> macAt(Inet6Address address, Instant now) {
        List<Lease6> atAddress = byAddress.getOrDefault(address, List.of());
        for (int i = atAddress.size() - 1; i >= 0; i--) {
            Lease6 lease = atAddress.get(i);
            Optional<MacAddress> mac = lease.hardwareAddress()
                    .filter(hardware -> hardware.type() == HardwareAddress.ETHERNET)
                    .flatMap(hardware -> MacAddress.of(hardware.address()));
            if (isLive(lease, now) && mac.isPresent()) {
                return mac;
            }
        }
        return Optional.empty();
    }

    private static boolean isLive(Lease6 lease, Instant now) {
        return lease.state() == LeaseState.DEFAULT && !lease.isRelease() && !lease.isExpired(now);
    }

    /**
     * Forgets bindings that expired more than {@code grace} seconds ago (declined addresses at
     * the end of their probation), so that memory follows the live clients. Returns how many.
     */
    synchronized int reclaimExpired(Instant now, long graceSeconds) {
        List<Lease6> expired = new ArrayList<>();
        for (Lease6 lease : byBinding.values()) {
            if (lease.validLifetime() != Lease6.INFINITE_LIFETIME && lease.expire() + graceSeconds < now.getEpochSecond()) {
                expired.add(lease);
            }
        }
        expired.forEach(lease -> remove(lease.binding()));
        return expired.size();
    }

    /**
     * The wall clock was stepped forward by {@code step} (to {@code now}): every binding that had
     * not run out before the step (declined ones in probation too) ends that much later, so that
     * none expires early; the next row of each is written at its next change. Returns how many.
     */
    synchronized int extendBy(Duration step, Instant now) {
        long before = now.minus(step).getEpochSecond();
        List<Lease6> running = new ArrayList<>();
        for (Lease6 lease : byBinding.values()) {
            if (lease.validLifetime() != Lease6.INFINITE_LIFETIME && lease.expire() >= before) {
                running.add(lease);
            }
        }
        running.forEach(lease -> put(lease.extendedBy(step.toSeconds())));
        return running.size();
    }

    /** Every binding, for a compaction of the lease file or a status query. */
    synchronized List<Lease6> snapshot() {
        return List.copyOf(byBinding.values());
    }

    synchronized int size() {
        return byBinding.size();
    }

    synchronized boolean isFull() {
        return byBinding.size() >= MAX_BINDINGS;
    }

    /**
     * Takes one row read back from the lease file, rows in file order: the last row of a binding
     * wins, so a row puts its binding or, when it is a release or has run out (a declined address
     * keeps its probation), ends it.
     */
    synchronized void load(Lease6 row, Instant now) {
        if (row.isRelease() || row.isExpired(now) && row.state() != LeaseState.DECLINED) {
            remove(row.binding());
        } else {
            put(row);
        }
    }
}
