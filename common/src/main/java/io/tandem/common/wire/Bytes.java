package io.tandem.common.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with a hex {@code toString}; the way values hold raw bytes. */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    /** 0 until first asked (a racy cache, like String's: every thread computes the same value). */
    private int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    public static Bytes of(byte[] bytes, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    public static Bytes utf8(String text) {
        return new Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses hex digits; colons, dashes, dots and whitespace between them are ignored. */
    public static Bytes fromHex(String hex) {
        String digits = hex.replaceAll("[\\s:.\\-]", "");
        return digits.isEmpty() ? EMPTY : new Bytes(HEX.parseHex(digits));
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public int get(int index) {
        return bytes[index] & 0xff;
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    /** A reader over these bytes, without a copy (a reader never writes). */
    public WireReader reader() {
        return WireReader.of(bytes);
    }

    public Bytes slice(int from, int to) {
        return of(bytes, from, to - from);
    }

    public boolean startsWith(Bytes prefix) {
        return prefix.bytes.length <= bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    /** The bytes as UTF-8 text, with malformed sequences replaced: for display, not for identity. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** Colon-separated hex, the way Kea prints DUIDs and hardware addresses. */
    public String colonHex() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }

    void writeTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    /**
     * FNV-1a over the bytes, cached. Not {@link Arrays#hashCode(byte[])}: its base-31 polynomial
     * makes DUIDs and MACs that differ in their last bytes collide in bulk (+1 in one byte, -31 in
     * the next), which turned the binding table's maps into trees under perfdhcp's clients.
     */
    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            long fnv = 0xcbf29ce484222325L;
            for (byte b : bytes) {
                fnv = (fnv ^ (b & 0xff)) * 0x100000001b3L;
            }
            h = (int) (fnv ^ (fnv >>> 32));
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
