package io.tandem.common.lease;

import io.tandem.common.wire.Bytes;
import java.net.Inet6Address;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a Kea v6 memfile lease file ({@code CSVLeaseFile6} in Kea 2.2), with typed values.
 * A row records one binding at one moment: the file holds every change, later rows winning.
 *
 * @param address           the leased address, or the first address of a delegated prefix
 * @param duid              the client's DUID; {@link #EMPTY_DUID} only in a declined lease, as Kea writes it
 * @param validLifetime     seconds; 0 marks a released or deleted lease (see {@link #released()}),
 *                          {@link #INFINITE_LIFETIME} never expires
 * @param expire            absolute expiry time, epoch seconds ({@code cltt + valid_lifetime})
 * @param subnetId          Kea's {@code subnet_id}
 * @param preferredLifetime seconds
 * @param type              NA, TA or PD
 * @param iaid              the IAID of the IA the lease was given in
 * @param prefixLength      128 for addresses, the delegated length for PD
 * @param fqdnForward       a forward DNS update was done for the lease
 * @param fqdnReverse       a reverse DNS update was done for the lease
 * @param hostname          the FQDN, or empty
 * @param hardwareAddress   the client's hardware address and where it came from, if known
 * @param state             Kea's lease state
 * @param userContext       a JSON object as text, or empty
 */
public record Lease6(
        Inet6Address address,
        Bytes duid,
        long validLifetime,
        long expire,
        long subnetId,
        long preferredLifetime,
        LeaseType type,
        long iaid,
        int prefixLength,
        boolean fqdnForward,
        boolean fqdnReverse,
        String hostname,
        Optional<HardwareAddress> hardwareAddress,
        LeaseState state,
        String userContext) implements Lease {

    /** Kea's {@code DUID::EMPTY()}, one zero byte: the DUID Kea writes for a declined lease. */
    public static final Bytes EMPTY_DUID = Bytes.of((byte) 0);
    /**
     * Kea's {@code DUID::MAX_DUID_LEN}. RFC 9915 allows two bytes more, but Kea 2.2 refuses a
     * longer DUID in a packet and in a lease file alike, so a lease never holds one.
     */
    public static final int MAX_DUID_LENGTH = 128;
    /** Kea's {@code Lease::INFINITY_LFT}, the lifetime 0xffffffff of RFC 9915 §7.7. */
    public static final long INFINITE_LIFETIME = LeaseChecks.MAX_UINT32;

    public Lease6 {
        LeaseChecks.unscoped(address);
        Objects.requireNonNull(type, "type");
        LeaseChecks.text("hostname", hostname);
        Objects.requireNonNull(hardwareAddress, "hardwareAddress");
        Objects.requireNonNull(state, "state");
        if (duid.isEmpty() || duid.length() > MAX_DUID_LENGTH) {
            throw new IllegalArgumentException("duid is 1 to " + MAX_DUID_LENGTH + " bytes, not " + duid.length());
        }
        if (duid.equals(EMPTY_DUID) && state != LeaseState.DECLINED) {
            throw new IllegalArgumentException("the empty DUID 00 is only valid for a declined lease");
        }
        LeaseChecks.lifetimes(validLifetime, expire);
        LeaseChecks.uint32("pref_lifetime", preferredLifetime);
        LeaseChecks.uint32("subnet_id", subnetId);
        LeaseChecks.uint32("iaid", iaid);
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix_len " + prefixLength + " is not 0 to 128");
        }
        LeaseChecks.userContext(userContext);
    }

    /** What tells one binding from another: a client (DUID) holds an address or prefix in one IA. */
    public record Binding(Inet6Address address, Bytes duid, long iaid, LeaseType type) {
    }

    /**
     * Kea keeps one lease per address: its loader lets the last row for an address replace any
     * earlier one, whoever the client. Tandem gives one MAC the same address under every DUID and
     * IAID the MAC's firmware, boot loader and operating system use, so it keeps all of those
     * bindings; a release ends only the binding it names. Kea reading a Tandem file keeps the last
     * binding of each address, which is still the address of the right MAC.
     */
    @Override
    public Binding binding() {
        return new Binding(address, duid, iaid, type);
    }

    /** This lease granted {@code seconds} later: for a wall clock stepped forward by that much. */
    public Lease6 extendedBy(long seconds) {
        return new Lease6(address, duid, validLifetime, expire + seconds, subnetId, preferredLifetime, type, iaid,
                prefixLength, fqdnForward, fqdnReverse, hostname, hardwareAddress, state, userContext);
    }

    /**
     * The row Kea 2.2 appends when this lease is released or deleted: both lifetimes 0, the
     * client's last transmission time kept (so {@code expire} becomes {@link #cltt()}).
     */
    public Lease6 released() {
        return new Lease6(address, duid, 0, cltt(), subnetId, 0, type, iaid, prefixLength, fqdnForward,
                fqdnReverse, hostname, hardwareAddress, state, userContext);
    }
}
