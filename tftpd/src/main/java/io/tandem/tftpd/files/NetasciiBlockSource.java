package io.tandem.tftpd.files;

import io.tandem.common.wire.Bytes;
import io.tandem.tftpd.transfer.BlockSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A file sent in {@code netascii} mode (RFC 1350 §1, RFC 764): LF becomes CR LF and a lone CR
 * becomes CR NUL. The converted stream is read by position like a file: the position in the file
 * that each block started from is remembered (a bounded number of them, enough for a window), so
 * a window sent again after a timeout is converted again from where it began. Its size is not
 * known before conversion, so {@code tsize} is not offered in this mode (as tftp-hpa does).
 */
final class NetasciiBlockSource implements BlockSource {
    private static final int CHUNK = 8192;
    /**
     * Enough for windows of up to 1024 blocks (the default maximum is 64): a window sent again
     * starts at a remembered position. A larger window still gets the right bytes, converted again
     * from an earlier position.
     */
    static final int CHECKPOINTS = 1024;

    /** Where in the file a position of the converted stream comes from. */
    private record Cursor(long source, boolean secondHalf) {
    }

    private final BlockSource octets;
    private final TreeMap<Long, Cursor> checkpoints = new TreeMap<>();
    private Bytes chunk = Bytes.EMPTY;
    private long chunkStart;

    NetasciiBlockSource(BlockSource octets) {
        this.octets = octets;
        checkpoints.put(0L, new Cursor(0, false));
    }

    @Override
    public Bytes read(long offset, int length) throws IOException {
        Map.Entry<Long, Cursor> start = checkpoints.floorEntry(offset);
        long converted = start.getKey();
        long source = start.getValue().source();
        boolean secondHalf = start.getValue().secondHalf();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        while (out.size() < length) {
            if (converted == offset) {
                remember(converted, source, secondHalf);
            }
            int octet = octetAt(source);
            if (octet < 0) {
                break;
            }
            boolean pair = octet == '\n' || octet == '\r';
            int next;
            if (!pair) {
                next = octet;
                source++;
            } else if (!secondHalf) {
                next = '\r';
                secondHalf = true;
            } else {
                next = octet == '\n' ? '\n' : 0;
                secondHalf = false;
                source++;
            }
            if (converted >= offset) {
                out.write(next);
            }
            converted++;
        }
        remember(converted, source, secondHalf);
        return Bytes.of(out.toByteArray());
    }

    private void remember(long converted, long source, boolean secondHalf) {
        checkpoints.put(converted, new Cursor(source, secondHalf));
        while (checkpoints.size() > CHECKPOINTS) {
            // The oldest go first; position 0 stays so that any position can be reached again.
            checkpoints.remove(checkpoints.higherKey(0L));
        }
    }

    private int octetAt(long position) throws IOException {
        if (position < chunkStart || position >= chunkStart + chunk.length()) {
            chunk = octets.read(position, CHUNK);
            chunkStart = position;
            if (chunk.isEmpty()) {
                return -1;
            }
        }
        return chunk.get((int) (position - chunkStart));
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.empty();
    }

    @Override
    public void close() throws IOException {
        octets.close();
    }
}
