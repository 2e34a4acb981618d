package io.tandem.tftpd.files;

import io.tandem.common.wire.Bytes;
import io.tandem.tftpd.transfer.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * A file sent as it is ({@code octet} mode), read with positional reads. The size is taken when
 * the file is opened, so a file that grows or shrinks while it is sent still ends where
 * {@code tsize} said: a shrunk file ends early, with a short block.
 *
 * <p>Reads run on the caller's thread, which in the server is the event loop: one block of at
 * most 64 KiB, almost always from the page cache (boot files are small and read over and over by
 * every booting machine). A cold read from a slow disk delays the other transfers for that long;
 * the block sizes TFTP uses keep that short.
 */
final class FileBlockSource implements BlockSource {
    private final FileChannel channel;
    private final long size;

    private FileBlockSource(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code file} for reading without following a symlink in its last name. */
    static FileBlockSource open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            return new FileBlockSource(channel, channel.size());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Bytes read(long offset, int length) throws IOException {
        int wanted = (int) Math.max(0, Math.min(length, size - offset));
        ByteBuffer buffer = ByteBuffer.allocate(wanted);
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, offset + buffer.position());
            if (read < 0) {
                break;
            }
        }
        return Bytes.of(buffer.array(), 0, buffer.position());
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(size);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
