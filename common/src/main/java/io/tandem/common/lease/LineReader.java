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
 * a last line without one still counts. Bytes are read as UTF-8, malformed sequences replaced.
 */
final class LineReader {
    private static final int READ_CHUNK = 64 * 1024;

    private LineReader() {
    }

    interface LineVisitor {
        /** Takes line {@code number} (1 is the first); returns false to stop reading. */
        boolean visit(long number, String line) throws IOException;
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
            byte[] line = new byte[256];
            int length = 0;
            long number = 0;
            while (in.read(chunk) >= 0) {
                chunk.flip();
                while (chunk.hasRemaining()) {
                    byte b = chunk.get();
                    if (b != '\n') {
                        if (length == line.length) {
                            line = Arrays.copyOf(line, 2 * length);
                        }
                        line[length++] = b;
                    } else if (!visitor.visit(++number, new String(line, 0, length, StandardCharsets.UTF_8))) {
                        return;
                    } else {
                        length = 0;
                    }
                }
                chunk.clear();
            }
            if (length > 0) {
                visitor.visit(++number, new String(line, 0, length, StandardCharsets.UTF_8));
            }
        }
    }
}
