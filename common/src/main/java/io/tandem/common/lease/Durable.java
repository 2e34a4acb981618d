package io.tandem.common.lease;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** What makes file updates survive a crash: whole writes, and renames that reach the disk. */
final class Durable {
    private Durable() {
    }

    /** Writes all of {@code bytes}; on a regular file this is one {@code write(2)} unless the disk is full. */
    static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /**
     * Forces a directory entry change (a rename into {@code file}'s directory) to the disk, so
     * that the rename survives a power loss.
     */
    static void syncDirectory(Path file) throws IOException {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
