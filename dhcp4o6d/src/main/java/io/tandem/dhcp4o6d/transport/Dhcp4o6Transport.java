package io.tandem.dhcp4o6d.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.tandem.common.daemon.RateLimitedLog;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import io.tandem.dhcp4o6d.event.EventSender;
import io.tandem.dhcp4o6d.event.Events4o6;
import io.tandem.dhcp4o6d.engine.DropReason4;
import io.tandem.dhcp4o6d.engine.Outcome4;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dhcp4o6d's end of the DHCPv4-over-DHCPv6 port pair, in Kea's layout: bound to
 * {@code [::1]:P+1}, answering the partner (dhcp6d or kea-dhcp6) at {@code [::1]:P}. Datagrams are
 * decoded and answered by the engine on the event loop. The answers of one read burst are held
 * until the end of the burst, their lease rows are appended to the lease file with one
 * {@code write(2)}, and only then do the answers leave: no client hears of a lease that a crash
 * could lose. UDP on loopback queues nothing, so while the partner is away answers are lost and
 * clients retry; either side may restart at any time.
 */
public final class Dhcp4o6Transport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dhcp4o6Transport.class);
    private final RateLimitedLog dropLog = new RateLimitedLog(log, 10);
    private static final int RECEIVE_BUFFER = 1 << 20;
    private static final Inet6Address LOOPBACK = Addresses.parse6("::1");

    private final Dhcp4o6Engine engine;
    private final Optional<LeaseFile<Lease4>> leaseFile;
    private final Clock clock;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<DropReason4, LongAdder> drops = new EnumMap<>(DropReason4.class);
    private final LongAdder received = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder recorded = new LongAdder();
    /** Answers sent, by DHCPv4 message type (DHCPOFFER, DHCPACK, DHCPNAK). */
    private final AtomicLongArray answeredByType = new AtomicLongArray(256);
    /** The outcomes of the current read burst; touched only on the event loop. */
    private final List<Handled> pending = new ArrayList<>();
    private Optional<EventSender> events = Optional.empty();
    private InetSocketAddress partner;
    private Channel channel;

    /** @param leaseFile where lease rows go before answers leave; empty to keep leases in memory only */
    public Dhcp4o6Transport(Dhcp4o6Engine engine, Optional<LeaseFile<Lease4>> leaseFile, Clock clock) {
        this.engine = engine;
        this.leaseFile = leaseFile;
        this.clock = clock;
        for (DropReason4 reason : DropReason4.values()) {
            drops.put(reason, new LongAdder());
        }
    }

    /** One datagram answered or recorded, with the envelope it came in, for its events. */
    private record Handled(Dhcp4o6Ipc.Envelope envelope, Outcome4 outcome) {
    }

    /** Sends the events of each committed exchange to dhcp6d through {@code sender} (before {@link #start}). */
    public void sendEventsTo(EventSender sender) {
        events = Optional.of(sender);
    }

    /**
     * Binds {@code [::1]:port+1}, the partner being at {@code [::1]:port}.
     *
     * @throws IOException when the port cannot be bound
     */
    public void start(int port) throws IOException {
        partner = new InetSocketAddress(LOOPBACK, port);
        Bootstrap bootstrap = new Bootstrap().group(group)
                .channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET6))
                // Room for a burst from the partner (the kernel caps it at net.core.rmem_max).
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
                        receive(packet);
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext context) {
                        flushPending();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                        log.debug("DHCP4O6_SOCKET_ERROR {}", cause.toString());
                    }
                });
        try {
            channel = bootstrap.bind(new InetSocketAddress(LOOPBACK, port + 1)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding [::1]:" + (port + 1), e);
        } catch (RuntimeException e) {
            close();
            throw new IOException("cannot bind the 4o6 port [::1]:" + (port + 1) + ": " + e.getMessage(), e);
        }
        log.info("DHCP4O6_LISTENING [::1]:{}, answering the partner at [::1]:{}", port + 1, port);
    }

    private void receive(DatagramPacket packet) {
        received.increment();
        if (!packet.sender().equals(partner)) {
            drop(DropReason4.FOREIGN_SENDER, "from " + packet.sender() + ", not the partner " + partner);
            return;
        }
        ByteBuf content = packet.content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        Dhcp4o6Ipc.Envelope envelope;
        try {
            envelope = Dhcp4o6Ipc.decode(bytes);
        } catch (DecodeException e) {
            drop(DropReason4.MALFORMED_DATAGRAM, e.getMessage());
            return;
        }
        Outcome4 outcome;
        try {
            outcome = engine.handle(envelope, clock.instant());
        } catch (RuntimeException e) {
            // A bug, not a bad packet: say so loudly, and go on serving the others.
            log.error("DHCP4O6_ENGINE_FAILURE on a datagram of {} bytes: {}", bytes.length, e.toString(), e);
            return;
        }
        if (outcome instanceof Outcome4.Drop refused) {
            drop(refused.reason(), refused.detail());
        } else {
            pending.add(new Handled(envelope, outcome));
        }
    }

    /** The end of a read burst: its lease rows in one write, then its answers. */
    private void flushPending() {
        if (pending.isEmpty()) {
            return;
        }
        List<Handled> burst = List.copyOf(pending);
        pending.clear();
        List<Lease4> rows = new ArrayList<>();
        burst.forEach(handled -> rows.addAll(handled.outcome().leaseRows()));
        if (!rows.isEmpty() && leaseFile.isPresent()) {
            try {
                leaseFile.get().append(rows);
            } catch (IOException | RuntimeException e) {
                log.error("DHCP4O6_LEASE_WRITE_FAILED {} rows not recorded in {}, their {} answers not sent: {}",
                        rows.size(), leaseFile.get().path(), burst.size(), e.toString());
                burst.forEach(handled -> drops.get(DropReason4.LEASE_NOT_RECORDED).increment());
                return;
            }
        }
        for (Handled handled : burst) {
            if (handled.outcome() instanceof Outcome4.Reply reply) {
                channel.write(new DatagramPacket(Unpooled.wrappedBuffer(reply.datagram()), partner));
                answered.increment();
                reply.reply().messageType().ifPresent(type -> answeredByType.incrementAndGet(type.code()));
                if (reply.leaseRows().isEmpty()) {
                    log.debug("DHCP4O6_ANSWER {}", reply.summary());
                } else {
                    log.debug("DHCP4O6_LEASE_COMMITTED {}", reply.summary());
                }
            } else if (handled.outcome() instanceof Outcome4.Recorded change) {
                recorded.increment();
                log.debug("DHCP4O6_LEASE_ENDED {}", change.summary());
            }
        }
        channel.flush();
        if (events.isPresent()) {
            Instant now = clock.instant();
            for (Handled handled : burst) {
                Events4o6.of(handled.envelope(), handled.outcome(), now).forEach(events.get()::send);
            }
        }
    }

    private void drop(DropReason4 reason, String detail) {
        drops.get(reason).increment();
        dropLog.debug("DHCP4O6_PACKET_DROPPED {}: {}", reason.label(), detail);
    }

    public long received() {
        return received.sum();
    }

    public long answered() {
        return answered.sum();
    }

    public long recorded() {
        return recorded.sum();
    }

    /** Answers sent so far, by DHCPv4 message type code. */
    public long[] answeredByType() {
        long[] counts = new long[answeredByType.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = answeredByType.get(i);
        }
        return counts;
    }

    /** Datagrams dropped so far, by reason; reasons that never happened are left out. */
    public Map<DropReason4, Long> drops() {
        Map<DropReason4, Long> counts = new EnumMap<>(DropReason4.class);
        drops.forEach((reason, count) -> {
            if (count.sum() > 0) {
                counts.put(reason, count.sum());
            }
        });
        return counts;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
