package io.tandem.dhcp6d.engine;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.GroupedIndex;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.dhcp6d.config.Subnet6;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet6Address;
import java.nio.ByteOrder;
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
     * 200 bytes a binding) that no real network reaches, and that clients inventing DUIDs in a
     * large pool would otherwise push without limit.
     */
    static final int MAX_BINDINGS = 1_000_000;

    /**
     * Every binding by its address, and by its DUID: every question the packet path asks is
     * answered from one of these, never by a scan. Bindings are kept as {@link Kept}, not as
     * {@link Lease6}, so that a million fit in a few hundred megabytes.
     */
    private final GroupedIndex<Kept> byAddress = new GroupedIndex<>(Kept::addressHash, Kept::sameAddress);
    /**
     * By DUID, but for {@link Lease6#EMPTY_DUID}: the DUID of every declined binding (as Kea writes
     * them), which is no client's, and whose group would grow to every declined address, walked at
     * each decline (a lease file of a million bindings with 2 % declined spent most of its read so,
     * when a group was an array copied at each add).
     */
    private final GroupedIndex<Kept> byDuid = new GroupedIndex<>(kept -> kept.duid().hashCode(),
            (one, other) -> one.duid().equals(other.duid()));
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

    /**
     * One binding as the table keeps it: a {@link Lease6}'s values with the address as two longs
     * and no {@code Optional} (about 90 bytes, where the lease with its {@code Inet6Address} is
     * about 300); the DUID is shared by all bindings of a client. {@link #lease} builds the record
     * again for whoever asks.
     */
    private record Kept(long addressHigh, long addressLow, Bytes duid, long validLifetime, long expire, int subnetId,
                        int preferredLifetime, long iaid, LeaseType type, byte prefixLength, boolean fqdnForward,
                        boolean fqdnReverse, String hostname, HardwareAddress hardwareAddress, LeaseState state,
                        String userContext) {
        static Kept of(long addressHigh, long addressLow, Lease6 lease, Bytes duid) {
            return new Kept(addressHigh, addressLow, duid, lease.validLifetime(), lease.expire(),
                    (int) lease.subnetId(), (int) lease.preferredLifetime(), lease.iaid(), lease.type(),
                    (byte) lease.prefixLength(), lease.fqdnForward(), lease.fqdnReverse(), lease.hostname(),
                    lease.hardwareAddress().orElse(null), lease.state(), lease.userContext());
        }

        Lease6 lease() {
            byte[] address = new byte[16];
            ADDRESS_HALF.set(address, 0, addressHigh);
            ADDRESS_HALF.set(address, 8, addressLow);
            return new Lease6(Addresses.inet6(address), duid, validLifetime, expire, Integer.toUnsignedLong(subnetId),
                    Integer.toUnsignedLong(preferredLifetime), type, iaid, Byte.toUnsignedInt(prefixLength),
                    fqdnForward, fqdnReverse, hostname, Optional.ofNullable(hardwareAddress), state, userContext);
        }

        boolean isAt(long high, long low) {
            return addressHigh == high && addressLow == low;
        }

        boolean is(Lease6.Binding binding, long high, long low) {
            return isAt(high, low) && iaid == binding.iaid() && type == binding.type() && duid.equals(binding.duid());
        }

        int addressHash() {
            return addressHash(addressHigh, addressLow);
        }

        static int addressHash(long high, long low) {
            return Long.hashCode(high * 31 + low);
        }

        boolean sameAddress(Kept other) {
            return isAt(other.addressHigh, other.addressLow);
        }

        boolean isRelease() {
            return validLifetime == 0;
        }

        boolean isExpired(Instant now) {
            return validLifetime != Lease6.INFINITE_LIFETIME && expire < now.getEpochSecond();
        }

        long cltt() {
            return expire - validLifetime;
        }

        /** Live: neither declined, released nor run out. */
        boolean isLive(Instant now) {
            return state == LeaseState.DEFAULT && !isRelease() && !isExpired(now);
        }

        Instant heldUntil() {
            if (state == LeaseState.DECLINED) {
                return Instant.MAX;
            }
            if (state != LeaseState.DEFAULT || isRelease()) {
                return Instant.MIN;
            }
            return validLifetime == Lease6.INFINITE_LIFETIME ? Instant.MAX : Instant.ofEpochSecond(expire + 1);
        }
    }

    private static final VarHandle ADDRESS_HALF = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static long high(byte[] address) {
        return (long) ADDRESS_HALF.get(address, 0);
    }

    private static long low(byte[] address) {
        return (long) ADDRESS_HALF.get(address, 8);
    }

    /** The bindings at {@code address}, oldest first. */
    private List<Kept> at(Inet6Address address) {
        byte[] raw = address.getAddress();
        return at(high(raw), low(raw));
    }

    private List<Kept> at(long high, long low) {
        return byAddress.get(Kept.addressHash(high, low), kept -> kept.isAt(high, low));
    }

    private Kept find(Lease6.Binding binding) {
        byte[] raw = binding.address().getAddress();
        return find(at(high(raw), low(raw)), binding, high(raw), low(raw));
    }

    private static Kept find(List<Kept> atAddress, Lease6.Binding binding, long high, long low) {
        for (Kept kept : atAddress) {
            if (kept.is(binding, high, low)) {
                return kept;
            }
        }
        return null;
    }

    /** The bindings of {@code duid}, oldest first; none for {@link Lease6#EMPTY_DUID} (see {@link #byDuid}). */
    private List<Kept> of(Bytes duid) {
        return byDuid.get(duid.hashCode(), kept -> kept.duid().equals(duid));
    }

    synchronized void put(Lease6 lease) {
        byte[] raw = lease.address().getAddress();
        long high = high(raw);
        long low = low(raw);
        List<Kept> atAddress = at(high, low);
        Kept previous = find(atAddress, lease.binding(), high, low);
        List<Kept> ofDuid = of(lease.duid());
        Kept kept = Kept.of(high, low, lease, ofDuid.isEmpty() ? lease.duid() : ofDuid.get(0).duid());
        if (previous != null) {
            byAddress.remove(previous);
            byDuid.remove(previous);
        }
        byAddress.add(kept);
        if (!kept.duid().equals(Lease6.EMPTY_DUID)) {
            byDuid.add(kept);
        }
        if (previous != null) {
            ended(kept, previous.heldUntil());
        } else if (atAddress.size() >= MAX_BINDINGS_PER_ADDRESS) {
            remove(at(kept.addressHigh(), kept.addressLow()).stream().min(Comparator.comparingLong(Kept::cltt))
                    .orElseThrow());
        }
    }

    synchronized void remove(Lease6.Binding binding) {
        Kept removed = find(binding);
        if (removed != null) {
            remove(removed);
        }
    }

    private void remove(Kept removed) {
        byAddress.remove(removed);
        byDuid.remove(removed);
        ended(removed, removed.heldUntil());
    }

    /**
     * What a shared lease database holds for {@code address}: {@code holder}, or nothing. The table
     * there has one row per address, so every binding kept here for it makes way.
     */
    synchronized void learn(Inet6Address address, Optional<Lease6> holder) {
        for (Kept stale : List.copyOf(at(address))) {
            remove(stale);
        }
        holder.ifPresent(this::put);
    }

    /**
     * The first instant from which {@code address} is free for a stranger ({@link #heldByOther} false
     * for it): the latest end among its live bindings; never while a declined binding is kept.
     */
    synchronized Instant heldUntil(Inet6Address address) {
        return heldUntil(at(address));
    }

    private static Instant heldUntil(List<Kept> atAddress) {
        Instant latest = Instant.MIN;
        for (Kept kept : atAddress) {
            Instant end = kept.heldUntil();
            latest = end.isAfter(latest) ? end : latest;
        }
        return latest;
    }

    /**
     * Counts a binding that held the address of {@code gone} until {@code heldUntil} and is gone, when
     * what holds the address now runs out sooner: exactly when the address's {@link #heldUntil} moved
     * earlier.
     */
    private void ended(Kept gone, Instant heldUntil) {
        List<Kept> atAddress = byAddress.get(gone.addressHash(), gone::sameAddress);
        if (heldUntil.isAfter(heldUntil(atAddress))) {
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
        return of(duid).isEmpty();
    }

    synchronized Optional<Lease6> get(Lease6.Binding binding) {
        return Optional.ofNullable(find(binding)).map(Kept::lease);
    }

    /** The live (unexpired, not declined) bindings of one IA of one client. */
    synchronized List<Lease6> ofClient(Bytes duid, long iaid, LeaseType type, Instant now) {
        List<Lease6> found = new ArrayList<>(1);
        for (Kept kept : of(duid)) {
            if (kept.iaid() == iaid && kept.type() == type && kept.isLive(now)) {
                found.add(kept.lease());
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
        return heldBy(address, now, kept -> !(kept.duid().equals(duid) && kept.iaid() == iaid));
    }

    /** Whether a live binding of another IA of {@code duid} holds the address: one address is in one IA of a client. */
    synchronized boolean heldByOtherIa(Inet6Address address, Bytes duid, long iaid, Instant now) {
        return heldBy(address, now, kept -> kept.duid().equals(duid) && kept.iaid() != iaid);
    }

    private boolean heldBy(Inet6Address address, Instant now, Predicate<Kept> whose) {
        for (Kept kept : at(address)) {
            if (whose.test(kept) && (kept.isLive(now) || kept.state() == LeaseState.DECLINED)) {
                return true;
            }
        }
        return false;
    }

    /** The MAC of a live binding of {@code address} that recorded one (the newest first), if any. */
    synchronized Optional<MacAddress> macAt(Inet6Address address, Instant now) {
        List<Kept> atAddress = at(address);
        for (int i = atAddress.size() - 1; i >= 0; i--) {
            Kept kept = atAddress.get(i);
            Optional<MacAddress> mac = Optional.ofNullable(kept.hardwareAddress())
                    .filter(hardware -> hardware.type() == HardwareAddress.ETHERNET)
                    .flatMap(hardware -> MacAddress.of(hardware.address()));
            if (kept.isLive(now) && mac.isPresent()) {
                return mac;
            }
        }
        return Optional.empty();
    }

    /**
     * Forgets bindings that expired more than {@code grace} seconds ago (declined addresses at
     * the end of their probation), so that memory follows the live clients. Returns how many.
     */
    synchronized int reclaimExpired(Instant now, long graceSeconds) {
        List<Kept> expired = new ArrayList<>();
        byAddress.forEach(kept -> {
            if (kept.validLifetime() != Lease6.INFINITE_LIFETIME && kept.expire() + graceSeconds < now.getEpochSecond()) {
                expired.add(kept);
            }
        });
        expired.forEach(this::remove);
        return expired.size();
    }

    /**
     * The wall clock was stepped forward by {@code step} (to {@code now}): every binding that had
     * not run out before the step (declined ones in probation too) ends that much later, so that
     * none expires early; the next row of each is written at its next change. Returns how many.
     */
    synchronized int extendBy(Duration step, Instant now) {
        long before = now.minus(step).getEpochSecond();
        List<Kept> running = new ArrayList<>();
        byAddress.forEach(kept -> {
            if (kept.validLifetime() != Lease6.INFINITE_LIFETIME && kept.expire() >= before) {
                running.add(kept);
            }
        });
        running.forEach(kept -> put(kept.lease().extendedBy(step.toSeconds())));
        return running.size();
    }

    /**
     * Every binding, for a compaction of the lease file or a status query: the bindings of this
     * moment, each {@link Lease6} built as it is read, so that a compaction of a million does not
     * hold a million leases at once.
     */
    synchronized List<Lease6> snapshot() {
        return byAddress.snapshot(Kept::lease);
    }

    synchronized int size() {
        return byAddress.size();
    }

    synchronized boolean isFull() {
        return byAddress.size() >= MAX_BINDINGS;
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
