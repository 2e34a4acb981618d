package io.tandem.common.wire.dhcp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.wire.DecodeException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

class Dhcp4CodecPropertiesTest {
    private static final List<byte[]> VECTORS = List.of(
            Dhcp4Vectors.bytes(Dhcp4Vectors.DISCOVER),
            Dhcp4Vectors.bytes(Dhcp4Vectors.OFFER),
            Dhcp4Vectors.bytes(Dhcp4Vectors.RELAYED_REQUEST),
            Dhcp4Vectors.bytes(Dhcp4Vectors.OVERLOADED_DISCOVER),
            Dhcp4Vectors.bytes(Dhcp4Vectors.SPLIT_BOOT_FILE_NAME),
            Dhcp4Vectors.bytes(Dhcp4Vectors.SPLIT_BOOT_FILE_NAME_UNEVEN));

    @Property(tries = 500)
    void decodeUndoesEncode(@ForAll("messages") Dhcp4Message message) throws DecodeException {
        byte[] wire = Dhcp4Codec.encode(message);
        Dhcp4Message decoded = Dhcp4Codec.decode(wire);
        assertEquals(message, decoded);
        assertArrayEquals(wire, Dhcp4Codec.encode(decoded));
    }

    /**
     * Whatever the bytes, decoding returns a message or throws DecodeException (any other exception
     * fails the property); and what it returns survives a round trip of its own.
     */
    @Property(tries = 2000)
    void mutatedVectorsDecodeOrFailCleanly(@ForAll("vectors") byte[] vector, @ForAll Random random,
            @ForAll @IntRange(min = 1, max = 4) int mutations) throws DecodeException {
        decodesOrFailsCleanly(mutate(vector, random, mutations));
        requireBothOutcomes();
    }

    @Property(tries = 1000)
    void mutatedMessagesDecodeOrFailCleanly(@ForAll("messages") Dhcp4Message message, @ForAll Random random,
            @ForAll @IntRange(min = 1, max = 4) int mutations) throws DecodeException {
        decodesOrFailsCleanly(mutate(Dhcp4Codec.encode(message), random, mutations));
        requireBothOutcomes();
    }

    private static void decodesOrFailsCleanly(byte[] datagram) throws DecodeException {
        Dhcp4Message decoded;
        try {
            decoded = Dhcp4Codec.decode(datagram);
        } catch (DecodeException expected) {
            Statistics.collect("rejected");
            return;
        }
        Statistics.collect("decoded");
        assertEquals(decoded, Dhcp4Codec.decode(Dhcp4Codec.encode(decoded)));
    }

    /** Mutants that all fail at the header, or that all decode, would prove little. */
    private static void requireBothOutcomes() {
        Statistics.coverage(coverage -> {
            coverage.check("rejected").percentage(p -> p > 10);
            coverage.check("decoded").percentage(p -> p > 10);
        });
    }

    @Provide
    Arbitrary<Dhcp4Message> messages() {
        return Dhcp4Arbitraries.messages();
    }

    @Provide
    Arbitrary<byte[]> vectors() {
        return Arbitraries.of(VECTORS);
    }

    /** Applies {@code count} random mutations to a copy of {@code seed}. */
    static byte[] mutate(byte[] seed, Random random, int count) {
        byte[] bytes = seed.clone();
        for (int i = 0; i < count; i++) {
            bytes = switch (random.nextInt(7)) {
                case 0 -> Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                case 1 -> flipBit(bytes, random);
                case 2 -> splice(bytes, random);
                case 3 -> stretchLength(bytes, random);
                case 4 -> overload(bytes, random);
                case 5 -> randomByte(bytes, random, 44, 236);
                default -> randomByte(bytes, random, 236, bytes.length);
            };
        }
        return bytes;
    }

    private static byte[] flipBit(byte[] bytes, Random random) {
        if (bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    /** Copies a random range of the datagram over or into another place, or cuts one out. */
    private static byte[] splice(byte[] bytes, Random random) {
        int from = random.nextInt(bytes.length + 1);
        int to = from + random.nextInt(bytes.length - from + 1);
        int at = random.nextInt(bytes.length + 1);
        byte[] range = Arrays.copyOfRange(bytes, from, to);
        byte[] out = random.nextBoolean()
                ? concat(Arrays.copyOf(bytes, at), range, Arrays.copyOfRange(bytes, at, bytes.length))
                : concat(Arrays.copyOf(bytes, from), Arrays.copyOfRange(bytes, to, bytes.length));
        return out;
    }

    /** Sets an option's length byte to a random value or one near it. */
    private static byte[] stretchLength(byte[] bytes, Random random) {
        int[] lengths = Dhcp4Arbitraries.lengthBytes(bytes);
        if (lengths.length > 0) {
            int at = lengths[random.nextInt(lengths.length)];
            int delta = random.nextInt(7) - 3;
            bytes[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : (bytes[at] & 0xff) + delta);
        }
        return bytes;
    }

    /** Puts an option overload first in the options field, so that sname and file are read as options. */
    private static byte[] overload(byte[] bytes, Random random) {
        int at = Math.min(bytes.length, Dhcp4Codec.HEADER_LENGTH + 4);
        byte value = (byte) (random.nextInt(5) == 0 ? random.nextInt(256) : 1 + random.nextInt(3));
        return concat(Arrays.copyOf(bytes, at), new byte[] {Dhcp4Options.OPTION_OVERLOAD, 1, value},
                Arrays.copyOfRange(bytes, at, bytes.length));
    }

    private static byte[] randomByte(byte[] bytes, Random random, int from, int to) {
        int end = Math.min(to, bytes.length);
        if (end > from) {
            bytes[from + random.nextInt(end - from)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
