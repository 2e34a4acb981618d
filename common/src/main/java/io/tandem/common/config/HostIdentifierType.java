package io.tandem.common.config;

import io.tandem.common.lease.Lease4;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp6.Duid;
import java.util.Optional;

/**
 * The kinds of reservation identifier Tandem implements, with their names in
 * {@code host-reservation-identifiers} and in a reservation, and how a reservation writes the
 * value. Each daemon implements a subset ({@link HostIdentifiers}): dhcp6d Kea's {@code duid}
 * and {@code hw-address} and Tandem's {@code remote-id} (RFC 4649) and {@code interface-id}
 * (RFC 9915 §21.18); dhcp4o6d the client's hardware address ({@code chaddr}) and its client
 * identifier (option 61, type byte included).
 */
public enum HostIdentifierType {
    DUID("duid", new ValueType<>("a DUID in hex like 00:03:00:01:52:54:00:12:34:56",
            text -> new Duid(HexText.decodeQuotedOrHex(text)).bytes())),
    HW_ADDRESS("hw-address", HexText.HARDWARE_ADDRESS),
    /** Kea's form: the option's body, type byte first, in hex ({@code 01:52:54:00:12:34:56}) or {@code 'quoted'}. */
    CLIENT_ID("client-id", new ValueType<>(
            "a client identifier like 01:52:54:00:12:34:56 (type, then the identifier) or 'text'",
            HostIdentifierType::clientId)),
    /**
     * Tandem's spelling of a Remote-ID (RFC 4649) reservation: the option's body in hex, the
     * enterprise number in its first 4 bytes, or Kea's option-data form
     * {@code enterprise-number, remote-id} with the remote-id in hex or {@code 'quoted'}.
     */
    REMOTE_ID("remote-id", new ValueType<>(
            "a Remote-ID like 00:00:0d:e9:01:02 (enterprise number 3561, then the id) or 3561, 01:02",
            HostIdentifierType::remoteId)),
    INTERFACE_ID("interface-id", HexText.QUOTED_OR_HEX);

    private final String keaName;
    private final ValueType<Bytes> valueType;

    HostIdentifierType(String keaName, ValueType<Bytes> valueType) {
        this.keaName = keaName;
        this.valueType = valueType;
    }

    public String keaName() {
        return keaName;
    }

    /** How a reservation's value of this kind is read. */
    public ValueType<Bytes> valueType() {
        return valueType;
    }

    public static Optional<HostIdentifierType> byKeaName(String name) {
        for (HostIdentifierType type : values()) {
            if (type.keaName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private static Bytes clientId(String text) {
        Bytes bytes = HexText.decodeQuotedOrHex(text);
        if (bytes.length() < Lease4.MIN_CLIENT_ID_LENGTH || bytes.length() > Lease4.MAX_CLIENT_ID_LENGTH) {
            throw new IllegalArgumentException("a client identifier is " + Lease4.MIN_CLIENT_ID_LENGTH + " to "
                    + Lease4.MAX_CLIENT_ID_LENGTH + " bytes, not " + bytes.length());
        }
        return bytes;
    }

    private static Bytes remoteId(String text) {
        int comma = text.indexOf(',');
        Bytes body;
        if (comma >= 0) {
            String enterprise = text.substring(0, comma).strip();
            if (!enterprise.matches("\\d{1,10}") || Long.parseLong(enterprise) > 0xffffffffL) {
                throw new IllegalArgumentException("the enterprise number " + ConfigNode.quote(enterprise)
                        + " is not from 0 to 4294967295");
            }
            body = Bytes.of(new WireWriter().u32(Long.parseLong(enterprise))
                    .bytes(HexText.decodeQuotedOrHex(text.substring(comma + 1))).toByteArray());
        } else {
            body = HexText.decodeQuotedOrHex(text);
        }
        if (body.length() < 5) {
            throw new IllegalArgumentException("a Remote-ID is a 4-byte enterprise number and at least one byte");
        }
        return body;
    }
}
