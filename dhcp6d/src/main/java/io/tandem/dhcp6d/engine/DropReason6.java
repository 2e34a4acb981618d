package io.tandem.dhcp6d.engine;

import io.tandem.common.engine.DropReason;

/** Why a datagram got no answer; each is counted, and shown in logs and metrics by {@link #label()}. */
public enum DropReason6 implements DropReason {
    /** The bytes are not a DHCPv6 message. */
    MALFORMED,
    /** A message only servers send (Advertise, Reply, Reconfigure, Relay-Reply, DHCPV4-RESPONSE). */
    NOT_FOR_SERVER,
    /** A message type this server does not serve. */
    UNSUPPORTED_TYPE,
    /** A Relay-Forward without a relay message (RFC 9915 §16). */
    RELAY_WITHOUT_MESSAGE,
    /** No Client Identifier where RFC 9915 §16 requires one. */
    MISSING_CLIENT_ID,
    /** A Server Identifier in a Solicit, Rebind or Confirm (RFC 9915 §16). */
    UNEXPECTED_SERVER_ID,
    /** No Server Identifier in a Request, Renew, Release or Decline. */
    MISSING_SERVER_ID,
    /** Another server's identifier: the message is for that server. */
    OTHER_SERVER,
    /**
     * A direct client's Solicit, Confirm, Rebind or Information-Request sent to a unicast address
     * of the server, not to the multicast group (RFC 9915 §16).
     */
    SENT_BY_UNICAST,
    /** An Information-Request with an IA option (RFC 9915 §16.12). */
    INFORMATION_REQUEST_WITH_IA,
    /** No subnet is configured for the client's link. */
    NO_SUBNET,
    /** A Confirm naming no address (RFC 9915 §18.3.3). */
    CONFIRM_WITHOUT_ADDRESSES,
    /** A DHCPV4-QUERY while DHCPv4-over-DHCPv6 is off. */
    DHCP4O6_DISABLED,
    /** A DHCPV4-QUERY without exactly one DHCPv4 Message option (RFC 7341 §6.2). */
    DHCPV4_QUERY_WITHOUT_MESSAGE,
    /** The reply's lease rows could not be written (a full disk), so it was not sent. */
    LEASE_NOT_RECORDED,
    /** {@code durability: fsync}: too many replies were already waiting for the disk. */
    LEASE_QUEUE_FULL,
    /** Overload: the query's lane of waiting queries was full, and it was the oldest there. */
    SHED_QUEUE_FULL,
    /** Overload: the query waited for its turn longer than a client waits before it retransmits. */
    SHED_WAITED_TOO_LONG,
    /**
     * A DHCPDISCOVER (in a DHCPV4-QUERY) still waiting when its client's DHCPREQUEST of the same
     * transaction came: the client chose another server's offer.
     */
    SHED_CLIENT_MOVED_ON,
    /** The shared lease database holds the address for another client (another server leased it first). */
    LEASE_CONFLICT,
    /** The lease database is away and {@code on-fail} is {@code stop-retry-exit}: nothing is answered. */
    LEASE_DATABASE_DOWN
}
