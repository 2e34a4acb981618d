package io.tandem.common.lease;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a file line by line as Kea's {@code std::getline} does: lines end at {@code \n} only, and
 * a last line without one still counts. Lines are handed over as the bytes of the read buffer,
 * without a copy (a lease file of a million rows is read at start); {@link #text} reads one as
 * UTF-8, malformed sequences replaced.
 */
final class LineReader {
    /**
     * About 2,500 lease rows: a file of a million rows is read in 500 {@code read(2)} calls, and
     * the end of a chunk comes often enough that the JIT has seen it before it compiles the read.
     */
    private static final int READ_CHUNK = 256 * 1024;

    private LineReader() {
    }

    interface LineVisitor {
        /**
         * Takes line {@code number} (1 is the first), {@code bytes[from, to)} without its line end,
         * which are only valid during the call; returns false to stop reading.
         */
        boolean visit(long number, byte[] bytes, int from, int to) throws IOException;
    }

    /** A line as UTF-8 text. */
    static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /** Visits every line of {@code file}; a missing file has none. */
    static void forEachLine(Path file, LineVisitor visitor) throws IOException {
        FileChannel in;
        try {
            in = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException missing) {
            return;
        }
        try (in) {
            ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
            byte[] bytes = chunk.array();
            // The start of a line that began in an earlier chunk.
            byte[] line = new byte[256];
            int length = 0;
            long number = 0;
            while (in.read(chunk) >= 0) {
                int filled = chunk.position();
                int from = 0;
                // One turn per line, not per byte: a loop per byte was compiled (on stack) before it
                // first reached the chunk's end, a branch it then took as never taken, so that the
                // compiled read, everything inlined, was thrown away and compiled again (JFR).
                for (int i = lineEnd(bytes, from, filled); i >= 0; i = lineEnd(bytes, from, filled)) {
                    boolean more;
                    if (length == 0) {
                        more = visitor.visit(++number, bytes, from, i);
                    } else {
                        line = append(line, length, bytes, from, i);
                        more = visitor.visit(++number, line, 0, length + i - from);
                        length = 0;
                    }
                    if (!more) {
                        return;
                    }
                    from = i + 1;
                }
                line = append(line, length, bytes, from, filled);
                length += filled - from;
                chunk.clear();
            }
            if (length > 0) {
                visitor.visit(++number, line, 0, length);
            }
        }
    }

    /** Where the first {@code \n} of {@code bytes[from, to)} is, or -1. */
    private static int lineEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** {@code line}, or a longer copy of it, with {@code bytes[from, to)} after its first {@code length} bytes. */
    private static byte[] append(byte[] line, int length, byte[] bytes, int from, int to) {
        byte[] room = length + to - from <= line.length ? line : Arrays.copyOf(line, 2 * (length + to - from));
        System.arraycopy(bytes, from, room, length, to - from);
        return room;
    }
}
