package io.tandem.dhcp4o6d.engine;

import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
    }

    private final Map<Inet4Address, Lease4> byAddress = new HashMap<>();
    /** The addresses whose lease has this client identifier, and those whose lease has this hardware address. */
    private final Map<Bytes, Set<Inet4Address>> byClientId = new HashMap<>();
    private final Map<Bytes, Set<Inet4Address>> byHwaddr = new HashMap<>();
    /**
     * The offers by address, in the order they were made: every hold lasts as long (the engine's
     * {@code OFFER_HOLD}), so that is the order they run out, and the ones that ran out are swept
     * from the head. Nothing per packet walks the offers, however many a burst left.
     */
    private final LinkedHashMap<Inet4Address, Offer> offers = new LinkedHashMap<>();
    /** The offer of each client: a client has at most one, a new one replacing its last. */
    private final Map<ClientIdentity, Offer> offerOf = new HashMap<>();

    synchronized Optional<Lease4> at(Inet4Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    synchronized void put(Lease4 lease) {
        unindex(byAddress.put(lease.address(), lease));
        index(lease);
        withdraw(offers.get(lease.address()));
    }

    synchronized void remove(Inet4Address address) {
        unindex(byAddress.remove(address));
    }

    private void index(Lease4 lease) {
        if (!lease.clientId().isEmpty()) {
            byClientId.computeIfAbsent(lease.clientId(), key -> new HashSet<>(2)).add(lease.address());
        }
        if (!lease.hwaddr().isEmpty()) {
            byHwaddr.computeIfAbsent(lease.hwaddr(), key -> new HashSet<>(2)).add(lease.address());
        }
    }

    private void unindex(Lease4 lease) {
        if (lease == null) {
            return;
        }
        unindex(byClientId, lease.clientId(), lease.address());
        unindex(byHwaddr, lease.hwaddr(), lease.address());
    }

    private static void unindex(Map<Bytes, Set<Inet4Address>> index, Bytes key, Inet4Address address) {
        Set<Inet4Address> addresses = index.get(key);
        if (addresses != null && addresses.remove(address) && addresses.isEmpty()) {
            index.remove(key);
        }
    }

    synchronized boolean isFull() {
        return byAddress.size() >= MAX_LEASES;
    }

    /**
     * The client's lease among {@code subnetIds}: a live one if it has one, else the one that expired
     * last (still its own, since nobody has taken the address since).
     */
    synchronized Optional<Lease4> ofClient(ClientIdentity client, Set<Long> subnetIds, Instant now) {
        Set<Inet4Address> candidates = new HashSet<>(byHwaddr.getOrDefault(client.hwaddr(), Set.of()));
        client.clientId().ifPresent(id -> candidates.addAll(byClientId.getOrDefault(id, Set.of())));
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
        releaseOffers(client);
        withdraw(offers.get(address));
        Offer offer = new Offer(address, client, until);
        offers.put(address, offer);
        offerOf.put(client, offer);
    }

    /** The address held for {@code client}, if its hold has not run out. */
    synchronized Optional<Inet4Address> offeredTo(ClientIdentity client, Instant now) {
        Offer offer = offerOf.get(client);
        return offer == null || offer.isOver(now) ? Optional.empty() : Optional.of(offer.address);
    }

    /** Forgets what was offered to {@code client}: it chose another server, or took the address. */
    synchronized void releaseOffers(ClientIdentity client) {
        withdraw(offerOf.get(client));
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
            if (lease.validLifetime() != Lease4.INFINITE_LIFETIME && lease.expire() < horizon) {
                expired.add(lease.address());
            }
        }
        expired.forEach(this::remove);
        sweepOffers(now);
        return expired.size();
    }

    /** Every lease held, for a compaction of the lease file and for tests. */
    synchronized List<Lease4> snapshot() {
        return List.copyOf(byAddress.values());
    }

    /** Takes the rows read back from the lease file: the last row of each address wins, a release ends it. */
    synchronized void load(Collection<Lease4> rows, Instant now, Duration grace) {
        LeaseFile.latestPerBinding(List.copyOf(rows)).forEach(this::put);
        reclaimExpired(now, grace);
    }

    private static boolean isLive(Lease4 lease, Instant now) {
        return !lease.isExpired(now);
    }
}
