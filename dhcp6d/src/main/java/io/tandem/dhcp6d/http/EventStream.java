package io.tandem.dhcp6d.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.common.event.Delivery;
import io.tandem.common.event.EventBus;
import io.tandem.common.event.Subscription;
import io.tandem.common.identity.MacAddress;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code GET /events} connection from the response head on: the snapshot, then the live
 * events of its {@link Subscription}, heartbeats, and the watchdog for a reader that stopped.
 *
 * <p>Everything here runs on the channel's event loop. Bytes are written only while the channel
 * is writable, so a slow reader holds at most the outbound buffer's high-water mark here and its
 * subscription's bounded queue in the bus; the bus drops that queue's oldest events (and the
 * stream says how many) rather than wait. A reader whose channel stays unwritable for
 * {@link HttpSettings#stuckTimeout()} is disconnected.
 */
final class EventStream extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private static final AtomicLong lastCutOffLog = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(2));

    private final EventBus bus;
    private final Optional<MacAddress> filter;
    private final HttpVersion version;
    private final HttpSettings settings;
    private final HttpCounters counters;
    private ChannelHandlerContext context;
    private Subscription subscription;
    private SnapshotWriter snapshot;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> watchdog;
    /** {@link System#nanoTime()} when the channel became unwritable, or -1 while it is writable. */
    private long unwritableSince = -1;
    private boolean started;
    private boolean ended;

    EventStream(EventBus bus, Optional<MacAddress> filter, HttpVersion version, HttpSettings settings,
                HttpCounters counters) {
        this.bus = bus;
        this.filter = filter;
        this.version = version;
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        if (!ctx.channel().isActive()) {
            return;
        }
        started = true;
        counters.openStreams.incrementAndGet();
        HttpResponse head = new DefaultHttpResponse(version, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                // nginx and its kin buffer responses unless told not to: events must arrive as they happen.
                .set("X-Accel-Buffering", "no");
        if (version.equals(HttpVersion.HTTP_1_0)) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        ctx.write(head);
        subscription = bus.subscribe(filter, settings.streamQueue(), this::wake);
        snapshot = new SnapshotWriter(subscription);
        long heartbeatMillis = settings.heartbeat().toMillis();
        heartbeat = ctx.executor().scheduleAtFixedRate(this::heartbeat, heartbeatMillis, heartbeatMillis,
                TimeUnit.MILLISECONDS);
        long checkMillis = Math.max(10, settings.stuckTimeout().toMillis() / 4);
        watchdog = ctx.executor().scheduleAtFixedRate(this::checkStuck, checkMillis, checkMillis,
                TimeUnit.MILLISECONDS);
        if (!ctx.channel().isWritable()) {
            unwritableSince = System.nanoTime();
        }
        drain();
    }

    /** On the publisher's thread: hands the work to the event loop and returns. */
    private void wake() {
        try {
            context.executor().execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The listener is shutting down; the channel closes with it.
        }
    }

    /** Writes what is waiting, as long as the channel takes it. */
    private void drain() {
        if (ended) {
            return;
        }
        boolean wrote = false;
        while (context.channel().isWritable()) {
            ByteBuf chunk;
            if (snapshot != null) {
                chunk = snapshot.next(context.alloc());
                if (snapshot.done()) {
                    snapshot = null;
                }
            } else {
                chunk = nextEvents();
                if (chunk == null) {
                    break;
                }
            }
            context.write(new DefaultHttpContent(chunk));
            wrote = true;
        }
        if (wrote) {
            context.flush();
        }
    }

    /** Waiting deliveries, up to about one chunk, or null when there are none. */
    private ByteBuf nextEvents() {
        ByteBuf out = null;
        while (out == null || out.readableBytes() < SnapshotWriter.CHUNK) {
            Optional<Delivery> next = subscription.poll();
            if (next.isEmpty()) {
                break;
            }
            if (out == null) {
                out = context.alloc().buffer();
            }
            if (next.get() instanceof Delivery.Live live) {
                SseFormat.data(out, live.event().toStreamLine());
            } else if (next.get() instanceof Delivery.Unattributed unattributed) {
                SseFormat.noMac(out, unattributed.entry());
            } else if (next.get() instanceof Delivery.Lost lost) {
                SseFormat.lost(out, lost.count());
            }
        }
        return out;
    }

    private void heartbeat() {
        if (!ended && snapshot == null && context.channel().isWritable()) {
            context.writeAndFlush(new DefaultHttpContent(context.alloc().buffer().writeBytes(SseFormat.KEEPALIVE)));
        }
    }

    private void checkStuck() {
        if (ended || unwritableSince < 0
                || System.nanoTime() - unwritableSince < settings.stuckTimeout().toNanos()) {
            return;
        }
        counters.streamsCutOff.increment();
        long now = System.nanoTime();
        long last = lastCutOffLog.get();
        if (now - last >= TimeUnit.SECONDS.toNanos(1) && lastCutOffLog.compareAndSet(last, now)) {
            log.info("HTTP_EVENTS_READER_CUT_OFF {} read nothing for {} and lost {} events ({} cut off so far)",
                    context.channel().remoteAddress(), settings.stuckTimeout(), subscription.lost(),
                    counters.streamsCutOff.sum());
        }
        end();
        context.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            unwritableSince = -1;
            drain();
        } else if (unwritableSince < 0) {
            unwritableSince = System.nanoTime();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        // The stream is the connection's last response: anything the client sends now is ignored.
        ReferenceCountUtil.release(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        end();
    }

    private void end() {
        if (ended || !started) {
            return;
        }
        ended = true;
        subscription.close();
        heartbeat.cancel(false);
        watchdog.cancel(false);
        counters.openStreams.decrementAndGet();
    }
}
