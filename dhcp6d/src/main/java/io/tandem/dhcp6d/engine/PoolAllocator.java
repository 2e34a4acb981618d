package io.tandem.dhcp6d.engine;

import io.tandem.common.config.AddressPool;
import io.tandem.common.config.AddressRange6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.dhcp6d.config.AllocationOrder;
import io.tandem.dhcp6d.config.PrefixPool6;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The candidates of one subnet's pools (its pool addresses, or the prefixes its prefix pools
 * delegate) as one sequence of positions, pool after pool in configuration order, and the search
 * of that sequence for a free candidate for a client that has none yet. Where a search starts is
 * what the subnet's {@link AllocationOrder} decides ({@link #start}); it goes on from there,
 * wrapping round at the end, as Kea's iterative allocator goes from pool to pool, and probes a
 * bounded number of candidates, so a nearly full /64 costs no more than a small pool.
 */
final class PoolAllocator {
    static final int MAX_PROBES = 4096;
    private static final BigInteger MAX_PROBES_NUMBER = BigInteger.valueOf(MAX_PROBES);

    /** One pool: {@code size} candidates from {@code first}, each {@code 2^shift} addresses after the one before. */
    private record Segment(BigInteger first, BigInteger size, int shift) {
        Inet6Address at(BigInteger offset) {
            return address(first.add(offset.shiftLeft(shift)));
        }

        /** The offset of {@code candidate} in this pool, if it is one of its candidates. */
        Optional<BigInteger> offsetOf(BigInteger candidate) {
            BigInteger distance = candidate.subtract(first);
            if (distance.signum() < 0 || distance.getLowestSetBit() >= 0 && distance.getLowestSetBit() < shift) {
                return Optional.empty();
            }
            BigInteger offset = distance.shiftRight(shift);
            return offset.compareTo(size) < 0 ? Optional.of(offset) : Optional.empty();
        }
    }

    private final List<Segment> segments;
    private final BigInteger size;

    private PoolAllocator(List<Segment> segments) {
        this.segments = segments;
        this.size = segments.stream().map(Segment::size).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** The addresses of {@code pools}. */
    static PoolAllocator addresses(List<AddressPool<AddressRange6, Option6>> pools) {
        return new PoolAllocator(pools.stream().map(AddressPool::range).map(range -> new Segment(number(range.first()),
                number(range.last()).subtract(number(range.first())).add(BigInteger.ONE), 0)).toList());
    }

    /** The prefixes {@code pools} delegate; a candidate is a prefix's first address. */
    static PoolAllocator prefixes(List<PrefixPool6> pools) {
        return new PoolAllocator(pools.stream().map(pool -> new Segment(number(pool.prefix().network()),
                BigInteger.ONE.shiftLeft(pool.delegatedLength() - pool.prefix().length()),
                128 - pool.delegatedLength())).toList());
    }

    /** Whether a search probes every candidate: only then does finding none mean the pools are full. */
    boolean probesWhole() {
        return size.compareTo(MAX_PROBES_NUMBER) <= 0;
    }

    /**
     * The position a search starts at. Iterative: the one after {@code lastTried}, the candidate
     * the subnet's previous search ended on (the first position when there was none, or it is no
     * longer in the pools after a reload), as Kea's last-allocated address. Random: anywhere.
     * Stable: a position derived from the client's DUID and IAID, the same on every server and
     * after the client's lease expired.
     */
    BigInteger start(AllocationOrder order, Optional<Inet6Address> lastTried, Bytes duid, long iaid) {
        if (size.signum() == 0) {
            return BigInteger.ZERO;
        }
        return switch (order) {
            case ITERATIVE -> lastTried.flatMap(this::position).map(last -> last.add(BigInteger.ONE).mod(size))
                    .orElse(BigInteger.ZERO);
            case RANDOM -> new BigInteger(size.bitLength() + 32, ThreadLocalRandom.current()).mod(size);
            case STABLE -> BigInteger.valueOf((31L * duid.hashCode() + iaid) & Long.MAX_VALUE).mod(size);
        };
    }

    /**
     * The first candidate from {@code start} on that is {@code free}, probing at most
     * {@link #MAX_PROBES}; every candidate probed is tested in order, so the caller's test sees
     * the last one probed last.
     */
    Optional<Inet6Address> search(BigInteger start, Predicate<Inet6Address> free) {
        if (size.signum() == 0) {
            return Optional.empty();
        }
        int segment = 0;
        BigInteger offset = start;
        while (offset.compareTo(segments.get(segment).size()) >= 0) {
            offset = offset.subtract(segments.get(segment).size());
            segment++;
        }
        long probes = size.min(MAX_PROBES_NUMBER).longValue();
        for (long i = 0; i < probes; i++) {
            Inet6Address candidate = segments.get(segment).at(offset);
            if (free.test(candidate)) {
                return Optional.of(candidate);
            }
            offset = offset.add(BigInteger.ONE);
            if (offset.equals(segments.get(segment).size())) {
                offset = BigInteger.ZERO;
                segment = (segment + 1) % segments.size();
            }
        }
        return Optional.empty();
    }

    /** The position of {@code candidate} in the sequence, if it is one of the candidates. */
    private Optional<BigInteger> position(Inet6Address candidate) {
        BigInteger number = number(candidate);
        BigInteger before = BigInteger.ZERO;
        for (Segment segment : segments) {
            Optional<BigInteger> offset = segment.offsetOf(number);
            if (offset.isPresent()) {
                return Optional.of(before.add(offset.get()));
            }
            before = before.add(segment.size());
        }
        return Optional.empty();
    }

    private static BigInteger number(Inet6Address address) {
        return new BigInteger(1, address.getAddress());
    }

    private static Inet6Address address(BigInteger number) {
        byte[] raw = number.toByteArray();
        byte[] bytes = new byte[16];
        int copy = Math.min(16, raw.length);
        System.arraycopy(raw, raw.length - copy, bytes, 16 - copy, copy);
        return Addresses.inet6(bytes);
    }
}
