package io.tandem.dhcp4o6d.engine;

import io.tandem.common.engine.DropReason;

/** Why a datagram from the partner got no answer; each is counted, and shown in logs by {@link #label()}. */
public enum DropReason4 implements DropReason {
    /** Not from [::1]:P, the partner's end of the port pair. */
    FOREIGN_SENDER,
    /** Not a DHCPv6 message, or without the pair's complete metadata (interface, source address, port). */
    MALFORMED_DATAGRAM,
    /** Not a DHCPV4-QUERY inside Relay-Forward layers: a DHCPV4-RESPONSE, a Solicit, a Relay-Reply. */
    NOT_A_QUERY,
    /** A Relay-Forward without a relay message. */
    RELAY_WITHOUT_MESSAGE,
    /** A DHCPV4-QUERY without a DHCPv4 Message option (RFC 7341 §7.1). */
    NO_DHCPV4_MESSAGE,
    /** A DHCPV4-QUERY with more than one DHCPv4 Message option (Kea's DHCPv4 side drops these too). */
    SEVERAL_DHCPV4_MESSAGES,
    /** The DHCPv4 message has no magic cookie (RFC 2131 §3): a BOOTP message, or garbage. */
    NO_MAGIC_COOKIE,
    /** The DHCPv4 message is truncated or its options do not decode. */
    MALFORMED_DHCPV4,
    /** A BOOTREPLY (op 2): only servers send those. */
    BOOTREPLY,
    /** No DHCP Message Type option (53): BOOTP, which dhcp4o6d does not serve. */
    NO_MESSAGE_TYPE,
    /** A message type only servers send: DHCPOFFER, DHCPACK, DHCPNAK, DHCPFORCERENEW, lease query answers. */
    NOT_FOR_SERVER,
    /** A client message type dhcp4o6d does not serve (lease queries, DHCPTLS). */
    UNSUPPORTED_TYPE,
    /** Neither a client identifier nor a hardware address to know the client by. */
    NO_CLIENT_IDENTITY,
    /** No subnet matches the query by any selection rule. */
    NO_SUBNET,
    /** No dhcp-server-identifier is configured and the receiving interface has no IPv4 address. */
    NO_SERVER_IDENTIFIER,
    /** The message names another server's identifier: it is for that server. */
    OTHER_SERVER,
    /** A DHCPREQUEST in no RFC 2131 state, a DHCPDECLINE without the declined address. */
    INCOMPLETE_MESSAGE,
    /** INIT-REBOOT or REBINDING from a client this server has no record of, and the subnet is not authoritative. */
    UNKNOWN_CLIENT,
    /**
     * A DHCPREQUEST for an address in no pool of the client's network and not reserved for it: not
     * this server's to NAK (Kea 2.2 drops these too).
     */
    UNKNOWN_ADDRESS,
    /** A DHCPDECLINE or DHCPRELEASE of an address this server has not leased to the client. */
    UNKNOWN_LEASE,
    /** A DHCPDISCOVER while every address the client could have is taken. */
    NO_ADDRESS_AVAILABLE,
    /** The lease file could not be written, so the answer was not sent. */
    LEASE_NOT_RECORDED,
    /** {@code durability: fsync}: too many answers were already waiting for the disk. */
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
