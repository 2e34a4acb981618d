package io.tandem.dhcp6d.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.common.daemon.DatagramSender;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.common.daemon.QueryQueue;
import io.tandem.common.daemon.RateLimitedLog;
import io.tandem.common.ops.LatencyHistogram;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Peek;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dhcp6d's end of the DHCPv4-over-DHCPv6 port pair, in Kea's layout: bound to {@code [::1]:P},
 * sending to dhcp4o6d at {@code [::1]:P+1}. Queries go out as received plus Kea's metadata; each
 * answer (a DHCPV4-RESPONSE, in Relay-Reply layers when the query was relayed) goes to where the
 * metadata says the query came from, with its flags cleared (RFC 7341 defines none for responses;
 * Kea's DHCPv4 side copies the query's). While dhcp4o6d is away, queries are dropped and counted:
 * UDP on loopback queues nothing. The handler of that one socket: it holds the round-trip table
 * of its queries, so it is not shared.
 *
 * <p>Overload is shed here, before the port pair. The partner serves its ongoing exchanges (a
 * DHCPREQUEST, DHCPDECLINE or DHCPRELEASE) before new ones (a DHCPDISCOVER), each lane in the
 * order read ({@link QueryQueue}), so the queries of a lane forwarded after the last one of that
 * lane answered are still waiting there. When {@value #MAX_BACKLOG} wait in all (what the
 * partner's lane of new queries holds), a new exchange is dropped and counted ({@code shed})
 * instead of queueing behind them, as Kea's packet queue drops: its wait stays within tens of
 * milliseconds and the work goes to queries a client still waits for. An ongoing one, whose client
 * got an offer and loses the whole exchange if it is dropped, waits only behind ongoing ones, and
 * is shed once {@value #MAX_ONGOING_BACKLOG} of those wait. A partner that has answered nothing
 * for {@value #STALL_MILLIS} ms (away, restarted, or dropping all) is sent every query again, so
 * shedding never outlives the overload.
 */
public final class Dhcp4o6Bridge extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(Dhcp4o6Bridge.class);
    private static final int CLIENT_PORT = 546;
    private static final int RELAY_PORT = 547;
    private static final int PENDING_SLOTS = 1024;
    /**
     * Queries waiting at the partner before new ones are shed: what dhcp4o6d's lane of new queries
     * holds, so that it sheds none of what was forwarded ({@link Dhcp4o6Ipc#PARTNER_BACKLOG}).
     */
    public static final int MAX_BACKLOG = Dhcp4o6Ipc.PARTNER_BACKLOG;
    /** Ongoing exchanges waiting at the partner before another is shed: what its lane of them holds. */
    public static final int MAX_ONGOING_BACKLOG = QueryQueue.ONGOING_CAPACITY;
    static final long STALL_MILLIS = 1000;
    /**
     * The receive buffer of this end of the pair: room for the answers to all {@link #MAX_BACKLOG}
     * waiting queries and more (the kernel's default, 208 KiB, dropped answers here under overload
     * while dhcp6d waited for the core: work dhcp4o6d had done, thrown away).
     */
    static final int RECEIVE_BUFFER = 1 << 20;
    private static final long STALL_NANOS = STALL_MILLIS * 1_000_000;

    /**
     * What the pairing did: queries forwarded, queries shed while the partner was behind, answers
     * passed on, answers refused, and the round trip from forwarding a query to receiving its answer.
     */
    public record Stats(long forwarded, long shed, long answered, long badAnswers, LatencyHistogram roundTrips) {
    }

    private final InetSocketAddress partner;
    private final InterfaceDirectory interfaces;
    private final BiConsumer<byte[], InetSocketAddress> sendToClient;
    private final RateLimitedLog problems = new RateLimitedLog(log, 10);
    final LongAdder forwarded = new LongAdder();
    final LongAdder shed = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder badAnswers = new LongAdder();
    private final LatencyHistogram roundTrips = new LatencyHistogram();
    /**
     * When each waiting query left, by the low bits of its DHCPv4 transaction id: a fixed table, so
     * that timing costs no allocation; a collision or a query never answered only loses a sample.
     * Touched on the transport's one event loop only.
     */
    private final int[] waitingXid = new int[PENDING_SLOTS];
    private final long[] waitingSince = new long[PENDING_SLOTS];
    /** The place of each waiting query in the order its lane's queries were forwarded ({@link #sequence}). */
    private final long[] waitingSequence = new long[PENDING_SLOTS];
    /** The lane ({@link QueryQueue.Lane#ordinal}) of each waiting query. */
    private final byte[] waitingLane = new byte[PENDING_SLOTS];
    /**
     * By lane: queries forwarded so far, and the place of the latest one answered: the lane's
     * backlog is between them.
     */
    private final long[] sequence = new long[QueryQueue.Lane.values().length];
    private final long[] answeredSequence = new long[sequence.length];
    private long lastAnswerNanos = System.nanoTime() - STALL_NANOS;
    private DatagramSender toPartner;

    /** @param interfaces where the interface named in an answer's metadata is looked up */
    Dhcp4o6Bridge(int port, InterfaceDirectory interfaces, BiConsumer<byte[], InetSocketAddress> sendToClient) {
        this.partner = new InetSocketAddress(Addresses.parse6("::1"), port + 1);
        this.interfaces = interfaces;
        this.sendToClient = sendToClient;
    }

    /** The socket this handler serves: forwarded queries leave by it. */
    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        toPartner = new DatagramSender(context.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
        try {
            answer(packet);
        } catch (RuntimeException e) {
            // A bug, not a bad answer: say so with its stack, and go on passing the others on.
            badAnswers.increment();
            problems.error("DHCP4O6_BRIDGE_FAILURE on a datagram of {} bytes from dhcp4o6d: {}",
                    packet.content().readableBytes(), e.toString(), e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        problems.debug("DHCP4O6_PARTNER_UNREACHABLE {}", cause.toString());
    }

    /** Sends a query to dhcp4o6d; on the event loop, where the queries of one turn leave together. */
    void forward(byte[] datagram) {
        long now = System.nanoTime();
        QueryQueue.Lane lane = QueryQueue.laneOf(datagram);
        if (now - lastAnswerNanos < STALL_NANOS && behind(lane)) {
            shed.increment();
            return;
        }
        int ordinal = lane.ordinal();
        sequence[ordinal]++;
        int xid = Dhcp4o6Peek.xid(datagram);
        if (xid != Dhcp4o6Peek.NONE) {
            int slot = xid & (PENDING_SLOTS - 1);
            waitingXid[slot] = xid;
            waitingSince[slot] = now;
            waitingSequence[slot] = sequence[ordinal];
            waitingLane[slot] = (byte) ordinal;
        }
        toPartner.send(new DatagramPacket(Unpooled.wrappedBuffer(datagram), partner));
        forwarded.increment();
    }

    /** Whether a query of {@code lane} would wait behind too many at the partner. */
    private boolean behind(QueryQueue.Lane lane) {
        long ongoing = waiting(QueryQueue.Lane.ONGOING);
        return lane == QueryQueue.Lane.ONGOING ? ongoing >= MAX_ONGOING_BACKLOG
                : ongoing + waiting(QueryQueue.Lane.NEW) >= MAX_BACKLOG;
    }

    private long waiting(QueryQueue.Lane lane) {
        return sequence[lane.ordinal()] - answeredSequence[lane.ordinal()];
    }

    Stats stats() {
        return new Stats(forwarded.sum(), shed.sum(), answered.sum(), badAnswers.sum(), roundTrips);
    }

    /** Times the answer, and moves its lane's backlog's start past its query. */
    private void timeAnswer(byte[] datagram) {
        int xid = Dhcp4o6Peek.xid(datagram);
        int slot = xid & (PENDING_SLOTS - 1);
        if (xid != Dhcp4o6Peek.NONE && waitingSince[slot] != 0 && waitingXid[slot] == xid) {
            long now = System.nanoTime();
            roundTrips.record(now - waitingSince[slot]);
            waitingSince[slot] = 0;
            int lane = waitingLane[slot];
            answeredSequence[lane] = Math.max(answeredSequence[lane], waitingSequence[slot]);
            lastAnswerNanos = now;
        }
    }

    private void answer(DatagramPacket packet) {
        if (!packet.sender().equals(partner)) {
            badAnswers.increment();
            problems.warn("DHCP4O6_FOREIGN_SENDER datagram on the 4o6 port from {} ignored", packet.sender());
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(packet.content());
        timeAnswer(bytes);
        Dhcp4o6Ipc.Envelope envelope;
        try {
            envelope = Dhcp4o6Ipc.decode(bytes);
        } catch (DecodeException e) {
            badAnswers.increment();
            problems.warn("DHCP4O6_BAD_ANSWER from dhcp4o6d: {}", e.getMessage());
            return;
        }
        Dhcp6Message response = envelope.message();
        if (!isResponse(response)) {
            badAnswers.increment();
            problems.warn("DHCP4O6_BAD_ANSWER from dhcp4o6d: {} is not a DHCPV4-RESPONSE", response.type());
            return;
        }
        try {
            InetSocketAddress destination = new InetSocketAddress(scoped(envelope), port(envelope));
            sendToClient.accept(Dhcp6Codec.encode(Dhcp4o6Ipc.withoutFlags(response)), destination);
            answered.increment();
        } catch (UnknownHostException e) {
            badAnswers.increment();
            problems.warn("DHCP4O6_NO_ROUTE answer for {} on {}: {}", envelope.sourceAddress(),
                    envelope.interfaceName(), e.toString());
        }
    }

    private static boolean isResponse(Dhcp6Message message) {
        Dhcp6Message current = message;
        while (current instanceof RelayMessage relay && relay.type().equals(MessageType6.RELAY_REPL)) {
            current = relay.relayed().orElse(null);
        }
        return current instanceof Dhcp4o6Message m && m.type().equals(MessageType6.DHCPV4_RESPONSE);
    }

    /** 546 for a direct client; for a relay 547, or the port it sent from when it said so (RFC 8357). */
    private static int port(Dhcp4o6Ipc.Envelope envelope) {
        if (envelope.message() instanceof RelayMessage relay) {
            return relay.options().has(Dhcp6Options.RELAY_SOURCE_PORT) ? envelope.sourcePort() : RELAY_PORT;
        }
        return CLIENT_PORT;
    }

    /**
     * A link-local source needs the interface it came in on to be reached again: its index, from
     * the directory's snapshot ({@link NetworkInterface#getByName} enumerates every interface, some
     * fifteen system calls and a read of /proc per answer: it was half of dhcp6d's CPU in the pair).
     */
    private Inet6Address scoped(Dhcp4o6Ipc.Envelope envelope) throws UnknownHostException {
        Inet6Address source = envelope.sourceAddress();
        if (!source.isLinkLocalAddress()) {
            return source;
        }
        int index = interfaces.byName(envelope.interfaceName()).map(InterfaceDirectory.Entry::index)
                .orElseThrow(() -> new UnknownHostException("no interface " + envelope.interfaceName()));
        return Inet6Address.getByAddress(null, source.getAddress(), index);
    }
}
