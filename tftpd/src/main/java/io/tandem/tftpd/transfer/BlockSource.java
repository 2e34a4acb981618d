package io.tandem.tftpd.transfer;

import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * The bytes a transfer sends, as they go on the wire (after any netascii conversion), read by
 * position so that a window can be sent again after a timeout without keeping it in memory.
 */
public interface BlockSource extends AutoCloseable {
    /**
     * Up to {@code length} bytes from {@code offset}; fewer only at the end of the data.
     *
     * @throws IOException when the underlying file cannot be read
     */
    Bytes read(long offset, int length) throws IOException;

    /** The number of bytes that will be sent, when known before sending (for {@code tsize}). */
    OptionalLong size();

    @Override
    void close() throws IOException;
}
