package io.tandem.common.wire.dhcp4;

import static io.tandem.common.wire.Unsigned.checkUnsigned;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DHCPv4 message (RFC 2131 §2, Figure 1): the fixed BOOTP header, then the options. The byte
 * fields keep their full wire width so that a round trip is exact; {@link #hardwareAddress()},
 * {@link #serverName()} and {@link #bootFileName()} read them.
 *
 * <p>Option overload (option 52, RFC 2131 §4.1) and the splitting of long options (RFC 3396) are
 * layouts of the wire, not parts of the value: the decoder reads options out of {@code file} and
 * {@code sname}, leaves those fields zero, and does not list option 52; the encoder writes every
 * option in the options field. So the options of a message hold each code once, never PAD, END or
 * option 52, each in the record its code calls for.
 *
 * @param xid the transaction id: 32 opaque bits
 * @param chaddr client hardware address field, 16 bytes
 * @param sname server host name field, 64 bytes, NUL-terminated text or zeros
 * @param file boot file name field, 128 bytes, NUL-terminated text or zeros
 */
public record Dhcp4Message(int op, int htype, int hlen, int hops, int xid, int secs, int flags,
        Inet4Address ciaddr, Inet4Address yiaddr, Inet4Address siaddr, Inet4Address giaddr,
        Bytes chaddr, Bytes sname, Bytes file, Options4 options) {
    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    /** ARP hardware type of Ethernet, the usual {@code htype}. */
    public static final int HTYPE_ETHERNET = 1;
    /** RFC 2131 §2: the client cannot receive unicast before it is configured. */
    public static final int BROADCAST_FLAG = 0x8000;
    public static final int CHADDR_LENGTH = 16;
    public static final int SNAME_LENGTH = 64;
    public static final int FILE_LENGTH = 128;
    public static final Inet4Address ANY = Addresses.parse4("0.0.0.0");

    private static final Bytes NO_CHADDR = Bytes.of(new byte[CHADDR_LENGTH]);
    private static final Bytes NO_SNAME = Bytes.of(new byte[SNAME_LENGTH]);
    private static final Bytes NO_FILE = Bytes.of(new byte[FILE_LENGTH]);

    public Dhcp4Message {
        checkUnsigned(op, 8, "op");
        checkUnsigned(htype, 8, "htype");
        checkUnsigned(hlen, 8, "hlen");
        checkUnsigned(hops, 8, "hops");
        checkUnsigned(secs, 16, "secs");
        checkUnsigned(flags, 16, "flags");
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(yiaddr, "yiaddr");
        Objects.requireNonNull(siaddr, "siaddr");
        Objects.requireNonNull(giaddr, "giaddr");
        checkLength(chaddr, CHADDR_LENGTH, "chaddr");
        checkLength(sname, SNAME_LENGTH, "sname");
        checkLength(file, FILE_LENGTH, "file");
        checkOptions(options);
    }

    private static void checkLength(Bytes field, int length, String what) {
        if (field.length() != length) {
            throw new IllegalArgumentException(what + " is " + length + " bytes, not " + field.length());
        }
    }

    private static void checkOptions(Options4 options) {
        // Each code against those before it: a message holds a dozen options, and every message built
        // runs this, so no table of the 256 codes per call
        List<Option4> all = options.all();
        for (int i = 0; i < all.size(); i++) {
            int code = all.get(i).code();
            if (code == Dhcp4Options.PAD || code == Dhcp4Options.END || code == Dhcp4Options.OPTION_OVERLOAD) {
                throw new IllegalArgumentException("option " + code + " is wire layout, not an option of a message");
            }
            for (int j = 0; j < i; j++) {
                if (all.get(j).code() == code) {
                    throw new IllegalArgumentException("option " + code + " appears twice; the wire would merge the"
                            + " two (RFC 3396), so a message holds each code once");
                }
            }
        }
        Dhcp4Options.requireRecords(Dhcp4Options.DHCP4, options);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean isRequest() {
        return op == BOOTREQUEST;
    }

    public boolean isReply() {
        return op == BOOTREPLY;
    }

    public boolean isBroadcast() {
        return (flags & BROADCAST_FLAG) != 0;
    }

    /** Whether a relay agent forwarded this message (RFC 2131 §4.1: it sets giaddr). */
    public boolean isRelayed() {
        return !giaddr.equals(ANY);
    }

    /** The first {@code hlen} bytes of chaddr (all 16 when hlen claims more). */
    public Bytes hardwareAddress() {
        return chaddr.slice(0, Math.min(hlen, CHADDR_LENGTH));
    }

    public Optional<MessageType4> messageType() {
        return options.messageType();
    }

    /** The sname field's text up to its NUL, if it has any. */
    public Optional<String> serverName() {
        return fieldText(sname);
    }

    /** The file field's text up to its NUL, if it has any. */
    public Optional<String> bootFileName() {
        return fieldText(file);
    }

    private static Optional<String> fieldText(Bytes field) {
        int end = 0;
        while (end < field.length() && field.get(end) != 0) {
            end++;
        }
        return end == 0 ? Optional.empty() : Optional.of(field.slice(0, end).text());
    }

    /** Builds messages field by field; starts as an Ethernet BOOTREQUEST with everything else zero. */
    public static final class Builder {
        private int op = BOOTREQUEST;
        private int htype = HTYPE_ETHERNET;
        private int hlen = 6;
        private int hops;
        private int xid;
        private int secs;
        private int flags;
        private Inet4Address ciaddr = ANY;
        private Inet4Address yiaddr = ANY;
        private Inet4Address siaddr = ANY;
        private Inet4Address giaddr = ANY;
        private Bytes chaddr = NO_CHADDR;
        private Bytes sname = NO_SNAME;
        private Bytes file = NO_FILE;
        private Options4 options = Options4.NONE;

        private Builder() {
        }

        private Builder(Dhcp4Message message) {
            op = message.op;
            htype = message.htype;
            hlen = message.hlen;
            hops = message.hops;
            xid = message.xid;
            secs = message.secs;
            flags = message.flags;
            ciaddr = message.ciaddr;
            yiaddr = message.yiaddr;
            siaddr = message.siaddr;
            giaddr = message.giaddr;
            chaddr = message.chaddr;
            sname = message.sname;
            file = message.file;
            options = message.options;
        }

        public Builder op(int value) {
            op = value;
            return this;
        }

        public Builder htype(int value) {
            htype = value;
            return this;
        }

        public Builder hlen(int value) {
            hlen = value;
            return this;
        }

        public Builder hops(int value) {
            hops = value;
            return this;
        }

        public Builder xid(int value) {
            xid = value;
            return this;
        }

        public Builder secs(int value) {
            secs = value;
            return this;
        }

        public Builder flags(int value) {
            flags = value;
            return this;
        }

        public Builder broadcast(boolean broadcast) {
            flags = broadcast ? flags | BROADCAST_FLAG : flags & ~BROADCAST_FLAG;
            return this;
        }

        public Builder ciaddr(Inet4Address value) {
            ciaddr = value;
            return this;
        }

        public Builder yiaddr(Inet4Address value) {
            yiaddr = value;
            return this;
        }

        public Builder siaddr(Inet4Address value) {
            siaddr = value;
            return this;
        }

        public Builder giaddr(Inet4Address value) {
            giaddr = value;
            return this;
        }

        /** The whole 16-byte chaddr field. */
        public Builder chaddr(Bytes value) {
            chaddr = value;
            return this;
        }

        /** Sets htype, hlen and chaddr (zero-padded) from a hardware address of at most 16 bytes. */
        public Builder hardwareAddress(int hardwareType, Bytes address) {
            htype = hardwareType;
            hlen = address.length();
            chaddr = padded(address, CHADDR_LENGTH, CHADDR_LENGTH, "hardware address");
            return this;
        }

        /** The whole 64-byte sname field. */
        public Builder sname(Bytes value) {
            sname = value;
            return this;
        }

        /** The sname field as NUL-terminated text (RFC 2131 §2): at most 63 bytes of UTF-8. */
        public Builder serverName(String name) {
            sname = padded(Bytes.utf8(name), SNAME_LENGTH, SNAME_LENGTH - 1, "server name");
            return this;
        }

        /** The whole 128-byte file field. */
        public Builder file(Bytes value) {
            file = value;
            return this;
        }

        /** The file field as NUL-terminated text (RFC 2131 §2): at most 127 bytes of UTF-8. */
        public Builder bootFileName(String name) {
            file = padded(Bytes.utf8(name), FILE_LENGTH, FILE_LENGTH - 1, "boot file name");
            return this;
        }

        public Builder options(Options4 value) {
            options = value;
            return this;
        }

        /** Adds an option, or replaces the one with its code. */
        public Builder option(Option4 option) {
            options = options.with(option);
            return this;
        }

        public Dhcp4Message build() {
            return new Dhcp4Message(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr,
                    sname, file, options);
        }

        /** {@code value} zero-padded to {@code field} bytes, of which it may fill {@code room}. */
        private static Bytes padded(Bytes value, int field, int room, String what) {
            if (value.length() > room) {
                throw new IllegalArgumentException(what + " has " + value.length() + " bytes; at most " + room + " fit");
            }
            return Bytes.of(Arrays.copyOf(value.toArray(), field));
        }
    }
}
