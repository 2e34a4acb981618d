package io.tandem.dhcp4o6d.engine;

import io.tandem.common.config.AddressRange4;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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
    private static final Inet4Address[] NONE = {};
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

    private final Map<Inet4Address, Lease4> byAddress = new HashMap<>();
    /**
     * The addresses whose lease has this client identifier, and those whose lease has this hardware
     * address. Nearly always one address, so a small array replaced on change rather than a set:
     * a HashSet costs about 150 bytes more per lease, a third of a million leases' heap.
     */
    private final Map<Bytes, Inet4Address[]> byClientId = new HashMap<>();
    private final Map<Bytes, Inet4Address[]> byHwaddr = new HashMap<>();
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

    synchronized Optional<Lease4> at(Inet4Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    synchronized void put(Lease4 lease) {
        Lease4 replaced = byAddress.put(lease.address(), lease);
        unindex(replaced);
        index(lease);
        Offer withdrawn = offers.get(lease.address());
        withdraw(withdrawn);
        ended(lease.address(), heldUntil(replaced));
        ended(lease.address(), heldUntil(withdrawn));
    }

    synchronized void remove(Inet4Address address) {
        Lease4 removed = byAddress.remove(address);
        unindex(removed);
        ended(address, heldUntil(removed));
    }

    private void index(Lease4 lease) {
        index(byClientId, lease.clientId(), lease.address());
        index(byHwaddr, lease.hwaddr(), lease.address());
    }

    private static void index(Map<Bytes, Inet4Address[]> index, Bytes key, Inet4Address address) {
        if (key.isEmpty()) {
            return;
        }
        Inet4Address[] addresses = index.get(key);
        if (addresses == null) {
            index.put(key, new Inet4Address[] {address});
        } else if (!List.of(addresses).contains(address)) {
            Inet4Address[] more = Arrays.copyOf(addresses, addresses.length + 1);
            more[addresses.length] = address;
            index.put(key, more);
        }
    }

    private void unindex(Lease4 lease) {
        if (lease == null) {
            return;
        }
        unindex(byClientId, lease.clientId(), lease.address());
        unindex(byHwaddr, lease.hwaddr(), lease.address());
    }

    private static void unindex(Map<Bytes, Inet4Address[]> index, Bytes key, Inet4Address address) {
        Inet4Address[] addresses = index.get(key);
        int at = addresses == null ? -1 : List.of(addresses).indexOf(address);
        if (at < 0) {
            return;
        }
        if (addresses.length == 1) {
            index.remove(key);
            return;
        }
        Inet4Address[] fewer = new Inet4Address[addresses.length - 1];
        System.arraycopy(addresses, 0, fewer, 0, at);
        System.arraycopy(addresses, at + 1, fewer, at, fewer.length - at);
        index.put(key, fewer);
    }

    /**
     * The first instant from which {@code address} is free for a client that holds neither its
     * lease nor its offer ({@link #isFreeFor} is then true for it): the later end of the two.
     */
    synchronized Instant heldUntil(Inet4Address address) {
        Instant lease = heldUntil(byAddress.get(address));
        Instant offer = heldUntil(offers.get(address));
        return lease.isAfter(offer) ? lease : offer;
    }

    /** A lease holds its address for others until it expires, a declined one too ({@link #isFreeFor}). */
    private static Instant heldUntil(Lease4 lease) {
        if (lease == null) {
            return Instant.MIN;
        }
        return lease.validLifetime() == Lease4.INFINITE_LIFETIME ? Instant.MAX
                : Instant.ofEpochSecond(lease.expire() + 1);
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
        return hasAddressIn(byHwaddr.get(client.hwaddr()), range)
                || client.clientId().map(id -> hasAddressIn(byClientId.get(id), range)).orElse(false);
    }

    private static boolean hasAddressIn(Inet4Address[] addresses, AddressRange4 range) {
        if (addresses != null) {
            for (Inet4Address address : addresses) {
                if (range.contains(address)) {
                    return true;
                }
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
        Set<Inet4Address> candidates = new HashSet<>(List.of(byHwaddr.getOrDefault(client.hwaddr(), NONE)));
        client.clientId().ifPresent(id -> candidates.addAll(List.of(byClientId.getOrDefault(id, NONE))));
        Lease4 best = null;
        for (Inet4Address address : candidates) {
            Lease4 lease = byAddress.get(address);
            if (lease.state() != LeaseState.DEFAULT || !subnetIds.contains(lease.subnetId()) || !client.owns(lease)) {
                continue;
            }
            if (best == null || isLive(lease, now) && !isLive(best, now)
                    || isLive(lease, now) == isLive(best, now) && lease.expire() > best.expire()) {
                best = lease;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Whether {@code address} may be given to {@code client}: no live lease of another client and
     * no declined address in its probation period holds it, and it is not offered to another client.
     */
    synchronized boolean isFreeFor(Inet4Address address, ClientIdentity client, Instant now) {
        Lease4 lease = byAddress.get(address);
        if (lease != null && !lease.isExpired(now)
                && (lease.state() == LeaseState.DECLINED || !client.owns(lease))) {
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
        List<Inet4Address> expired = new ArrayList<>();
        for (Lease4 lease : byAddress.values()) {
            if (reclaimable(lease, horizon)) {
                expired.add(lease.address());
            }
        }
        expired.forEach(this::remove);
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
        List<Lease4> running = new ArrayList<>();
        for (Lease4 lease : byAddress.values()) {
            if (lease.validLifetime() != Lease4.INFINITE_LIFETIME && lease.expire() >= before) {
                running.add(lease);
            }
        }
        running.forEach(lease -> byAddress.put(lease.address(), lease.extendedBy(step.toSeconds())));
        return running.size();
    }

    /** Every lease held, for a compaction of the lease file and for tests. */
    synchronized List<Lease4> snapshot() {
        return List.copyOf(byAddress.values());
    }

    /**
     * Takes one row read back from the lease file, rows in file order: the last row of each address
     * wins, so a row puts its lease or, when it is a release or ran out more than {@code grace} ago
     * (what {@link #reclaimExpired} forgets), ends the address's lease.
     */
    synchronized void load(Lease4 row, Instant now, Duration grace) {
        if (row.isRelease() || reclaimable(row, now.getEpochSecond() - grace.toSeconds())) {
            remove(row.address());
        } else {
            put(row);
        }
    }

    /** Whether the lease ran out before {@code horizon}, epoch seconds. */
    private static boolean reclaimable(Lease4 lease, long horizon) {
        return lease.validLifetime() != Lease4.INFINITE_LIFETIME && lease.expire() < horizon;
    }

    private static boolean isLive(Lease4 lease, Instant now) {
        return !lease.isExpired(now);
    }
}
