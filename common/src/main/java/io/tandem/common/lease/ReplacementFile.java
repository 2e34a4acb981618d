package io.tandem.common.lease;

import java.io.Closeable;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;

/**
 * A complete new lease file under Kea 2.2's header: written as {@code <name>.new} beside the old
 * one, forced to the disk and renamed over it; deleted instead if it is closed before
 * {@link #commit}. A crash at any point leaves either the whole old file or the whole new one.
 *
 * @param <L> the lease record
 */
final class ReplacementFile<L extends Lease> implements Closeable {
    private static final int WRITE_CHUNK = 64 * 1024;
    private final Path file;
    private final Path temporary;
    private final LeaseCsv<L> csv;
    private final FileChannel out;
    private final StringBuilder pending = new StringBuilder(WRITE_CHUNK + 1024);
    private boolean renamed;

    ReplacementFile(Path file, LeaseCsv<L> csv) throws IOException {
        this.file = file;
        this.temporary = file.resolveSibling(file.getFileName() + ".new");
        this.csv = csv;
        this.out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        pending.append(csv.keaHeader().line()).append('\n');
    }

    void write(Collection<? extends L> leases) throws IOException {
        for (L lease : leases) {
            pending.append(csv.encode(lease)).append('\n');
            if (pending.length() >= WRITE_CHUNK) {
                flush();
            }
        }
    }

    /** Forces what was written so far, so that {@link #commit} has only the rest to force. */
    void force() throws IOException {
        flush();
        out.force(false);
    }

    /** Forces the rest, renames the new file over the old one and forces the directory. */
    void commit() throws IOException {
        force();
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        renamed = true;
        Durable.syncDirectory(file);
    }

    /** The new file has replaced the old one (even if a later step of {@link #commit} failed). */
    boolean renamed() {
        return renamed;
    }

    private void flush() throws IOException {
        Durable.writeFully(out, StandardCharsets.UTF_8.encode(CharBuffer.wrap(pending)));
        pending.setLength(0);
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            if (!renamed) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
