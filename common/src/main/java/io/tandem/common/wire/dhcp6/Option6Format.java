package io.tandem.common.wire.dhcp6;

/** The layouts of DHCPv6 option bodies that the codec decodes into typed values. */
public enum Option6Format {
    /** No body (rapid commit, reconfigure accept). */
    EMPTY,
    UINT8,
    UINT16,
    UINT32,
    /** One IPv6 address. */
    IPV6_ADDRESS,
    /** Zero or more IPv6 addresses. */
    IPV6_ADDRESS_LIST,
    /** Zero or more uncompressed domain names (RFC 1035 §3.1, as RFC 9915 §10 requires). */
    DOMAIN_LIST,
    /** Exactly one uncompressed domain name. */
    FQDN,
    /** Text kept as its bytes. */
    STRING,
    /** Opaque bytes. */
    BINARY,
    DUID,
    /** A list of 16-bit codes (ORO, client architecture types). */
    UINT16_LIST,
    /** A list of items each with a 16-bit length (user class, bootfile parameters). */
    LENGTH_PREFIXED_LIST,
    IA_NA,
    IA_PD,
    IAADDR,
    IAPREFIX,
    STATUS_CODE,
    VENDOR_CLASS,
    VENDOR_OPTS,
    REMOTE_ID,
    /** Sub-options of the NTP server option (RFC 5908). */
    NTP_SERVER,
    /** Client Network Interface Identifier (RFC 5970 §3.4). */
    NII,
    CLIENT_LINKLAYER_ADDR,
    /** A whole DHCPv6 message: decoded inside relay messages, kept as bytes elsewhere. */
    RELAY_MSG,
}
