package io.tandem.common.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growing big-endian buffer for encoders, with back-patched length fields. */
public final class WireWriter {
    private byte[] data;
    private int position;

    public WireWriter() {
        this(512);
    }

    public WireWriter(int initialCapacity) {
        data = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int count) {
        if (position + count > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, position + count));
        }
    }

    public int position() {
        return position;
    }

    public WireWriter u8(int value) {
        ensure(1);
        data[position++] = (byte) value;
        return this;
    }

    public WireWriter u16(int value) {
        ensure(2);
        data[position++] = (byte) (value >>> 8);
        data[position++] = (byte) value;
        return this;
    }

    public WireWriter u24(int value) {
        ensure(3);
        data[position++] = (byte) (value >>> 16);
        data[position++] = (byte) (value >>> 8);
        data[position++] = (byte) value;
        return this;
    }

    public WireWriter u32(long value) {
        ensure(4);
        data[position++] = (byte) (value >>> 24);
        data[position++] = (byte) (value >>> 16);
        data[position++] = (byte) (value >>> 8);
        data[position++] = (byte) value;
        return this;
    }

    public WireWriter bytes(Bytes value) {
        ensure(value.length());
        value.writeTo(data, position);
        position += value.length();
        return this;
    }

    public WireWriter bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, data, position, value.length);
        position += value.length;
        return this;
    }

    public WireWriter zeros(int count) {
        ensure(count);
        // Written, not skipped: a writer that was cleared holds the bytes of its last message.
        Arrays.fill(data, position, position + count, (byte) 0);
        position += count;
        return this;
    }

    public WireWriter address(Inet6Address address) {
        return bytes(address.getAddress());
    }

    public WireWriter address(Inet4Address address) {
        return bytes(address.getAddress());
    }

    /** Reserves a 16-bit length field; {@link #patchLength16} fills it once the body is written. */
    public int reserve16() {
        int at = position;
        u16(0);
        return at;
    }

    /** Writes into the field reserved at {@code at} the number of bytes written since it. */
    public void patchLength16(int at) {
        int length = position - at - 2;
        if (length > 0xffff) {
            throw new IllegalArgumentException("body of " + length + " bytes does not fit a 16-bit length");
        }
        data[at] = (byte) (length >>> 8);
        data[at + 1] = (byte) length;
    }

    /** Reserves an 8-bit length field, patched by {@link #patchLength8}. */
    public int reserve8() {
        int at = position;
        u8(0);
        return at;
    }

    public void patchLength8(int at) {
        int length = position - at - 1;
        if (length > 0xff) {
            throw new IllegalArgumentException("body of " + length + " bytes does not fit an 8-bit length");
        }
        data[at] = (byte) length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(data, position);
    }

    /** The bytes written so far, copied once into a {@link Bytes}. */
    public Bytes toBytes() {
        return Bytes.of(data, 0, position);
    }

    /** The bytes written so far, read-only and not copied: valid until the next write or {@link #clear}. */
    public ByteBuffer written() {
        return ByteBuffer.wrap(data, 0, position).asReadOnlyBuffer();
    }

    /** Forgets what was written from {@code at} on, which must be a position already written. */
    public WireWriter truncate(int at) {
        if (at < 0 || at > position) {
            throw new IllegalArgumentException("position " + at + " is not within the " + position + " bytes written");
        }
        position = at;
        return this;
    }

    /** Forgets what was written, keeping the buffer, so that one writer can encode message after message. */
    public WireWriter clear() {
        position = 0;
        return this;
    }
}
