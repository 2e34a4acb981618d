package io.tandem.common.lease;

import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.util.Objects;

/**
 * One row of a Kea v4 memfile lease file ({@code CSVLeaseFile4} in Kea 2.2), with typed values.
 * A row records one lease at one moment: the file holds every change, later rows winning.
 *
 * @param address       the leased address
 * @param hwaddr        the client's hardware address (chaddr), or empty
 * @param clientId      the client identifier (option 61), or empty; Kea keeps one of the two at least,
 *                      except in a declined lease
 * @param validLifetime seconds; 0 marks a released or deleted lease (see {@link #released()}),
 *                      {@link #INFINITE_LIFETIME} never expires
 * @param expire        absolute expiry time, epoch seconds ({@code cltt + valid_lifetime})
 * @param subnetId      Kea's {@code subnet_id}
 * @param fqdnForward   a forward DNS update was done for the lease
 * @param fqdnReverse   a reverse DNS update was done for the lease
 * @param hostname      the client's host name, or empty
 * @param state         Kea's lease state
 * @param userContext   a JSON object as text, or empty
 */
public record Lease4(
        Inet4Address address,
        Bytes hwaddr,
        Bytes clientId,
        long validLifetime,
        long expire,
        long subnetId,
        boolean fqdnForward,
        boolean fqdnReverse,
        String hostname,
        LeaseState state,
        String userContext) implements Lease {

    /** Kea's {@code ClientId::MIN_CLIENT_ID_LEN}: a type byte and at least one more (RFC 2132 §9.14). */
    public static final int MIN_CLIENT_ID_LENGTH = 2;
    /** Kea's {@code ClientId::MAX_CLIENT_ID_LEN}: Kea 2.2 refuses a longer client identifier. */
    public static final int MAX_CLIENT_ID_LENGTH = 128;
    /** Kea's {@code Lease::INFINITY_LFT}, the lifetime 0xffffffff of RFC 2131 §3.3. */
    public static final long INFINITE_LIFETIME = LeaseChecks.MAX_UINT32;

    public Lease4 {
        LeaseChecks.unscoped(address);
        LeaseChecks.text("hostname", hostname);
        Objects.requireNonNull(state, "state");
        if (hwaddr.length() > HardwareAddress.MAX_LENGTH) {
            throw new IllegalArgumentException("hwaddr is at most " + HardwareAddress.MAX_LENGTH + " bytes, not "
                    + hwaddr.length());
        }
        if (!clientId.isEmpty()
                && (clientId.length() < MIN_CLIENT_ID_LENGTH || clientId.length() > MAX_CLIENT_ID_LENGTH)) {
            throw new IllegalArgumentException("client_id is " + MIN_CLIENT_ID_LENGTH + " to " + MAX_CLIENT_ID_LENGTH
                    + " bytes, not " + clientId.length());
        }
        if (hwaddr.isEmpty() && clientId.isEmpty() && state != LeaseState.DECLINED) {
            throw new IllegalArgumentException("a lease that is not declined needs a hwaddr or a client_id");
        }
        LeaseChecks.lifetimes(validLifetime, expire);
        LeaseChecks.uint32("subnet_id", subnetId);
        LeaseChecks.userContext(userContext);
    }

    /**
     * Who a DHCPv4 client is, as a shared lease database is searched for its rows: its client
     * identifier and its hardware address, either empty when it has none.
     */
    public record Owner(Bytes clientId, Bytes hwaddr) {
    }

    /** Kea's rule: a v4 lease is its address; a later row for the address replaces any earlier one. */
    @Override
    public Inet4Address binding() {
        return address;
    }

    /**
     * The row Kea 2.2 appends when this lease is released or deleted: valid lifetime 0, the
     * client's last transmission time kept (so {@code expire} becomes {@link #cltt()}).
     */
    public Lease4 released() {
        return new Lease4(address, hwaddr, clientId, 0, cltt(), subnetId, fqdnForward, fqdnReverse, hostname, state,
                userContext);
    }

    /** This lease granted {@code seconds} later: for a wall clock stepped forward by that much. */
    public Lease4 extendedBy(long seconds) {
        return new Lease4(address, hwaddr, clientId, validLifetime, expire + seconds, subnetId, fqdnForward,
                fqdnReverse, hostname, state, userContext);
    }
}
