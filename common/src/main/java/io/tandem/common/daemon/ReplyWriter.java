package io.tandem.common.daemon;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.tandem.common.wire.WireWriter;

/**
 * Where both daemons' event loops encode their answers: one writer per thread, emptied for each
 * answer, whose bytes are then copied into a pooled direct buffer for the socket. An answer so
 * costs no heap array (a writer and a copy of it per answer were a tenth of dhcp4o6d's allocation).
 */
public final class ReplyWriter {
    private static final FastThreadLocal<WireWriter> WRITER = new FastThreadLocal<>() {
        @Override
        protected WireWriter initialValue() {
            return new WireWriter(UdpEndpoint.MAX_DATAGRAM);
        }
    };

    private ReplyWriter() {
    }

    /** This thread's writer, empty; valid until this thread's next call. */
    public static WireWriter empty() {
        return WRITER.get().clear();
    }

    /** What {@code writer} holds, in a buffer of {@code allocator}'s pool. */
    public static ByteBuf toBuffer(WireWriter writer, ByteBufAllocator allocator) {
        return allocator.directBuffer(writer.position()).writeBytes(writer.written());
    }
}
