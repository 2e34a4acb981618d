package io.tandem.common.wire.dhcp4;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.OptionSpace;
import io.tandem.common.wire.WireReader;
import io.tandem.common.wire.WireWriter;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes ⇄ {@link Dhcp4Message} (RFC 2131 §2 and §3, RFC 2132, RFC 3396). Decoding reads options
 * from the options field and, under option overload, from {@code file} then {@code sname}; merges
 * every instance of a code in that order; and decodes each body strictly by the registry
 * {@link Dhcp4Options}. It fails only with {@link DecodeException}, and its work and memory are
 * linear in the datagram. Encoding is the canonical layout, and the inverse of decoding for every
 * message: the header, the cookie, each option in list order (split into 255-byte instances when
 * longer), END, then zeros up to {@link #MINIMUM_LENGTH}.
 */
public final class Dhcp4Codec {
    /** The fixed BOOTP header, op through file (RFC 2131 §2). */
    public static final int HEADER_LENGTH = 236;
    /** 99.130.83.99 (RFC 2131 §3): what tells DHCP options from BOOTP vendor data. */
    public static final long MAGIC_COOKIE = 0x63825363L;
    /**
     * RFC 951 §3: BOOTP's fixed 64-byte vendor field made every message 300 bytes, and relays and
     * old clients still expect that much, so shorter messages are padded.
     */
    public static final int MINIMUM_LENGTH = 300;
    private static final int MAX_INSTANCE = 255;
    private static final int OVERLOAD_FILE = 1;
    private static final int OVERLOAD_SNAME = 2;
    /** Each thread's writer for whole messages, which are then copied out once at their size. */
    private static final ThreadLocal<WireWriter> SCRATCH = ThreadLocal.withInitial(() -> new WireWriter(576));

    private Dhcp4Codec() {
    }

    public static Dhcp4Message decode(byte[] datagram) throws DecodeException {
        return decode(WireReader.of(datagram));
    }

    /** A message held as {@link Bytes}, such as the DHCPv4 Message option of a DHCPV4-QUERY, read in place. */
    public static Dhcp4Message decode(Bytes message) throws DecodeException {
        return decode(message.reader());
    }

    private static Dhcp4Message decode(WireReader reader) throws DecodeException {
        Dhcp4Message.Builder message = Dhcp4Message.builder()
                .op(reader.u8("op"))
                .htype(reader.u8("htype"))
                .hlen(reader.u8("hlen"))
                .hops(reader.u8("hops"))
                .xid((int) reader.u32("xid"))
                .secs(reader.u16("secs"))
                .flags(reader.u16("flags"))
                .ciaddr(reader.address4("ciaddr"))
                .yiaddr(reader.address4("yiaddr"))
                .siaddr(reader.address4("siaddr"))
                .giaddr(reader.address4("giaddr"))
                .chaddr(reader.bytes(Dhcp4Message.CHADDR_LENGTH, "chaddr"));
        WireReader sname = reader.slice(Dhcp4Message.SNAME_LENGTH, "sname");
        WireReader file = reader.slice(Dhcp4Message.FILE_LENGTH, "file");
        int cookieAt = reader.offset();
        long cookie = reader.u32("magic cookie");
        if (cookie != MAGIC_COOKIE) {
            throw new DecodeException(String.format("magic cookie %08x is not 63825363 (99.130.83.99)", cookie),
                    cookieAt);
        }
        Instances instances = new Instances();
        instances.read(reader, "options", true);
        int overload = overload(instances);
        // RFC 2131 §4.1: file first, then sname, so that RFC 3396 concatenates in that order too.
        // A field of zeros, as most are, stays the builder's own zeros: no copy of it per message.
        if ((overload & OVERLOAD_FILE) != 0) {
            instances.read(file, "file", false);
        } else if (!file.restIsZeros()) {
            message.file(file.rest());
        }
        if ((overload & OVERLOAD_SNAME) != 0) {
            instances.read(sname, "sname", false);
        } else if (!sname.restIsZeros()) {
            message.sname(sname.rest());
        }
        List<Option4> options = new ArrayList<>(instances.inOrder.size());
        for (Instances.Found found : instances.inOrder) {
            if (found != null) {
                options.add(option(Dhcp4Options.DHCP4, found.code, found.body(), found.what()));
            }
        }
        return message.options(new Options4(options)).build();
    }

    /** Takes option 52 out of the found options: which header fields hold more options. */
    private static int overload(Instances instances) throws DecodeException {
        Instances.Found found = instances.remove(Dhcp4Options.OPTION_OVERLOAD);
        if (found == null) {
            return 0;
        }
        int value = ((Option4.Uint8) option(Dhcp4Options.DHCP4, found.code, found.body(), found.what())).value();
        if (value < 1 || value > 3) {
            throw new DecodeException(found.what() + ": value " + value + " is not 1 (file), 2 (sname) or 3 (both)",
                    found.offset);
        }
        return value;
    }

    /**
     * Every option instance of a message by code, in order of first appearance, each instance's
     * bytes kept with their offset in the datagram. Per message one list and one small index, and
     * per code one {@link Found} (a map of boxed codes to lists of boxed offsets was a tenth of
     * dhcp4o6d's allocation).
     */
    private static final class Instances {
        /** The codes found, in order of first appearance; null where one was taken out. */
        final List<Found> inOrder = new ArrayList<>();
        /** Each code's place in {@link #inOrder} plus one, 0 for a code not found: at most 254 codes, so a byte. */
        private final byte[] placeOf = new byte[256];

        /** The instances of {@code code}, taken out of the message's options; null if there are none. */
        Found remove(int code) {
            int place = placeOf[code] & 0xff;
            if (place == 0) {
                return null;
            }
            placeOf[code] = 0;
            return inOrder.set(place - 1, null);
        }

        /** Reads one option area up to END or the area's end; PAD is skipped. */
        void read(WireReader area, String field, boolean optionsField) throws DecodeException {
            while (area.hasRemaining()) {
                int at = area.offset();
                int code = area.u8("option code");
                if (code == Dhcp4Options.PAD) {
                    continue;
                }
                if (code == Dhcp4Options.END) {
                    return;
                }
                String what = OPTION_NAMES[code];
                if (!area.hasRemaining()) {
                    throw new DecodeException(what + ": no length byte before the end of the " + field + " field", at);
                }
                int length = area.u8(LENGTH_NAMES[code]);
                if (length > area.remaining()) {
                    throw new DecodeException(what + ": length " + length + " exceeds the " + area.remaining()
                            + " bytes left in the " + field + " field", at);
                }
                if (code == Dhcp4Options.OPTION_OVERLOAD && !optionsField) {
                    throw new DecodeException(what + " in the " + field + " field: only the options field may hold it",
                            at);
                }
                int dataAt = area.offset();
                Bytes part = area.bytes(length, what);
                int place = placeOf[code] & 0xff;
                if (place == 0) {
                    inOrder.add(new Found(code, at, dataAt, part));
                    placeOf[code] = (byte) inOrder.size();
                } else {
                    inOrder.get(place - 1).add(dataAt, part);
                }
            }
        }

        /** One option: its instances in the order RFC 3396 concatenates them. */
        static final class Found {
            final int code;
            final int offset;
            private final int firstDataOffset;
            private final Bytes firstPart;
            /** Every instance, the first included, made only for a code that has more than one (RFC 3396). */
            private List<Integer> dataOffsets;
            private List<Bytes> parts;

            Found(int code, int offset, int dataOffset, Bytes part) {
                this.code = code;
                this.offset = offset;
                this.firstDataOffset = dataOffset;
                this.firstPart = part;
            }

            void add(int dataOffset, Bytes part) {
                if (parts == null) {
                    dataOffsets = new ArrayList<>(List.of(firstDataOffset));
                    parts = new ArrayList<>(List.of(firstPart));
                }
                dataOffsets.add(dataOffset);
                parts.add(part);
            }

            String what() {
                return OPTION_NAMES[code];
            }

            Body body() {
                if (parts == null) {
                    return new Body(firstPart, offset, null, firstDataOffset);
                }
                int length = parts.stream().mapToInt(Bytes::length).sum();
                WireWriter concatenated = new WireWriter(length);
                parts.forEach(concatenated::bytes);
                int[] origin = new int[length];
                int position = 0;
                for (int i = 0; i < parts.size(); i++) {
                    for (int k = 0; k < parts.get(i).length(); k++) {
                        origin[position++] = dataOffsets.get(i) + k;
                    }
                }
                return new Body(concatenated.toBytes(), offset, origin, 0);
            }
        }
    }

    /**
     * An option body, perhaps concatenated from instances in different places, with the way back
     * from a position in it to an offset in the datagram for error messages.
     */
    private static final class Body {
        final Bytes data;
        /** Offset of the option's (first) code byte: where length errors point. */
        final int optionOffset;
        /** The datagram offset of each byte of a concatenated body; null when the body is one instance. */
        private final int[] origin;
        /** Where this body starts: in {@code origin}, or in the datagram when there is none. */
        private final int start;

        Body(Bytes data, int optionOffset, int[] origin, int start) {
            this.data = data;
            this.optionOffset = optionOffset;
            this.origin = origin;
            this.start = start;
        }

        int length() {
            return data.length();
        }

        int offsetAt(int index) {
            return origin == null ? start + index : origin[start + index];
        }

        /** The body of a sub-option whose code byte is at {@code at}, spanning [from, to) of this one. */
        Body sub(int at, int from, int to) {
            return new Body(data.slice(from, to), offsetAt(at), origin, start + from);
        }

        /** A reader for the body once its length is checked; offsets in its errors are not the datagram's. */
        WireReader reader() {
            return WireReader.of(data.toArray());
        }

        void requireLength(int expected, String what) throws DecodeException {
            if (length() != expected) {
                throw new DecodeException(what + ": length " + length() + ", expected " + expected, optionOffset);
            }
        }

        void requireMultiple(int size, String what) throws DecodeException {
            if (length() % size != 0) {
                throw new DecodeException(what + ": length " + length() + " is not a multiple of " + size,
                        optionOffset);
            }
        }

        void requireAtLeast(int minimum, String what) throws DecodeException {
            if (length() < minimum) {
                throw new DecodeException(what + ": length " + length() + ", at least " + minimum + " expected",
                        optionOffset);
            }
        }
    }

    /**
     * {@link #describe} of each DHCPv4 option code, and of its length byte, made once: the decoder
     * names every option it reads for the error it may throw, and most messages throw none.
     */
    private static final String[] OPTION_NAMES = new String[256];
    private static final String[] LENGTH_NAMES = new String[256];

    static {
        for (int code = 0; code < 256; code++) {
            OPTION_NAMES[code] = describe(Dhcp4Options.DHCP4, code);
            LENGTH_NAMES[code] = OPTION_NAMES[code] + " length";
        }
    }

    private static String describe(OptionSpace space, int code) {
        return (space == Dhcp4Options.AGENT ? "sub-option " : "option ") + code + " (" + space.nameOf(code) + ")";
    }

    /** Decodes a body into the record the space gives its code; every length is checked before reading. */
    private static Option4 option(OptionSpace space, int code, Body body, String what) throws DecodeException {
        WireReader reader = body.reader();
        Class<? extends Option4> record = Dhcp4Options.recordOf(space, code);
        if (record == Option4.Raw.class) {
            return new Option4.Raw(code, body.data);
        } else if (record == Option4.Text.class) {
            return new Option4.Text(code, body.data);
        } else if (record == Option4.Empty.class) {
            body.requireLength(0, what);
            return new Option4.Empty(code);
        } else if (record == Option4.Uint8.class) {
            body.requireLength(1, what);
            return new Option4.Uint8(code, reader.u8(what));
        } else if (record == Option4.Uint16.class) {
            body.requireLength(2, what);
            return new Option4.Uint16(code, reader.u16(what));
        } else if (record == Option4.Uint32.class) {
            body.requireLength(4, what);
            return new Option4.Uint32(code, reader.u32(what));
        } else if (record == Option4.Int32.class) {
            body.requireLength(4, what);
            return new Option4.Int32(code, (int) reader.u32(what));
        } else if (record == Option4.Address.class) {
            body.requireLength(4, what);
            return new Option4.Address(code, reader.address4(what));
        } else if (record == Option4.AddressList.class) {
            body.requireMultiple(4, what);
            List<Inet4Address> addresses = new ArrayList<>(body.length() / 4);
            while (reader.hasRemaining()) {
                addresses.add(reader.address4(what));
            }
            return new Option4.AddressList(code, addresses);
        } else if (record == Option4.Uint8List.class) {
            List<Integer> values = new ArrayList<>(body.length());
            while (reader.hasRemaining()) {
                values.add(reader.u8(what));
            }
            return new Option4.Uint8List(code, values);
        } else if (record == Option4.Uint16List.class) {
            body.requireMultiple(2, what);
            List<Integer> values = new ArrayList<>(body.length() / 2);
            while (reader.hasRemaining()) {
                values.add(reader.u16(what));
            }
            return new Option4.Uint16List(code, values);
        } else if (record == Option4.ClientId.class) {
            body.requireAtLeast(2, what);
            return new Option4.ClientId(reader.u8(what), reader.rest());
        } else if (record == Option4.RelayAgentInfo.class) {
            return relayAgentInfo(body, what);
        } else if (record == Option4.ClientNdi.class) {
            body.requireLength(3, what);
            return new Option4.ClientNdi(reader.u8(what), reader.u8(what), reader.u8(what));
        } else if (record == Option4.UuidGuid.class) {
            body.requireAtLeast(1, what);
            return new Option4.UuidGuid(reader.u8(what), reader.rest());
        }
        throw new IllegalStateException("no decoder for " + record);
    }

    /**
     * RFC 3046 §2.0: sub-options are code, length, value, with neither PAD nor END. The agent space
     * has no special records, so the call back into {@link #option} goes one level deep.
     */
    private static Option4.RelayAgentInfo relayAgentInfo(Body body, String what) throws DecodeException {
        List<Option4> subOptions = new ArrayList<>();
        int index = 0;
        while (index < body.length()) {
            int at = body.offsetAt(index);
            int code = body.data.get(index);
            String sub = what + " " + describe(Dhcp4Options.AGENT, code);
            int left = body.length() - index - 2;
            if (left < 0) {
                throw new DecodeException(sub + ": no length byte", at);
            }
            int length = body.data.get(index + 1);
            if (length > left) {
                throw new DecodeException(sub + ": length " + length + " exceeds the " + left + " bytes left", at);
            }
            subOptions.add(option(Dhcp4Options.AGENT, code, body.sub(index, index + 2, index + 2 + length), sub));
            index += 2 + length;
        }
        return new Option4.RelayAgentInfo(new Options4(subOptions));
    }

    public static byte[] encode(Dhcp4Message message) {
        return encode(message, MINIMUM_LENGTH);
    }

    /**
     * Encodes with zero padding up to {@code minimumLength} instead of 300. Senders differ: PXE ROMs
     * pad to 548 or 576 bytes, Kea's 4o6 replies are not padded at all; a capture re-encodes byte
     * for byte with its own length.
     */
    public static byte[] encode(Dhcp4Message message, int minimumLength) {
        WireWriter out = SCRATCH.get().clear();
        encode(message, minimumLength, out);
        return out.toByteArray();
    }

    /** {@link #encode(Dhcp4Message, int)} as {@link Bytes}: the message as an option of another (RFC 7341). */
    public static Bytes encodeToBytes(Dhcp4Message message, int minimumLength) {
        WireWriter out = SCRATCH.get().clear();
        encode(message, minimumLength, out);
        return out.toBytes();
    }

    /** {@link #encode(Dhcp4Message, int)} appended to {@code out}. */
    public static void encode(Dhcp4Message message, int minimumLength, WireWriter out) {
        int start = out.position();
        out.u8(message.op()).u8(message.htype()).u8(message.hlen()).u8(message.hops())
                .u32(Integer.toUnsignedLong(message.xid())).u16(message.secs()).u16(message.flags())
                .address(message.ciaddr()).address(message.yiaddr()).address(message.siaddr()).address(message.giaddr())
                .bytes(message.chaddr()).bytes(message.sname()).bytes(message.file())
                .u32(MAGIC_COOKIE);
        for (Option4 option : message.options().all()) {
            // Written in place, as almost every body fits one instance; a longer one is taken back
            // and split into instances of 255 bytes (RFC 3396).
            int at = out.position();
            out.u8(option.code());
            int length = out.reserve8();
            writeBody(out, option);
            if (out.position() - length - 1 <= MAX_INSTANCE) {
                out.patchLength8(length);
                continue;
            }
            out.truncate(at);
            Bytes body = body(option);
            for (int from = 0; from < body.length(); from += MAX_INSTANCE) {
                int to = Math.min(body.length(), from + MAX_INSTANCE);
                out.u8(option.code()).u8(to - from).bytes(body.slice(from, to));
            }
        }
        out.u8(Dhcp4Options.END);
        if (out.position() - start < minimumLength) {
            out.zeros(minimumLength - (out.position() - start));
        }
    }

    /** The body of an option, whatever its length. */
    static Bytes body(Option4 option) {
        WireWriter out = new WireWriter(16);
        writeBody(out, option);
        return out.toBytes();
    }

    // Java 17 has no pattern switch; the chain follows Option4's order and ends in an error so
    // that a new record type cannot be forgotten silently.
    private static void writeBody(WireWriter out, Option4 option) {
        if (option instanceof Option4.Raw o) {
            out.bytes(o.data());
        } else if (option instanceof Option4.Empty) {
            return;
        } else if (option instanceof Option4.Uint8 o) {
            out.u8(o.value());
        } else if (option instanceof Option4.Uint16 o) {
            out.u16(o.value());
        } else if (option instanceof Option4.Uint32 o) {
            out.u32(o.value());
        } else if (option instanceof Option4.Int32 o) {
            out.u32(o.value());
        } else if (option instanceof Option4.Address o) {
            out.address(o.address());
        } else if (option instanceof Option4.AddressList o) {
            o.addresses().forEach(out::address);
        } else if (option instanceof Option4.Uint8List o) {
            o.values().forEach(out::u8);
        } else if (option instanceof Option4.Uint16List o) {
            o.values().forEach(out::u16);
        } else if (option instanceof Option4.Text o) {
            out.bytes(o.value());
        } else if (option instanceof Option4.ClientId o) {
            out.bytes(o.value());
        } else if (option instanceof Option4.RelayAgentInfo o) {
            for (Option4 subOption : o.subOptions().all()) {
                out.u8(subOption.code());
                int length = out.reserve8();
                writeBody(out, subOption);
                out.patchLength8(length);
            }
        } else if (option instanceof Option4.ClientNdi o) {
            out.u8(o.type()).u8(o.major()).u8(o.minor());
        } else if (option instanceof Option4.UuidGuid o) {
            out.u8(o.type()).bytes(o.id());
        } else {
            throw new IllegalStateException("no encoder for " + option.getClass());
        }
    }
}
