package io.tandem.dhcp6d.engine;

import io.tandem.common.config.AddressRange6;
import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Picks a free address from a pool, or a free prefix from a prefix pool, for a client that has
 * none yet. The search starts at a position derived from the client's DUID and IAID, so a client
 * tends to get its old address back after its lease expired, and it probes a bounded number of
 * candidates, so a nearly full /64 costs no more than a small pool.
 */
final class PoolAllocator {
    static final int MAX_PROBES = 4096;

    private PoolAllocator() {
    }

    static Optional<Inet6Address> address(AddressRange6 range, Bytes duid, long iaid, Predicate<Inet6Address> free) {
        BigInteger first = number(range.first());
        return probe(size(range), duid, iaid, offset -> address(first.add(offset)), free);
    }

    /** A prefix of the pool's delegated length; the address returned is the prefix's first address. */
    static Optional<Inet6Address> prefix(Prefix6 pool, int delegatedLength, Bytes duid, long iaid,
            Predicate<Inet6Address> free) {
        BigInteger first = number(pool.network());
        int step = 128 - delegatedLength;
        return probe(size(pool, delegatedLength), duid, iaid, index -> address(first.add(index.shiftLeft(step))), free);
    }

    static BigInteger size(AddressRange6 range) {
        return number(range.last()).subtract(number(range.first())).add(BigInteger.ONE);
    }

    /** How many prefixes of {@code delegatedLength} the pool holds. */
    static BigInteger size(Prefix6 pool, int delegatedLength) {
        return BigInteger.ONE.shiftLeft(delegatedLength - pool.length());
    }

    /** Whether a search probes every candidate of a pool of {@code size}: only then does finding none mean it is full. */
    static boolean probesWhole(BigInteger size) {
        return size.compareTo(BigInteger.valueOf(MAX_PROBES)) <= 0;
    }

    private static Optional<Inet6Address> probe(BigInteger size, Bytes duid, long iaid,
            Function<BigInteger, Inet6Address> candidate, Predicate<Inet6Address> free) {
        BigInteger start = BigInteger.valueOf((31L * duid.hashCode() + iaid) & Long.MAX_VALUE).mod(size);
        long probes = size.min(BigInteger.valueOf(MAX_PROBES)).longValue();
        for (long i = 0; i < probes; i++) {
            Inet6Address address = candidate.apply(start.add(BigInteger.valueOf(i)).mod(size));
            if (free.test(address)) {
                return Optional.of(address);
            }
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
