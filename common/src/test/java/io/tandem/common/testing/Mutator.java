package io.tandem.common.testing;

import io.tandem.common.wire.dhcp6.Dhcp6Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Turns a valid datagram into a hostile one the way fuzzers and attackers do: truncation, bit
 * flips, boundary bytes, lengths stretched or shrunk, spliced, repeated or deleted regions.
 * Deterministic for a given {@link Random}, so a failing case can be replayed from its seed.
 */
public final class Mutator {
    private static final int[] INTERESTING_LENGTHS = {0, 1, 2, 3, 4, 5, 12, 15, 16, 17, 24, 25, 34, 127, 128, 129,
        255, 256, 0x7fff, 0x8000, 0xfffe, 0xffff};

    private Mutator() {
    }

    /** The DHCPv6 datagrams mutants start from: the real captures of the golden corpus and the hand-built vectors. */
    public static List<byte[]> dhcp6Seeds() {
        List<byte[]> seeds = new ArrayList<>();
        GoldenCorpus.packets().forEach(packet -> seeds.add(packet.bytes().toArray()));
        Dhcp6Vectors.all().forEach(vector -> seeds.add(vector.toArray()));
        return List.copyOf(seeds);
    }

    public static byte[] mutate(byte[] seed, List<byte[]> others, Random random) {
        byte[] data = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            data = once(data, others, random);
        }
        return data;
    }

    private static byte[] once(byte[] data, List<byte[]> others, Random random) {
        if (data.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(data.length);
        switch (random.nextInt(8)) {
            case 0 -> {
                return Arrays.copyOf(data, at);
            }
            case 1 -> data[at] ^= (byte) (1 << random.nextInt(8));
            case 2 -> data[at] = (byte) (random.nextBoolean() ? 0xff : random.nextBoolean() ? 0 : random.nextInt(256));
            case 3 -> {
                List<Integer> lengths = lengthFields(data);
                int field = lengths.isEmpty() ? Math.min(at, data.length - 2) : lengths.get(random.nextInt(lengths.size()));
                if (field >= 0 && field + 1 < data.length) {
                    int current = (data[field] & 0xff) << 8 | data[field + 1] & 0xff;
                    int value = random.nextBoolean()
                            ? INTERESTING_LENGTHS[random.nextInt(INTERESTING_LENGTHS.length)]
                            : current + random.nextInt(9) - 4;
                    data[field] = (byte) (value >>> 8);
                    data[field + 1] = (byte) value;
                }
            }
            case 4 -> {
                byte[] other = others.get(random.nextInt(others.size()));
                int from = random.nextInt(other.length);
                int length = random.nextInt(other.length - from + 1);
                return splice(data, at, Arrays.copyOfRange(other, from, from + length), 0);
            }
            case 5 -> {
                int length = Math.min(data.length - at, 1 + random.nextInt(64));
                byte[] region = Arrays.copyOfRange(data, at, at + length);
                byte[] repeated = new byte[length * (1 + random.nextInt(4))];
                for (int i = 0; i < repeated.length; i++) {
                    repeated[i] = region[i % length];
                }
                return splice(data, at, repeated, 0);
            }
            case 6 -> {
                int length = Math.min(data.length - at, 1 + random.nextInt(32));
                return splice(data, at, new byte[0], length);
            }
            default -> {
                byte[] noise = new byte[1 + random.nextInt(16)];
                random.nextBytes(noise);
                return splice(data, at, noise, 0);
            }
        }
        return data;
    }

    private static byte[] splice(byte[] data, int at, byte[] insert, int removed) {
        byte[] out = new byte[data.length - removed + insert.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(data, at + removed, out, at + insert.length, data.length - at - removed);
        return out;
    }

    /**
     * Offsets of the 16-bit option length fields of a DHCPv6 datagram (top level and inside
     * relay messages), found by walking it leniently; empty for anything else.
     */
    static List<Integer> lengthFields(byte[] data) {
        List<Integer> fields = new ArrayList<>();
        walk(data, 0, data.length, fields, 0);
        return fields;
    }

    private static void walk(byte[] data, int from, int to, List<Integer> fields, int depth) {
        if (from >= to || depth > 10) {
            return;
        }
        int type = data[from] & 0xff;
        int at = from + (type == 12 || type == 13 ? 34 : 4);
        while (at + 4 <= to) {
            int code = (data[at] & 0xff) << 8 | data[at + 1] & 0xff;
            int length = (data[at + 2] & 0xff) << 8 | data[at + 3] & 0xff;
            fields.add(at + 2);
            if (code == 9 && at + 4 + length <= to) {
                walk(data, at + 4, at + 4 + length, fields, depth + 1);
            }
            at += 4 + length;
        }
    }
}
