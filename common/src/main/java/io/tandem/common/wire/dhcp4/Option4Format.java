package io.tandem.common.wire.dhcp4;

/**
 * The layouts of DHCPv4 option bodies (RFC 2132 §2) that the codec decodes into typed values; each
 * is one record of {@link Option4}.
 */
public enum Option4Format {
    /** No body. */
    EMPTY,
    UINT8,
    UINT16,
    UINT32,
    /** A signed 32-bit value (time offset, RFC 2132 §3.4). */
    INT32,
    /** Exactly one IPv4 address. */
    IPV4_ADDRESS,
    /** Zero or more IPv4 addresses. */
    IPV4_ADDRESS_LIST,
    /** Zero or more bytes read as numbers (the parameter request list's option codes). */
    UINT8_LIST,
    /** Zero or more 16-bit values (client system architectures). */
    UINT16_LIST,
    /** NVT ASCII text (RFC 2132 §2), kept as its bytes so that a round trip is exact. */
    STRING,
    /** Opaque bytes: codes the registry defines without a structure the server reads, and undefined codes. */
    BINARY,
    /** A type byte and an identifier of at least one byte (RFC 2132 §9.14). */
    CLIENT_ID,
    /** Sub-options in the {@code dhcp-agent-options-space} (RFC 3046 §2.0). */
    RELAY_AGENT_INFO,
    /** UNDI type, major and minor version (RFC 4578 §2.2). */
    CLIENT_NDI,
    /** A type byte and the machine's identifier (RFC 4578 §2.3). */
    UUID_GUID,
}
