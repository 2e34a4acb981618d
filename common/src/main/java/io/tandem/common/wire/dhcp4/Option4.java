package io.tandem.common.wire.dhcp4;

import static io.tandem.common.wire.Unsigned.checkUnsigned;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.WireOption;
import io.tandem.common.wire.WireWriter;
import java.net.Inet4Address;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DHCPv4 option (RFC 2132 §2): an 8-bit code and a body, which a sender may split into several
 * instances when it is longer than 255 bytes (RFC 3396). The registry {@link Dhcp4Options} gives
 * each code a data type; each type is one record here, and {@link Raw}
 * keeps undefined and opaque options byte for byte. Values are immutable.
 */
public sealed interface Option4 extends WireOption {

    /** The message type option (RFC 2132 §9.6). */
    static Uint8 messageType(MessageType4 type) {
        return new Uint8(Dhcp4Options.MESSAGE_TYPE, type.code());
    }

    /** The parameter request list (RFC 2132 §9.8): the codes of the options the client asks for. */
    static Uint8List parameterRequestList(int... codes) {
        return new Uint8List(Dhcp4Options.PARAMETER_REQUEST_LIST, Arrays.stream(codes).boxed().toList());
    }

    /** An option the registry does not define, or one whose body is opaque bytes. */
    record Raw(int code, Bytes data) implements Option4 {
        public Raw {
            checkUnsigned(code, 8, "option code");
            Objects.requireNonNull(data, "data");
        }
    }

    /** An option without a body. */
    record Empty(int code) implements Option4 {
        public Empty {
            checkUnsigned(code, 8, "option code");
        }
    }

    record Uint8(int code, int value) implements Option4 {
        public Uint8 {
            checkUnsigned(code, 8, "option code");
            checkUnsigned(value, 8, "value");
        }
    }

    record Uint16(int code, int value) implements Option4 {
        public Uint16 {
            checkUnsigned(code, 8, "option code");
            checkUnsigned(value, 16, "value");
        }
    }

    record Uint32(int code, long value) implements Option4 {
        public Uint32 {
            checkUnsigned(code, 8, "option code");
            checkUnsigned(value, 32, "value");
        }
    }

    /** A signed 32-bit value, in two's complement on the wire. */
    record Int32(int code, int value) implements Option4 {
        public Int32 {
            checkUnsigned(code, 8, "option code");
        }
    }

    record Address(int code, Inet4Address address) implements Option4 {
        public Address {
            checkUnsigned(code, 8, "option code");
            Objects.requireNonNull(address, "address");
        }
    }

    record AddressList(int code, List<Inet4Address> addresses) implements Option4 {
        public AddressList {
            checkUnsigned(code, 8, "option code");
            addresses = List.copyOf(addresses);
        }
    }

    /** Bytes read as numbers: the parameter request list's option codes (RFC 2132 §9.8). */
    record Uint8List(int code, List<Integer> values) implements Option4 {
        public Uint8List {
            checkUnsigned(code, 8, "option code");
            values = List.copyOf(values);
            for (int value : values) {
                checkUnsigned(value, 8, "item");
            }
        }
    }

    /** 16-bit values: the client's system architectures (RFC 4578 §2.1). */
    record Uint16List(int code, List<Integer> values) implements Option4 {
        public Uint16List {
            checkUnsigned(code, 8, "option code");
            values = List.copyOf(values);
            for (int value : values) {
                checkUnsigned(value, 16, "item");
            }
        }
    }

    /** Text such as a host name, kept as its bytes so that a round trip is exact. */
    record Text(int code, Bytes value) implements Option4 {
        public Text {
            checkUnsigned(code, 8, "option code");
            Objects.requireNonNull(value, "value");
        }

        public static Text of(int code, String text) {
            return new Text(code, Bytes.utf8(text));
        }

        /**
         * The text without trailing NULs: RFC 2132 §2 says options are not NUL-terminated, yet some
         * clients terminate host names anyway, and a NUL is never part of a name.
         */
        public String text() {
            int end = value.length();
            while (end > 0 && value.get(end - 1) == 0) {
                end--;
            }
            return value.slice(0, end).text();
        }
    }

    /**
     * Client identifier (RFC 2132 §9.14): a type, which is a hardware type from ARP's registry or 0
     * for other identifiers (255 for RFC 4361's IAID and DUID), then the identifier itself.
     */
    record ClientId(int type, Bytes identifier) implements Option4 {
        public ClientId {
            checkUnsigned(type, 8, "type");
            if (identifier.isEmpty()) {
                throw new IllegalArgumentException("a client identifier needs at least one byte after its type");
            }
        }

        /** Type and identifier together: the bytes servers use as the client's key. */
        public Bytes value() {
            return Bytes.of(new WireWriter(1 + identifier.length()).u8(type).bytes(identifier).toByteArray());
        }

        @Override
        public int code() {
            return Dhcp4Options.CLIENT_IDENTIFIER;
        }
    }

    /**
     * Relay Agent Information (RFC 3046 §2.0): sub-options in Kea's {@code dhcp-agent-options-space},
     * in wire order. A sub-option is never split, so each body is at most 255 bytes.
     */
    record RelayAgentInfo(Options4 subOptions) implements Option4 {
        public RelayAgentInfo {
            Dhcp4Options.requireRecords(Dhcp4Options.AGENT, subOptions);
            for (Option4 subOption : subOptions.all()) {
                int length = Dhcp4Codec.body(subOption).length();
                if (length > 255) {
                    throw new IllegalArgumentException("sub-option " + subOption.code() + " has " + length
                            + " bytes; a sub-option holds at most 255");
                }
            }
        }

        public static RelayAgentInfo of(Option4... subOptions) {
            return new RelayAgentInfo(Options4.of(subOptions));
        }

        public Optional<Bytes> circuitId() {
            return subOptions.raw(Dhcp4Options.AGENT_CIRCUIT_ID);
        }

        public Optional<Bytes> remoteId() {
            return subOptions.raw(Dhcp4Options.AGENT_REMOTE_ID);
        }

        /** The link the client is on, when the relay's giaddr is not on it (RFC 3527). */
        public Optional<Inet4Address> linkSelection() {
            return subOptions.address(Dhcp4Options.AGENT_LINK_SELECTION);
        }

        public Optional<String> subscriberId() {
            return subOptions.text(Dhcp4Options.AGENT_SUBSCRIBER_ID);
        }

        /** The address the client must see as the server identifier (RFC 5107). */
        public Optional<Inet4Address> serverIdOverride() {
            return subOptions.address(Dhcp4Options.AGENT_SERVER_ID_OVERRIDE);
        }

        @Override
        public int code() {
            return Dhcp4Options.RELAY_AGENT_INFORMATION;
        }
    }

    /** Client Network Interface Identifier (RFC 4578 §2.2): type 1 is UNDI, then its version. */
    record ClientNdi(int type, int major, int minor) implements Option4 {
        public ClientNdi {
            checkUnsigned(type, 8, "type");
            checkUnsigned(major, 8, "major");
            checkUnsigned(minor, 8, "minor");
        }

        @Override
        public int code() {
            return Dhcp4Options.CLIENT_NDI;
        }
    }

    /** Client machine identifier (RFC 4578 §2.3): type 0 is followed by a 16-byte GUID. */
    record UuidGuid(int type, Bytes id) implements Option4 {
        public UuidGuid {
            checkUnsigned(type, 8, "type");
            Objects.requireNonNull(id, "id");
        }

        @Override
        public int code() {
            return Dhcp4Options.UUID_GUID;
        }
    }
}
