package io.tandem.common.wire.dhcp6;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.OptionSpace;
import io.tandem.common.wire.What;
import io.tandem.common.wire.WireReader;
import io.tandem.common.wire.WireWriter;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes ⇄ {@link Dhcp6Message}. Decoding is driven by the option table {@link Dhcp6Options},
 * checks every length, and fails only with {@link DecodeException}; its work is linear in the
 * datagram and its recursion bounded. Encoding is the exact inverse for every decoded value.
 */
public final class Dhcp6Codec {
    /** RFC 9915 §7.6: relays stop forwarding at this hop count. */
    public static final int HOP_COUNT_LIMIT = 8;
    /**
     * Relay layers a legitimate message can have: relays wrap messages with hop counts 0 to
     * HOP_COUNT_LIMIT (the last relay sees HOP_COUNT_LIMIT - 1, which is still below the limit).
     */
    public static final int MAX_RELAY_LAYERS = HOP_COUNT_LIMIT + 1;
    /** Options inside options: IA_NA → IAADDR → status code is three; nothing legitimate nests deeper. */
    public static final int MAX_OPTION_NESTING = 4;

    private Dhcp6Codec() {
    }

    /** Names an option in a {@link DecodeException}: {@code "ia-na (3) at offset 44"}. */
    private record OptionAt(OptionSpace space, int code, int offset) {
        @Override
        public String toString() {
            return space.nameOf(code) + " (" + code + ") at offset " + offset;
        }
    }

    public static Dhcp6Message decode(byte[] datagram) throws DecodeException {
        WireReader reader = WireReader.of(datagram);
        return message(reader, 0);
    }

    private static Dhcp6Message message(WireReader reader, int relayLayers) throws DecodeException {
        int start = reader.offset();
        MessageType6 type = MessageType6.of(reader.u8("message type"));
        if (type.isRelay()) {
            if (relayLayers >= MAX_RELAY_LAYERS) {
                throw new DecodeException("more than " + MAX_RELAY_LAYERS + " nested relay messages", start);
            }
            int hopCount = reader.u8("hop-count");
            Inet6Address linkAddress = reader.address6("link-address");
            Inet6Address peerAddress = reader.address6("peer-address");
            Options6 options = options(reader, Dhcp6Options.DHCP6, 0, relayLayers + 1);
            return new RelayMessage(type, hopCount, linkAddress, peerAddress, options);
        }
        if (type.isDhcp4o6()) {
            int flags = reader.u24("flags");
            return new Dhcp4o6Message(type, flags, options(reader, Dhcp6Options.DHCP6, 0, -1));
        }
        int transactionId = reader.u24("transaction-id");
        return new ClientServerMessage(type, transactionId, options(reader, Dhcp6Options.DHCP6, 0, -1));
    }

    /**
     * Decodes options until the reader ends. {@code relayLayers} is the number of relay headers
     * around these options when they belong to a relay message (so relay-msg is decoded), or -1.
     */
    private static Options6 options(WireReader reader, OptionSpace space, int nesting, int relayLayers)
            throws DecodeException {
        if (nesting > MAX_OPTION_NESTING) {
            throw new DecodeException("options nested more than " + MAX_OPTION_NESTING + " deep", reader.offset());
        }
        List<Option6> options = new ArrayList<>();
        while (reader.hasRemaining()) {
            int start = reader.offset();
            int code = reader.u16("option code");
            int length = reader.u16(What.of("length of option", code));
            OptionAt what = new OptionAt(space, code, start);
            WireReader body = reader.slice(length, what);
            options.add(option(code, body, what, space, nesting, relayLayers));
        }
        return new Options6(options);
    }

    private static Option6 option(int code, WireReader body, Object what, OptionSpace space, int nesting,
            int relayLayers) throws DecodeException {
        Option6 option = body(Dhcp6Options.recordOf(space, code), code, body, what, nesting, relayLayers);
        body.expectEnd(what);
        return option;
    }

    // Java 17 has no pattern switch; the chain follows Option6's order.
    private static Option6 body(Class<? extends Option6> record, int code, WireReader body, Object what,
            int nesting, int relayLayers) throws DecodeException {
        if (record == Option6.Raw.class) {
            return new Option6.Raw(code, body.rest());
        } else if (record == Option6.Empty.class) {
            return new Option6.Empty(code);
        } else if (record == Option6.Uint8.class) {
            return new Option6.Uint8(code, body.u8(what));
        } else if (record == Option6.Uint16.class) {
            return new Option6.Uint16(code, body.u16(what));
        } else if (record == Option6.Uint32.class) {
            return new Option6.Uint32(code, body.u32(what));
        } else if (record == Option6.Text.class) {
            return new Option6.Text(code, body.rest());
        } else if (record == Option6.Address.class) {
            return new Option6.Address(code, body.address6(what));
        } else if (record == Option6.AddressList.class) {
            return new Option6.AddressList(code, addressList(body, what));
        } else if (record == Option6.DomainList.class) {
            return new Option6.DomainList(code, domainList(body, what));
        } else if (record == Option6.Domain.class) {
            return new Option6.Domain(code, domainName(body, what));
        } else if (record == Option6.Uint16List.class) {
            return new Option6.Uint16List(code, uint16List(body, what));
        } else if (record == Option6.LengthPrefixedList.class) {
            return new Option6.LengthPrefixedList(code, lengthPrefixed(body, what));
        } else if (record == Option6.DuidOption.class) {
            return new Option6.DuidOption(code, duid(body, what));
        } else if (record == Option6.IaNa.class) {
            return new Option6.IaNa(body.u32(What.of(what, "IAID")), body.u32(What.of(what, "T1")), body.u32(What.of(what, "T2")),
                    options(body, Dhcp6Options.DHCP6, nesting + 1, -1));
        } else if (record == Option6.IaPd.class) {
            return new Option6.IaPd(body.u32(What.of(what, "IAID")), body.u32(What.of(what, "T1")), body.u32(What.of(what, "T2")),
                    options(body, Dhcp6Options.DHCP6, nesting + 1, -1));
        } else if (record == Option6.IaAddress.class) {
            return new Option6.IaAddress(body.address6(what), body.u32(What.of(what, "preferred lifetime")),
                    body.u32(What.of(what, "valid lifetime")), options(body, Dhcp6Options.DHCP6, nesting + 1, -1));
        } else if (record == Option6.IaPrefix.class) {
            return iaPrefix(body, what, nesting);
        } else if (record == Option6.StatusCode.class) {
            return new Option6.StatusCode(body.u16(what), body.rest());
        } else if (record == Option6.VendorClass.class) {
            return new Option6.VendorClass(body.u32(What.of(what, "enterprise")), lengthPrefixed(body, what));
        } else if (record == Option6.VendorOptions.class) {
            long enterprise = body.u32(What.of(what, "enterprise"));
            return new Option6.VendorOptions(enterprise,
                    options(body, Dhcp6Options.vendorSpace(enterprise), nesting + 1, -1));
        } else if (record == Option6.RemoteId.class) {
            return new Option6.RemoteId(body.u32(What.of(what, "enterprise")), body.rest());
        } else if (record == Option6.NtpServer.class) {
            return new Option6.NtpServer(options(body, Dhcp6Options.NTP, nesting + 1, -1));
        } else if (record == Option6.Nii.class) {
            return new Option6.Nii(body.u8(what), body.u8(what), body.u8(what));
        } else if (record == Option6.ClientLinkLayerAddress.class) {
            return new Option6.ClientLinkLayerAddress(body.u16(what), body.rest());
        } else if (record == Option6.RelayedMessage.class) {
            return relayLayers < 0
                    ? new Option6.Raw(code, body.rest())
                    : new Option6.RelayedMessage(message(body, relayLayers));
        }
        throw new IllegalStateException("no decoder for " + record);
    }

    private static Option6.IaPrefix iaPrefix(WireReader body, Object what, int nesting) throws DecodeException {
        long preferred = body.u32(What.of(what, "preferred lifetime"));
        long valid = body.u32(What.of(what, "valid lifetime"));
        int at = body.offset();
        int prefixLength = body.u8(What.of(what, "prefix length"));
        if (prefixLength > 128) {
            throw new DecodeException(what + ": prefix length " + prefixLength + " is over 128", at);
        }
        Inet6Address prefix = body.address6(What.of(what, "prefix"));
        return new Option6.IaPrefix(preferred, valid, prefixLength, prefix,
                options(body, Dhcp6Options.DHCP6, nesting + 1, -1));
    }

    private static Duid duid(WireReader body, Object what) throws DecodeException {
        if (body.remaining() < 3 || body.remaining() > Duid.MAX_LENGTH) {
            throw new DecodeException(what + ": a DUID is 3 to " + Duid.MAX_LENGTH + " bytes, not "
                    + body.remaining(), body.offset());
        }
        return new Duid(body.rest());
    }

    private static List<Inet6Address> addressList(WireReader body, Object what) throws DecodeException {
        if (body.remaining() % 16 != 0) {
            throw new DecodeException(what + ": length " + body.remaining() + " is not a multiple of 16", body.offset());
        }
        List<Inet6Address> addresses = new ArrayList<>(body.remaining() / 16);
        while (body.hasRemaining()) {
            addresses.add(body.address6(what));
        }
        return addresses;
    }

    private static List<Integer> uint16List(WireReader body, Object what) throws DecodeException {
        if (body.remaining() % 2 != 0) {
            throw new DecodeException(what + ": length " + body.remaining() + " is odd", body.offset());
        }
        List<Integer> values = new ArrayList<>(body.remaining() / 2);
        while (body.hasRemaining()) {
            values.add(body.u16(what));
        }
        return values;
    }

    private static List<Bytes> lengthPrefixed(WireReader body, Object what) throws DecodeException {
        List<Bytes> items = new ArrayList<>();
        while (body.hasRemaining()) {
            int length = body.u16(What.of(what, "item length"));
            items.add(body.bytes(length, What.of(what, "item")));
        }
        return items;
    }

    private static List<DomainName> domainList(WireReader body, Object what) throws DecodeException {
        List<DomainName> names = new ArrayList<>();
        while (body.hasRemaining()) {
            names.add(domainName(body, what));
        }
        return names;
    }

    private static DomainName domainName(WireReader body, Object what) throws DecodeException {
        int start = body.offset();
        List<String> labels = new ArrayList<>();
        int wireLength = 1;
        while (true) {
            int at = body.offset();
            int length = body.u8(What.of(what, "label length"));
            if (length == 0) {
                return new DomainName(labels);
            }
            if (length > 63) {
                throw new DecodeException(what + ": label length " + length + " (compression is not allowed)", at);
            }
            wireLength += 1 + length;
            if (wireLength > DomainName.MAX_WIRE_LENGTH) {
                throw new DecodeException(what + ": domain name longer than 255 bytes", start);
            }
            labels.add(new String(body.bytes(length, What.of(what, "label")).toArray(), StandardCharsets.ISO_8859_1));
        }
    }

    public static byte[] encode(Dhcp6Message message) {
        WireWriter writer = new WireWriter();
        write(writer, message);
        return writer.toByteArray();
    }

    /** Appends {@code message} to {@code writer}: a server encodes every reply into one reused writer. */
    public static void encode(Dhcp6Message message, WireWriter writer) {
        write(writer, message);
    }

    private static void write(WireWriter writer, Dhcp6Message message) {
        writer.u8(message.type().code());
        if (message instanceof RelayMessage m) {
            writer.u8(m.hopCount()).address(m.linkAddress()).address(m.peerAddress());
        } else if (message instanceof Dhcp4o6Message m) {
            writer.u24(m.flags());
        } else {
            writer.u24(((ClientServerMessage) message).transactionId());
        }
        write(writer, message.options());
    }

    private static void write(WireWriter writer, Options6 options) {
        for (Option6 option : options.all()) {
            writer.u16(option.code());
            int length = writer.reserve16();
            writeBody(writer, option);
            writer.patchLength16(length);
        }
    }

    // Java 17 has no pattern switch; the chain follows Option6's order and ends in an error so
    // that a new record type cannot be forgotten silently.
    private static void writeBody(WireWriter writer, Option6 option) {
        if (option instanceof Option6.Raw o) {
            writer.bytes(o.data());
        } else if (option instanceof Option6.Empty) {
            return;
        } else if (option instanceof Option6.Uint8 o) {
            writer.u8(o.value());
        } else if (option instanceof Option6.Uint16 o) {
            writer.u16(o.value());
        } else if (option instanceof Option6.Uint32 o) {
            writer.u32(o.value());
        } else if (option instanceof Option6.Text o) {
            writer.bytes(o.value());
        } else if (option instanceof Option6.Address o) {
            writer.address(o.address());
        } else if (option instanceof Option6.AddressList o) {
            o.addresses().forEach(writer::address);
        } else if (option instanceof Option6.DomainList o) {
            o.names().forEach(name -> writeName(writer, name));
        } else if (option instanceof Option6.Domain o) {
            writeName(writer, o.name());
        } else if (option instanceof Option6.Uint16List o) {
            o.values().forEach(writer::u16);
        } else if (option instanceof Option6.LengthPrefixedList o) {
            writeLengthPrefixed(writer, o.items());
        } else if (option instanceof Option6.DuidOption o) {
            writer.bytes(o.duid().bytes());
        } else if (option instanceof Option6.IdentityAssociation o) {
            writer.u32(o.iaid()).u32(o.t1()).u32(o.t2());
            write(writer, o.options());
        } else if (option instanceof Option6.IaAddress o) {
            writer.address(o.address()).u32(o.preferredLifetime()).u32(o.validLifetime());
            write(writer, o.options());
        } else if (option instanceof Option6.IaPrefix o) {
            writer.u32(o.preferredLifetime()).u32(o.validLifetime()).u8(o.prefixLength()).address(o.prefix());
            write(writer, o.options());
        } else if (option instanceof Option6.StatusCode o) {
            writer.u16(o.status()).bytes(o.message());
        } else if (option instanceof Option6.VendorClass o) {
            writer.u32(o.enterpriseNumber());
            writeLengthPrefixed(writer, o.data());
        } else if (option instanceof Option6.VendorOptions o) {
            writer.u32(o.enterpriseNumber());
            write(writer, o.subOptions());
        } else if (option instanceof Option6.RemoteId o) {
            writer.u32(o.enterpriseNumber()).bytes(o.remoteId());
        } else if (option instanceof Option6.NtpServer o) {
            write(writer, o.subOptions());
        } else if (option instanceof Option6.Nii o) {
            writer.u8(o.type()).u8(o.major()).u8(o.minor());
        } else if (option instanceof Option6.ClientLinkLayerAddress o) {
            writer.u16(o.hardwareType()).bytes(o.address());
        } else if (option instanceof Option6.RelayedMessage o) {
            write(writer, o.message());
        } else {
            throw new IllegalStateException("no encoder for " + option.getClass());
        }
    }

    private static void writeLengthPrefixed(WireWriter writer, List<Bytes> items) {
        for (Bytes item : items) {
            writer.u16(item.length()).bytes(item);
        }
    }

    private static void writeName(WireWriter writer, DomainName name) {
        for (String label : name.labels()) {
            writer.u8(label.length()).bytes(label.getBytes(StandardCharsets.ISO_8859_1));
        }
        writer.u8(0);
    }
}
