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
    /** Offers held at most; past that, expired holds are swept and a new offer may go unheld. */
    static final int MAX_OFFERS = 65_536;

    /** An address offered in a DHCPOFFER, kept for that client until {@code until}. */
    private record Offer(ClientIdentity client, Instant until) {
    }

    private final Map<Inet4Address, Lease4> byAddress = new HashMap<>();
    /** The addresses whose lease has this client identifier, and those whose lease has this hardware address. */
    private final Map<Bytes, Set<Inet4Address>> byClientId = new HashMap<>();
    private final Map<Bytes, Set<Inet4Address>> byHwaddr = new HashMap<>();
    private final Map<Inet4Address, Offer> offers = new HashMap<>();

    synchronized Optional<Lease4> at(Inet4Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    synchronized void put(Lease4 lease) {
        unindex(byAddress.put(lease.address(), lease));
        index(lease);
        offers.remove(lease.address());
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
        return offer == null || offer.until.isBefore(now) || offer.client.equals(client);
    }

    /** Keeps {@code address} for {@code client} until {@code until}, unless too many offers are held. */
    synchronized void hold(Inet4Address address, ClientIdentity client, Instant until, Instant now) {
        if (offers.size() >= MAX_OFFERS) {
            offers.values().removeIf(offer -> offer.until.isBefore(now));
            if (offers.size() >= MAX_OFFERS) {
                return;
            }
        }
        releaseOffers(client);
        offers.put(address, new Offer(client, until));
    }

    /** The address held for {@code client}, if its hold has not run out. */
    synchronized Optional<Inet4Address> offeredTo(ClientIdentity client, Instant now) {
        for (Map.Entry<Inet4Address, Offer> entry : offers.entrySet()) {
            if (entry.getValue().client.equals(client) && !entry.getValue().until.isBefore(now)) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    /** Forgets what was offered to {@code client}: it chose another server, or took the address. */
    synchronized void releaseOffers(ClientIdentity client) {
        offers.values().removeIf(offer -> offer.client.equals(client));
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
        offers.values().removeIf(offer -> offer.until.isBefore(now));
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
