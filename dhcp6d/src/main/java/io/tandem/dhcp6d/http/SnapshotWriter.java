package io.tandem.dhcp6d.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandem.common.event.MacEntry;
import io.tandem.common.event.Subscription;
import io.tandem.common.event.UnattributedEntry;
import java.util.Iterator;

/**
 * The first message of an event stream, written a piece at a time: the whole table
 * {@code data: {"<mac>": {"Mac": ..., "Events": [...]}, ...}} (or, with a MAC filter, that MAC's
 * entry or {@code null}). A full table can be megabytes, so it is rendered one MAC at a time into
 * chunks of about {@link #CHUNK} bytes, as fast as the reader takes them, and never held whole.
 * Without a filter, the entries of the events whose MAC was not found follow, one
 * {@code event: no_mac} message each, as they come live.
 */
final class SnapshotWriter {
    static final int CHUNK = 16 * 1024;

    private final boolean filtered;
    private final Iterator<MacEntry> entries;
    private final Iterator<UnattributedEntry> unattributed;
    private boolean started;
    private boolean tableEnded;
    private boolean done;

    SnapshotWriter(Subscription subscription) {
        this.filtered = subscription.filter().isPresent();
        this.entries = subscription.snapshot().entries().iterator();
        this.unattributed = subscription.unattributed().iterator();
    }

    boolean done() {
        return done;
    }

    /** The next piece of the message; the last one ends it. */
    ByteBuf next(ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer(CHUNK);
        if (filtered) {
            SseFormat.data(out, entries.hasNext() ? SseFormat.json(entries.next().toJson()) : SseFormat.ascii("null"));
            done = true;
            return out;
        }
        if (!started) {
            out.writeBytes(SseFormat.DATA).writeByte('{');
            started = true;
        }
        while (out.readableBytes() < CHUNK && entries.hasNext()) {
            MacEntry entry = entries.next();
            out.writeByte('"').writeBytes(SseFormat.ascii(entry.mac().toString())).writeBytes(SseFormat.ascii("\":"))
                    .writeBytes(SseFormat.json(entry.toJson()));
            if (entries.hasNext()) {
                out.writeByte(',');
            }
        }
        if (entries.hasNext()) {
            return out;
        }
        if (!tableEnded) {
            out.writeByte('}').writeBytes(SseFormat.END);
            tableEnded = true;
        }
        while (out.readableBytes() < CHUNK && unattributed.hasNext()) {
            SseFormat.noMac(out, unattributed.next());
        }
        done = !unattributed.hasNext();
        return out;
    }
}
