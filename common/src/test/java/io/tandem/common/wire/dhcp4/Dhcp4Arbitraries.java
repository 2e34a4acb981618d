package io.tandem.common.wire.dhcp4;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.OptionDefinition;
import io.tandem.common.wire.OptionSpace;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of valid DHCPv4 values: every message they make is one the codec can encode. */
final class Dhcp4Arbitraries {
    /** Codes no registry entry covers, so that raw options are generated too. */
    private static final List<Integer> UNDEFINED_CODES = List.of(20, 100, 150, 175, 200, 224, 254);
    private static final List<Integer> UNDEFINED_SUB_CODES = List.of(0, 3, 99, 255);

    private Dhcp4Arbitraries() {
    }

    static Arbitrary<Dhcp4Message> messages() {
        return Builders.withBuilder(Dhcp4Message::builder)
                .use(Arbitraries.integers().between(0, 255)).in(Dhcp4Message.Builder::op)
                .use(Arbitraries.integers().between(0, 255)).in(Dhcp4Message.Builder::htype)
                .use(Arbitraries.integers().between(0, 255)).in(Dhcp4Message.Builder::hlen)
                .use(Arbitraries.integers().between(0, 255)).in(Dhcp4Message.Builder::hops)
                .use(Arbitraries.integers()).in(Dhcp4Message.Builder::xid)
                .use(Arbitraries.integers().between(0, 0xffff)).in(Dhcp4Message.Builder::secs)
                .use(Arbitraries.integers().between(0, 0xffff)).in(Dhcp4Message.Builder::flags)
                .use(addresses()).in(Dhcp4Message.Builder::ciaddr)
                .use(addresses()).in(Dhcp4Message.Builder::yiaddr)
                .use(addresses()).in(Dhcp4Message.Builder::siaddr)
                .use(addresses()).in(Dhcp4Message.Builder::giaddr)
                .use(bytes(16, 16)).in(Dhcp4Message.Builder::chaddr)
                .use(field(Dhcp4Message.SNAME_LENGTH)).in(Dhcp4Message.Builder::sname)
                .use(field(Dhcp4Message.FILE_LENGTH)).in(Dhcp4Message.Builder::file)
                .use(options()).in(Dhcp4Message.Builder::options)
                .build(Dhcp4Message.Builder::build);
    }

    static Arbitrary<Inet4Address> addresses() {
        return Combinators.combine(octet(), octet(), octet(), octet())
                .as((a, b, c, d) -> Addresses.parse4(a + "." + b + "." + c + "." + d));
    }

    private static Arbitrary<Integer> octet() {
        return Arbitraries.integers().between(0, 255);
    }

    /**
     * Random bytes from a length and a seed: an array arbitrary would make a shrinkable per byte,
     * which costs more than everything else the properties do.
     */
    static Arbitrary<Bytes> bytes(int min, int max) {
        return Combinators.combine(Arbitraries.integers().between(min, max), Arbitraries.longs()).as((length, seed) -> {
            byte[] bytes = new byte[length];
            new Random(seed).nextBytes(bytes);
            return Bytes.of(bytes);
        });
    }

    /** {@code size}-byte items cut from random bytes: a list arbitrary would be as costly as a byte array one. */
    private static <T> Arbitrary<List<T>> items(int maxBytes, int size, BiFunction<Bytes, Integer, T> item) {
        return bytes(0, maxBytes).map(raw -> {
            List<T> items = new ArrayList<>(raw.length() / size);
            for (int at = 0; at + size <= raw.length(); at += size) {
                items.add(item.apply(raw, at));
            }
            return items;
        });
    }

    /** A header text field: mostly empty or a name, sometimes anything at all. */
    private static Arbitrary<Bytes> field(int length) {
        Arbitrary<Bytes> name = Arbitraries.strings().withCharRange('a', 'z').withChars('.', '-').ofMaxLength(length - 1)
                .map(text -> Bytes.of(Arrays.copyOf(Bytes.utf8(text).toArray(), length)));
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Bytes.of(new byte[length]))),
                Tuple.of(3, name),
                Tuple.of(1, bytes(length, length)));
    }

    static Arbitrary<Options4> options() {
        List<Integer> codes = new ArrayList<>(UNDEFINED_CODES);
        for (OptionDefinition definition : Dhcp4Options.DHCP4.definitions()) {
            if (definition.code() != Dhcp4Options.OPTION_OVERLOAD) {
                codes.add(definition.code());
            }
        }
        List<Arbitrary<? extends Option4>> each =
                codes.stream().<Arbitrary<? extends Option4>>map(code -> option(Dhcp4Options.DHCP4, code, 300)).toList();
        return Arbitraries.oneOf(each).list().ofMaxSize(10).uniqueElements(Option4::code).map(Options4::new);
    }

    private static Arbitrary<Options4> subOptions() {
        List<Integer> codes = new ArrayList<>(UNDEFINED_SUB_CODES);
        Dhcp4Options.AGENT.definitions().forEach(definition -> codes.add(definition.code()));
        List<Arbitrary<? extends Option4>> each =
                codes.stream().<Arbitrary<? extends Option4>>map(code -> option(Dhcp4Options.AGENT, code, 60)).toList();
        return Arbitraries.oneOf(each).list().ofMaxSize(6).map(Options4::new);
    }

    /** An option of {@code code} in the record the space gives it; variable bodies up to about {@code max} bytes. */
    static Arbitrary<? extends Option4> option(OptionSpace space, int code, int max) {
        Class<? extends Option4> record = Dhcp4Options.recordOf(space, code);
        if (record == Option4.Empty.class) {
            return Arbitraries.just(new Option4.Empty(code));
        } else if (record == Option4.Uint8.class) {
            return Arbitraries.integers().between(0, 255).map(v -> new Option4.Uint8(code, v));
        } else if (record == Option4.Uint16.class) {
            return Arbitraries.integers().between(0, 0xffff).map(v -> new Option4.Uint16(code, v));
        } else if (record == Option4.Uint32.class) {
            return Arbitraries.longs().between(0, 0xffffffffL).map(v -> new Option4.Uint32(code, v));
        } else if (record == Option4.Int32.class) {
            return Arbitraries.integers().map(v -> new Option4.Int32(code, v));
        } else if (record == Option4.Address.class) {
            return addresses().map(a -> new Option4.Address(code, a));
        } else if (record == Option4.AddressList.class) {
            return items(max, 4, (raw, at) -> Addresses.parse4(
                    raw.get(at) + "." + raw.get(at + 1) + "." + raw.get(at + 2) + "." + raw.get(at + 3)))
                    .map(a -> new Option4.AddressList(code, a));
        } else if (record == Option4.Uint8List.class) {
            return items(max, 1, Bytes::get).map(v -> new Option4.Uint8List(code, v));
        } else if (record == Option4.Uint16List.class) {
            return items(max, 2, (raw, at) -> raw.get(at) << 8 | raw.get(at + 1))
                    .map(v -> new Option4.Uint16List(code, v));
        } else if (record == Option4.Text.class) {
            return bytes(0, max).map(v -> new Option4.Text(code, v));
        } else if (record == Option4.ClientId.class) {
            return Combinators.combine(octet(), bytes(1, 40)).as(Option4.ClientId::new);
        } else if (record == Option4.RelayAgentInfo.class) {
            return subOptions().map(Option4.RelayAgentInfo::new);
        } else if (record == Option4.ClientNdi.class) {
            return Combinators.combine(octet(), octet(), octet()).as(Option4.ClientNdi::new);
        } else if (record == Option4.UuidGuid.class) {
            return Combinators.combine(octet(), bytes(0, 20)).as(Option4.UuidGuid::new);
        }
        return bytes(0, max).map(v -> new Option4.Raw(code, v));
    }

    /** Offsets of the option length bytes in the options field of a canonical datagram. */
    static int[] lengthBytes(byte[] datagram) {
        List<Integer> found = new ArrayList<>();
        int i = Dhcp4Codec.HEADER_LENGTH + 4;
        while (i + 1 < datagram.length && (datagram[i] & 0xff) != Dhcp4Options.END) {
            if (datagram[i] == Dhcp4Options.PAD) {
                i++;
                continue;
            }
            found.add(i + 1);
            i += 2 + (datagram[i + 1] & 0xff);
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }
}
