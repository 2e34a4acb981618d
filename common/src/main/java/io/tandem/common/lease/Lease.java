package io.tandem.common.lease;

import java.net.InetAddress;
import java.time.Instant;

/**
 * What a row of either family's memfile holds in common, as Kea's {@code Lease} base class of
 * {@code Lease4} and {@code Lease6} has it: the address, a valid lifetime and an absolute expiry
 * (from which the client's last transmission time follows; a valid lifetime of 0 is a release),
 * the subnet, the DNS update flags, the host name, the state and the user context.
 */
public sealed interface Lease permits Lease4, Lease6 {
    /** The leased address (for a delegated prefix, its first address). */
    InetAddress address();

    /** Seconds; 0 marks a released or deleted lease, 0xffffffff (Kea's {@code INFINITY_LFT}) never expires. */
    long validLifetime();

    /** Absolute expiry time, epoch seconds ({@code cltt + valid_lifetime}). */
    long expire();

    /** Kea's {@code subnet_id}. */
    long subnetId();

    /** A forward DNS update was done for the lease. */
    boolean fqdnForward();

    /** A reverse DNS update was done for the lease. */
    boolean fqdnReverse();

    /** The client's host name or FQDN, or empty. */
    String hostname();

    LeaseState state();

    /** A JSON object as text, or empty. */
    String userContext();

    /** What tells one binding from another: rows with equal bindings are changes of one lease. */
    Object binding();

    /** The client's last transmission time, epoch seconds, as Kea derives it: {@code expire - valid_lifetime}. */
    default long cltt() {
        return expire() - validLifetime();
    }

    /** Kea's {@code Lease::expired()}: the expiry time has passed; an infinite lifetime never expires. */
    default boolean isExpired(Instant now) {
        return LeaseChecks.expired(validLifetime(), expire(), now);
    }

    /** This row ends its binding: Kea 2.2 writes a valid lifetime of 0 when a lease is released or deleted. */
    default boolean isRelease() {
        return validLifetime() == 0;
    }
}
