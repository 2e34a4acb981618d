package io.tandem.common.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A big-endian cursor over part of a datagram. Every read checks the bounds and fails with a
 * {@link DecodeException} that names what was being read and the absolute offset, so decoders
 * never see an index exception. {@code what} is anything whose {@code toString} names the field,
 * called only when a read fails (see {@link What}).
 */
public final class WireReader {
    /** 0.0.0.0, what most DHCPv4 address fields hold: one shared address, not a new one each read. */
    private static final Inet4Address UNSPECIFIED4 = Addresses.parse4("0.0.0.0");
    private final byte[] data;
    private int position;
    private final int limit;

    private WireReader(byte[] data, int position, int limit) {
        this.data = data;
        this.position = position;
        this.limit = limit;
    }

    /** Reads the whole array; the array must not change while it is being read. */
    public static WireReader of(byte[] data) {
        return new WireReader(data, 0, data.length);
    }

    public int offset() {
        return position;
    }

    public int remaining() {
        return limit - position;
    }

    public boolean hasRemaining() {
        return position < limit;
    }

    private void need(int count, Object what) throws DecodeException {
        if (count > limit - position) {
            throw new DecodeException(what + ": needs " + count + " bytes, " + (limit - position) + " left", position);
        }
    }

    public int u8(Object what) throws DecodeException {
        need(1, what);
        return data[position++] & 0xff;
    }

    public int u16(Object what) throws DecodeException {
        need(2, what);
        int value = (data[position] & 0xff) << 8 | data[position + 1] & 0xff;
        position += 2;
        return value;
    }

    public int u24(Object what) throws DecodeException {
        need(3, what);
        int value = (data[position] & 0xff) << 16 | (data[position + 1] & 0xff) << 8 | data[position + 2] & 0xff;
        position += 3;
        return value;
    }

    public long u32(Object what) throws DecodeException {
        need(4, what);
        long value = (long) (data[position] & 0xff) << 24 | (data[position + 1] & 0xff) << 16
                | (data[position + 2] & 0xff) << 8 | data[position + 3] & 0xff;
        position += 4;
        return value;
    }

    public Bytes bytes(int count, Object what) throws DecodeException {
        need(count, what);
        Bytes value = Bytes.of(data, position, count);
        position += count;
        return value;
    }

    /** Whether the rest of this reader's range is all zeros (or empty). */
    public boolean restIsZeros() {
        for (int i = position; i < limit; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The rest of this reader's range. */
    public Bytes rest() {
        Bytes value = Bytes.of(data, position, limit - position);
        position = limit;
        return value;
    }

    public Inet6Address address6(Object what) throws DecodeException {
        need(16, what);
        byte[] raw = new byte[16];
        System.arraycopy(data, position, raw, 0, 16);
        position += 16;
        return Addresses.inet6(raw);
    }

    public Inet4Address address4(Object what) throws DecodeException {
        need(4, what);
        if ((data[position] | data[position + 1] | data[position + 2] | data[position + 3]) == 0) {
            position += 4;
            return UNSPECIFIED4;
        }
        byte[] raw = new byte[4];
        System.arraycopy(data, position, raw, 0, 4);
        position += 4;
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Takes the next {@code count} bytes as a reader of their own (an option body), keeping
     * absolute offsets for error messages.
     */
    public WireReader slice(int count, Object what) throws DecodeException {
        need(count, what);
        WireReader body = new WireReader(data, position, position + count);
        position += count;
        return body;
    }

    /** Fails unless every byte of this reader was consumed. */
    public void expectEnd(Object what) throws DecodeException {
        if (position != limit) {
            throw new DecodeException(what + ": " + (limit - position) + " unexpected trailing bytes", position);
        }
    }
}
