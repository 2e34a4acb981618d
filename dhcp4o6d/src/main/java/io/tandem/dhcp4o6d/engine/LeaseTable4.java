package io.tandem.dhcp4o6d.engine;

import io.tandem.common.config.AddressRange4;
import io.tandem.common.lease.GroupedIndex;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DHCPv4 leases the server holds, one per address as in Kea (the last row written for an
 * address), and the addresses it has just offered. An expired lease stays until it is reclaimed,
 * so that a client coming back after its lease ran out gets the same address if nobody took it.
 * Mutated only by the engine's thread; {@link #snapshot} may be called from another thread
 * (lease file compaction), hence the lock.
 *
 * <p>For a client with no lease, offer or reservation of its own in a pool (a stranger to it), an
 * address is taken until {@link #heldUntil}: the later end of its lease and of its offer. Every
 * change that moves that end of some address earlier adds one to {@link #freed}; nothing else
 * does. So while {@code freed} stays the same, no address is held for less long than it was,
 * which is what lets {@link Allocator4} skip a pool it found full.
 */
final class LeaseTable4 {
    /**
     * Leases held at most before pools stop giving out new addresses: a bound on memory (a few
     * hundred bytes a lease) that no real network reaches, and that clients inventing identifiers
     * in a large pool would otherwise push without limit.
     */
    static final int MAX_LEASES = 1_000_000;
    /** Offers held at once at most (those that ran out are swept first); past that a new offer goes unheld. */
    static final int MAX_OFFERS = 65_536;

    /** An address offered in a DHCPOFFER, kept for that client until {@code until}. */
    private record Offer(Inet4Address address, ClientIdentity client, Instant until) {
        boolean isOver(Instant now) {
            return until.isBefore(now);
        }

        /** The first instant it no longer holds its address: {@link #isOver} from there on. */
        Instant heldUntil() {
            return until.plusNanos(1);
        }
    }

    /**
     * The leases by address, by client identifier and by hardware address (a lease without one
     * is not in that index). Leases are kept as {@link Kept}, not as {@link Lease4}, so that a
     * million fit in a few hundred megabytes.
     */
    private final GroupedIndex<Kept> byAddress = new GroupedIndex<>(Kept::address, (one, other) -> one.address == other.address);
    private final GroupedIndex<Kept> byClientId = new GroupedIndex<>(kept -> kept.clientId.hashCode(),
            (one, other) -> one.clientId.equals(other.clientId));
    private final GroupedIndex<Kept> byHwaddr = new GroupedIndex<>(kept -> kept.hwaddr.hashCode(),
            (one, other) -> one.hwaddr.equals(other.hwaddr));
    /**
     * The offers by address, in the order they were made: every hold lasts as long (the engine's
     * {@code OFFER_HOLD}), so that is the order they run out, and the ones that ran out are swept
     * from the head. Nothing per packet walks the offers, however many a burst left.
     */
    private final LinkedHashMap<Inet4Address, Offer> offers = new LinkedHashMap<>();
    /** The offer of each client: a client has at most one, a new one replacing its last. */
    private final Map<ClientIdentity, Offer> offerOf = new HashMap<>();
    /** How many changes have moved the end of some address's {@link #heldUntil} earlier. */
    private long freed;

    /**
     * One lease as the table keeps it: a {@link Lease4}'s values with the address as an int (about
     * 64 bytes, where the lease with its {@code Inet4Address} is about 120). {@link #lease} builds
     * the record again for whoever asks.
     */
    private record Kept(int address, Bytes hwaddr, Bytes clientId, long validLifetime, long expire, int subnetId,
                        boolean fqdnForward, boolean fqdnReverse, String hostname, LeaseState state,
                        String userContext) {
        static Kept of(Lease4 lease) {
            return new Kept(number(lease.address()), lease.hwaddr(), lease.clientId(), lease.validLifetime(),
                    lease.expire(), (int) lease.subnetId(), lease.fqdnForward(), lease.fqdnReverse(), lease.hostname(),
                    lease.state(), lease.userContext());
        }

        Lease4 lease() {
            return new Lease4(inet4(address), hwaddr, clientId, validLifetime, expire, Integer.toUnsignedLong(subnetId),
                    fqdnForward, fqdnReverse, hostname, state, userContext);
        }

        boolean isExpired(Instant now) {
            return validLifetime != Lease4.INFINITE_LIFETIME && expire < now.getEpochSecond();
        }

        boolean isOwnedBy(ClientIdentity client) {
            return client.owns(clientId, hwaddr);
        }
    }

    private static int number(Inet4Address address) {
        byte[] raw = address.getAddress();
        return (raw[0] & 0xff) << 24 | (raw[1] & 0xff) << 16 | (raw[2] & 0xff) << 8 | raw[3] & 0xff;
    }

    private static Inet4Address inet4(int number) {
        byte[] raw = {(byte) (number >>> 24), (byte) (number >>> 16), (byte) (number >>> 8), (byte) number};
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException impossible) {
            throw new AssertionError("4 bytes are always an IPv4 address", impossible);
        }
    }

    /** The lease of {@code address}, or null. */
    private Kept kept(Inet4Address address) {
        int number = number(address);
        List<Kept> at = byAddress.get(number, kept -> kept.address == number);
        return at.isEmpty() ? null : at.get(0);
    }

    synchronized Optional<Lease4> at(Inet4Address address) {
        return Optional.ofNullable(kept(address)).map(Kept::lease);
    }

    synchronized void put(Lease4 lease) {
        Kept replaced = kept(lease.address());
        unindex(replaced);
        index(Kept.of(lease));
        Offer withdrawn = offers.get(lease.address());
        withdraw(withdrawn);
        ended(lease.address(), heldUntil(replaced));
        ended(lease.address(), heldUntil(withdrawn));
    }

    synchronized void remove(Inet4Address address) {
        Kept removed = kept(address);
        unindex(removed);
        ended(address, heldUntil(removed));
    }

    private void index(Kept kept) {
        byAddress.add(kept);
        if (!kept.clientId.isEmpty()) {
            byClientId.add(kept);
        }
        if (!kept.hwaddr.isEmpty()) {
            byHwaddr.add(kept);
        }
    }

    private void unindex(Kept kept) {
        if (kept != null) {
            byAddress.remove(kept);
            byClientId.remove(kept);
            byHwaddr.remove(kept);
        }
    }

    /** Whether a lease here (of any state or subnet) has the client's identifier or hardware address. */
    synchronized boolean knowsOf(ClientIdentity client) {
        return !withHwaddr(client.hwaddr()).isEmpty()
                || client.clientId().map(id -> !withClientId(id).isEmpty()).orElse(false);
    }

    private List<Kept> withClientId(Bytes clientId) {
        return byClientId.get(clientId.hashCode(), kept -> kept.clientId.equals(clientId));
    }

    private List<Kept> withHwaddr(Bytes hwaddr) {
        return byHwaddr.get(hwaddr.hashCode(), kept -> kept.hwaddr.equals(hwaddr));
    }

    /**
     * The first instant from which {@code address} is free for a client that holds neither its
     * lease nor its offer ({@link #isFreeFor} is then true for it): the later end of the two.
     */
    synchronized Instant heldUntil(Inet4Address address) {
        Instant lease = heldUntil(kept(address));
        Instant offer = heldUntil(offers.get(address));
        return lease.isAfter(offer) ? lease : offer;
    }

    /** A lease holds its address for others until it expires, a declined one too ({@link #isFreeFor}). */
    private static Instant heldUntil(Kept lease) {
        if (lease == null) {
            return Instant.MIN;
        }
        return lease.validLifetime == Lease4.INFINITE_LIFETIME ? Instant.MAX
                : Instant.ofEpochSecond(lease.expire + 1);
    }

    private static Instant heldUntil(Offer offer) {
        return offer == null ? Instant.MIN : offer.heldUntil();
    }

    /**
     * Counts a lease or an offer that held {@code address} until {@code heldUntil} and is gone,
     * when what holds the address now runs out sooner. Called once a change is complete, this is
     * exactly when the address's {@link #heldUntil} moved earlier: its end before the change was
     * the latest of what was removed and what stayed.
     */
    private void ended(Inet4Address address, Instant heldUntil) {
        if (heldUntil.isAfter(heldUntil(address))) {
            freed++;
        }
    }

    /** The count of changes that made an address free sooner; see the class comment. */
    synchronized long freed() {
        return freed;
    }

    /** Whether the client has a lease (by either of its identifiers) or an offer in {@code range}. */
    synchronized boolean hasStakeIn(ClientIdentity client, AddressRange4 range) {
        Offer offer = offerOf.get(client);
        if (offer != null && range.contains(offer.address)) {
            return true;
        }
        return hasAddressIn(withHwaddr(client.hwaddr()), range)
                || client.clientId().map(id -> hasAddressIn(withClientId(id), range)).orElse(false);
    }

    private static boolean hasAddressIn(List<Kept> leases, AddressRange4 range) {
        int first = number(range.first());
        int last = number(range.last());
        for (Kept lease : leases) {
            if (Integer.compareUnsigned(first, lease.address) <= 0 && Integer.compareUnsigned(lease.address, last) <= 0) {
                return true;
            }
        }
        return false;
    }

    synchronized boolean isFull() {
        return byAddress.size() >= MAX_LEASES;
    }

    /**
     * The client's lease among {@code subnetIds}: a live one if it has one, else the one that expired
     * last (still its own, since nobody has taken the address since).
     */
    synchronized Optional<Lease4> ofClient(ClientIdentity client, Set<Long> subnetIds, Instant now) {
        List<Kept> candidates = new ArrayList<>(withHwaddr(client.hwaddr()));
        client.clientId().ifPresent(id -> candidates.addAll(withClientId(id)));
        Kept best = null;
        for (Kept lease : candidates) {
            if (lease.state != LeaseState.DEFAULT || !subnetIds.contains(Integer.toUnsignedLong(lease.subnetId))
                    || !lease.isOwnedBy(client)) {
                continue;
            }
            boolean live = !lease.isExpired(now);
            if (best == null || live && best.isExpired(now)
                    || live == !best.isExpired(now) && lease.expire > best.expire) {
                best = lease;
            }
        }
        return Optional.ofNullable(best).map(Kept::lease);
    }

    /**
     * Whether {@code address} may be given to {@code client}: no live lease of another client and
     * no declined address in its probation period holds it, and it is not offered to another client.
     */
    synchronized boolean isFreeFor(Inet4Address address, ClientIdentity client, Instant now) {
        Kept lease = kept(address);
        if (lease != null && !lease.isExpired(now)
                && (lease.state == LeaseState.DECLINED || !lease.isOwnedBy(client))) {
            return false;
        }
        Offer offer = offers.get(address);
        return offer == null || offer.isOver(now) || offer.client.equals(client);
    }

    /** Keeps {@code address} for {@code client} until {@code until}, unless too many offers are held. */
    synchronized void hold(Inet4Address address, ClientIdentity client, Instant until, Instant now) {
        sweepOffers(now);
        if (offers.size() >= MAX_OFFERS) {
            return;
        }
        Offer previous = offerOf.get(client);
        Offer replaced = offers.get(address);
        withdraw(previous);
        withdraw(replaced);
        Offer offer = new Offer(address, client, until);
        offers.put(address, offer);
        offerOf.put(client, offer);
        if (previous != null) {
            ended(previous.address, previous.heldUntil());
        }
        ended(address, heldUntil(replaced));
    }

    /** The address held for {@code client}, if its hold has not run out. */
    synchronized Optional<Inet4Address> offeredTo(ClientIdentity client, Instant now) {
        Offer offer = offerOf.get(client);
        return offer == null || offer.isOver(now) ? Optional.empty() : Optional.of(offer.address);
    }

    /** Forgets what was offered to {@code client}: it chose another server, or took the address. */
    synchronized void releaseOffers(ClientIdentity client) {
        Offer offer = offerOf.get(client);
        withdraw(offer);
        if (offer != null) {
            ended(offer.address, offer.heldUntil());
        }
    }

    private void withdraw(Offer offer) {
        if (offer != null) {
            offers.remove(offer.address);
            offerOf.remove(offer.client);
        }
    }

    /**
     * Forgets the offers that ran out, oldest first, up to the first one still held. A clock stepped
     * back only delays the sweep of what follows an offer made before the step; whether an offer
     * holds is always read from its own {@code until}.
     */
    private void sweepOffers(Instant now) {
        Iterator<Offer> oldestFirst = offers.values().iterator();
        while (oldestFirst.hasNext()) {
            Offer offer = oldestFirst.next();
            if (!offer.isOver(now)) {
                return;
            }
            oldestFirst.remove();
            offerOf.remove(offer.client);
            ended(offer.address, offer.heldUntil());
        }
    }

    /**
     * Forgets leases that expired more than {@code grace} ago (declined addresses at the end of
     * their probation) and offers that ran out, so that memory follows the live clients; returns
     * how many leases.
     */
    synchronized int reclaimExpired(Instant now, Duration grace) {
        long horizon = now.getEpochSecond() - grace.toSeconds();
        List<Kept> expired = new ArrayList<>();
        byAddress.forEach(lease -> {
            if (reclaimable(lease.validLifetime, lease.expire, horizon)) {
                expired.add(lease);
            }
        });
        expired.forEach(lease -> remove(inet4(lease.address)));
        sweepOffers(now);
        return expired.size();
    }

    /**
     * The wall clock was stepped by {@code step} (to {@code now}): each offer is held as long as it
     * was to be held (its end moved by the step either way), and after a step forward every lease
     * that had not run out before it ends that much later, so that none expires early. Returns how
     * many leases.
     */
    synchronized int clockStepped(Duration step, Instant now) {
        List<Offer> held = List.copyOf(offers.values());
        offers.clear();
        offerOf.clear();
        for (Offer offer : held) {
            Offer moved = new Offer(offer.address, offer.client, offer.until.plus(step));
            offers.put(moved.address, moved);
            offerOf.put(moved.client, moved);
        }
        if (step.isNegative()) {
            // Offers now end sooner on the new clock: what a skipped pool was skipped for may be free
            freed++;
            return 0;
        }
        long before = now.minus(step).getEpochSecond();
        List<Kept> running = new ArrayList<>();
        byAddress.forEach(lease -> {
            if (lease.validLifetime != Lease4.INFINITE_LIFETIME && lease.expire >= before) {
                running.add(lease);
            }
        });
        for (Kept lease : running) {
            unindex(lease);
            index(Kept.of(lease.lease().extendedBy(step.toSeconds())));
        }
        return running.size();
    }

    /**
     * Every lease held, for a compaction of the lease file and for tests: the leases of this moment,
     * each {@link Lease4} built as it is read, so that a compaction of a million does not hold a
     * million leases at once.
     */
    synchronized List<Lease4> snapshot() {
        return byAddress.snapshot(Kept::lease);
    }

    /**
     * Takes one row read back from the lease file, rows in file order: the last row of each address
     * wins, so a row puts its lease or, when it is a release or ran out more than {@code grace} ago
     * (what {@link #reclaimExpired} forgets), ends the address's lease.
     */
    synchronized void load(Lease4 row, Instant now, Duration grace) {
        if (row.isRelease() || reclaimable(row.validLifetime(), row.expire(), now.getEpochSecond() - grace.toSeconds())) {
            remove(row.address());
        } else {
            put(row);
        }
    }

    /** Whether a lease with this lifetime and expiry ran out before {@code horizon}, epoch seconds. */
    private static boolean reclaimable(long validLifetime, long expire, long horizon) {
        return validLifetime != Lease4.INFINITE_LIFETIME && expire < horizon;
    }
}
