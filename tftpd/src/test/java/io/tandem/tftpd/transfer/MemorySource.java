package io.tandem.tftpd.transfer;

import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.util.OptionalLong;

/** A {@link BlockSource} over bytes in memory, counting reads, optionally failing from some offset on. */
public final class MemorySource implements BlockSource {
    private final byte[] data;
    private final long failFrom;
    private int reads;
    private boolean closed;

    public MemorySource(byte[] data) {
        this(data, Long.MAX_VALUE);
    }

    public MemorySource(byte[] data, long failFrom) {
        this.data = data.clone();
        this.failFrom = failFrom;
    }

    /** Bytes 0, 1, 2, ... 255, 0, 1, ...: every block differs from its neighbours. */
    public static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + i / 251);
        }
        return bytes;
    }

    @Override
    public Bytes read(long offset, int length) throws IOException {
        reads++;
        if (offset >= failFrom) {
            throw new IOException("simulated read failure at " + offset);
        }
        int from = (int) Math.min(offset, data.length);
        int to = (int) Math.min((long) from + length, data.length);
        return Bytes.of(data, from, to - from);
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(data.length);
    }

    public int reads() {
        return reads;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
