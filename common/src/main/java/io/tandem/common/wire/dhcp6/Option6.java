package io.tandem.common.wire.dhcp6;

import static io.tandem.common.wire.Unsigned.checkUnsigned;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.WireOption;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.List;

/**
 * A DHCPv6 option (RFC 9915 §21): a 16-bit code and a body. The table {@link Dhcp6Options} says
 * which record a code has ({@link Dhcp6Options#recordOf}), and messages and the options that carry
 * options check it; {@link Raw} keeps every option the table does not decode, byte for byte. The
 * named constructors below pair each common option with its record. Values are immutable.
 */
public sealed interface Option6 extends WireOption {

    static DuidOption clientId(Duid duid) {
        return new DuidOption(Dhcp6Options.CLIENTID, duid);
    }

    static DuidOption serverId(Duid duid) {
        return new DuidOption(Dhcp6Options.SERVERID, duid);
    }

    /** The Option Request option: the codes of the options the client asks for. */
    static Uint16List oro(int... codes) {
        return new Uint16List(Dhcp6Options.ORO, Arrays.stream(codes).boxed().toList());
    }

    static Empty rapidCommit() {
        return new Empty(Dhcp6Options.RAPID_COMMIT);
    }

    /** Elapsed time, in hundredths of a second (RFC 9915 §21.9). */
    static Uint16 elapsedTime(int hundredths) {
        return new Uint16(Dhcp6Options.ELAPSED_TIME, hundredths);
    }

    static Text bootfileUrl(String url) {
        return Text.of(Dhcp6Options.BOOTFILE_URL, url);
    }

    private static void checkCode(int code) {
        if (code < 0 || code > 0xffff) {
            throw new IllegalArgumentException("option code " + code + " is not 16 bits");
        }
    }

    /** An option the registry does not define, or one whose body is opaque bytes. */
    record Raw(int code, Bytes data) implements Option6 {
        public Raw {
            checkCode(code);
        }
    }

    /** An option without a body. */
    record Empty(int code) implements Option6 {
        public Empty {
            checkCode(code);
        }
    }

    record Uint8(int code, int value) implements Option6 {
        public Uint8 {
            checkCode(code);
            checkUnsigned(value, 8, "value");
        }
    }

    record Uint16(int code, int value) implements Option6 {
        public Uint16 {
            checkCode(code);
            checkUnsigned(value, 16, "value");
        }
    }

    record Uint32(int code, long value) implements Option6 {
        public Uint32 {
            checkCode(code);
            checkUnsigned(value, 32, "value");
        }
    }

    /** Text such as a URL, kept as its bytes so that a round trip is exact. */
    record Text(int code, Bytes value) implements Option6 {
        public Text {
            checkCode(code);
        }

        public static Text of(int code, String text) {
            return new Text(code, Bytes.utf8(text));
        }

        public String text() {
            return value.text();
        }
    }

    record Address(int code, Inet6Address address) implements Option6 {
        public Address {
            checkCode(code);
        }
    }

    record AddressList(int code, List<Inet6Address> addresses) implements Option6 {
        public AddressList {
            checkCode(code);
            addresses = List.copyOf(addresses);
        }
    }

    record DomainList(int code, List<DomainName> names) implements Option6 {
        public DomainList {
            checkCode(code);
            names = List.copyOf(names);
        }
    }

    record Domain(int code, DomainName name) implements Option6 {
        public Domain {
            checkCode(code);
        }
    }

    /** A list of 16-bit values: the ORO's option codes, the client's architecture types. */
    record Uint16List(int code, List<Integer> values) implements Option6 {
        public Uint16List {
            checkCode(code);
            values = List.copyOf(values);
            for (int value : values) {
                checkUnsigned(value, 16, "item");
            }
        }
    }

    /** Items each preceded by a 16-bit length: user class data, bootfile parameters. */
    record LengthPrefixedList(int code, List<Bytes> items) implements Option6 {
        public LengthPrefixedList {
            checkCode(code);
            items = List.copyOf(items);
            for (Bytes item : items) {
                checkUnsigned(item.length(), 16, "item length");
            }
        }
    }

    /** Client or server identifier. */
    record DuidOption(int code, Duid duid) implements Option6 {
        public DuidOption {
            checkCode(code);
        }
    }

    private static void checkIdentityAssociation(long iaid, long t1, long t2, Options6 options) {
        checkUnsigned(iaid, 32, "IAID");
        checkUnsigned(t1, 32, "T1");
        checkUnsigned(t2, 32, "T2");
        Dhcp6Options.requireRecords(Dhcp6Options.DHCP6, options, false);
    }

    /** What IA_NA and IA_PD share: an IAID, T1, T2 and the options inside. */
    sealed interface IdentityAssociation extends Option6 {
        long iaid();

        long t1();

        long t2();

        Options6 options();
    }

    /** Identity Association for Non-temporary Addresses (RFC 9915 §21.4). */
    record IaNa(long iaid, long t1, long t2, Options6 options) implements IdentityAssociation {
        public IaNa {
            checkIdentityAssociation(iaid, t1, t2, options);
        }

        @Override
        public int code() {
            return Dhcp6Options.IA_NA;
        }
    }

    /** Identity Association for Prefix Delegation (RFC 9915 §21.21). */
    record IaPd(long iaid, long t1, long t2, Options6 options) implements IdentityAssociation {
        public IaPd {
            checkIdentityAssociation(iaid, t1, t2, options);
        }

        @Override
        public int code() {
            return Dhcp6Options.IA_PD;
        }
    }

    private static void checkLease(long preferredLifetime, long validLifetime, Options6 options) {
        checkUnsigned(preferredLifetime, 32, "preferred lifetime");
        checkUnsigned(validLifetime, 32, "valid lifetime");
        Dhcp6Options.requireRecords(Dhcp6Options.DHCP6, options, false);
    }

    /** An address inside an IA_NA (RFC 9915 §21.6). */
    record IaAddress(Inet6Address address, long preferredLifetime, long validLifetime, Options6 options)
            implements Option6 {
        public IaAddress {
            checkLease(preferredLifetime, validLifetime, options);
        }

        @Override
        public int code() {
            return Dhcp6Options.IAADDR;
        }
    }

    /** A prefix inside an IA_PD (RFC 9915 §21.22). */
    record IaPrefix(long preferredLifetime, long validLifetime, int prefixLength, Inet6Address prefix, Options6 options)
            implements Option6 {
        public IaPrefix {
            checkLease(preferredLifetime, validLifetime, options);
            checkUnsigned(prefixLength, 8, "prefix length");
        }

        @Override
        public int code() {
            return Dhcp6Options.IAPREFIX;
        }
    }

    /** Status code and a message meant for people (RFC 9915 §21.13). */
    record StatusCode(int status, Bytes message) implements Option6 {
        public static final int SUCCESS = 0;
        public static final int UNSPEC_FAIL = 1;
        public static final int NO_ADDRS_AVAIL = 2;
        public static final int NO_BINDING = 3;
        public static final int NOT_ON_LINK = 4;
        public static final int USE_MULTICAST = 5;
        public static final int NO_PREFIX_AVAIL = 6;

        public StatusCode {
            checkUnsigned(status, 16, "status");
        }

        public static StatusCode of(int status, String message) {
            return new StatusCode(status, Bytes.utf8(message));
        }

        public String messageText() {
            return message.text();
        }

        public String statusName() {
            return switch (status) {
                case SUCCESS -> "Success";
                case UNSPEC_FAIL -> "UnspecFail";
                case NO_ADDRS_AVAIL -> "NoAddrsAvail";
                case NO_BINDING -> "NoBinding";
                case NOT_ON_LINK -> "NotOnLink";
                case USE_MULTICAST -> "UseMulticast";
                case NO_PREFIX_AVAIL -> "NoPrefixAvail";
                default -> "status-" + status;
            };
        }

        @Override
        public int code() {
            return Dhcp6Options.STATUS_CODE;
        }
    }

    /** Vendor class (RFC 9915 §21.16): an enterprise number and length-prefixed data items. */
    record VendorClass(long enterpriseNumber, List<Bytes> data) implements Option6 {
        public VendorClass {
            checkUnsigned(enterpriseNumber, 32, "enterprise number");
            data = List.copyOf(data);
            for (Bytes item : data) {
                checkUnsigned(item.length(), 16, "item length");
            }
        }

        @Override
        public int code() {
            return Dhcp6Options.VENDOR_CLASS;
        }
    }

    /**
     * Vendor-specific information (RFC 9915 §21.17): sub-options in the enterprise's own space,
     * typed for ISC's (Kea's 4o6 metadata), raw for others.
     */
    record VendorOptions(long enterpriseNumber, Options6 subOptions) implements Option6 {
        public VendorOptions {
            checkUnsigned(enterpriseNumber, 32, "enterprise number");
            Dhcp6Options.requireRecords(Dhcp6Options.vendorSpace(enterpriseNumber), subOptions, false);
        }

        @Override
        public int code() {
            return Dhcp6Options.VENDOR_OPTS;
        }
    }

    /** Relay agent Remote-ID (RFC 4649). */
    record RemoteId(long enterpriseNumber, Bytes remoteId) implements Option6 {
        public RemoteId {
            checkUnsigned(enterpriseNumber, 32, "enterprise number");
        }

        @Override
        public int code() {
            return Dhcp6Options.REMOTE_ID;
        }
    }

    /** NTP server (RFC 5908): sub-options naming servers by address, multicast group or name. */
    record NtpServer(Options6 subOptions) implements Option6 {
        public NtpServer {
            Dhcp6Options.requireRecords(Dhcp6Options.NTP, subOptions, false);
        }

        @Override
        public int code() {
            return Dhcp6Options.NTP_SERVER;
        }
    }

    /** Client Network Interface Identifier (RFC 5970 §3.4): UNDI type and version. */
    record Nii(int type, int major, int minor) implements Option6 {
        public Nii {
            checkUnsigned(type, 8, "type");
            checkUnsigned(major, 8, "major");
            checkUnsigned(minor, 8, "minor");
        }

        @Override
        public int code() {
            return Dhcp6Options.NII;
        }
    }

    /** Client link-layer address added by the first relay (RFC 6939). */
    record ClientLinkLayerAddress(int hardwareType, Bytes address) implements Option6 {
        public ClientLinkLayerAddress {
            checkUnsigned(hardwareType, 16, "hardware type");
        }

        @Override
        public int code() {
            return Dhcp6Options.CLIENT_LINKLAYER_ADDR;
        }
    }

    /** The message a relay carries (RFC 9915 §21.10), decoded. */
    record RelayedMessage(Dhcp6Message message) implements Option6 {
        @Override
        public int code() {
            return Dhcp6Options.RELAY_MSG;
        }
    }
}
