package io.tandem.dhcp4o6d.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.daemon.QueryQueue;
import io.tandem.common.daemon.RateLimitedLog;
import io.tandem.common.daemon.ReplyWriter;
import io.tandem.common.daemon.ServingSteps;
import io.tandem.common.lease.Lease4;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.dhcp4o6d.engine.DropReason4;
import io.tandem.dhcp4o6d.engine.Outcome4;
import io.tandem.dhcp4o6d.event.EventSender;
import io.tandem.dhcp4o6d.event.Events4o6;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty edge of dhcp4o6d's end of the port pair. Each {@link DatagramPacket} from the partner
 * is queued in a {@link QueryQueue}'s lanes (a DHCPREQUEST, whose client got an offer, before a
 * DHCPDISCOVER), and served a step at a time ({@link ServingSteps}): a step decodes its queries to
 * their envelopes and the engine answers them. An outcome with lease rows (an ACK, a recorded release or
 * decline) is held in the {@link LeaseCommit}'s burst until its rows are recorded; then its answer
 * is written and its events go to dhcp6d: no client hears of a lease that a crash could lose.
 * Answers without rows (an OFFER) are written at once; a step's answers leave with one flush at its
 * end. When queries are left, the next step waits for the event loop's next turn, which reads the
 * socket until the kernel has none left ({@link QueryQueue#READ_PER_WAKE_UP}): under overload the
 * backlog waits in the lanes, where DHCPREQUESTs go first and the oldest are shed and counted, not
 * in the kernel's first-in first-out buffer, where both kinds wait alike and are dropped alike. An
 * exception out of the engine is a bug, not a bad datagram: it is logged with its stack and
 * counted, and the socket goes on serving the others.
 */
final class Dhcp4o6PacketHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(Dhcp4o6PacketHandler.class);

    private final BiFunction<Dhcp4o6Ipc.Envelope, Instant, Outcome4> engine;
    private final InetSocketAddress partner;
    private final LeaseCommit<Lease4>.Burst leases;
    private final Optional<EventSender> events;
    private final Clock clock;
    private final Dhcp4o6Counters counters;
    /** Where a client this server holds no lease of is looked up first, with a shared lease database. */
    private final Optional<ClientLookup<Lease4, Lease4.Owner>> lookup;
    private final RateLimitedLog dropLog = new RateLimitedLog(log, 10);
    private final ServingSteps<byte[]> steps;
    /** The context of the one socket this handler serves. */
    private ChannelHandlerContext context;
    /** True from a step's first query to its end. */
    private boolean inBurst;
    /** Apart from {@code dropLog}, so that a flood of drops logged at debug cannot hide them. */
    private final RateLimitedLog failureLog = new RateLimitedLog(log, 10);
    /** Drops an operator must hear of (the configuration serves nobody there, a pool is full), at WARN. */
    private static final Set<DropReason4> OPERATOR_TROUBLE = EnumSet.of(DropReason4.NO_SUBNET,
            DropReason4.NO_SERVER_IDENTIFIER, DropReason4.NO_ADDRESS_AVAILABLE);
    private final RateLimitedLog troubleLog = new RateLimitedLog(log, 1);

    /**
     * @param engine  the engine's {@code handle}
     * @param partner the only sender served: dhcp6d (or kea-dhcp6) at {@code [::1]:P}
     * @param leases  where answers wait for their lease rows
     * @param events  where the events of each committed exchange go, when dhcp6d wants them
     * @param lookup  where the engine's {@link Outcome4.LookUp} queries wait, with a shared lease database
     */
    Dhcp4o6PacketHandler(BiFunction<Dhcp4o6Ipc.Envelope, Instant, Outcome4> engine, InetSocketAddress partner,
                         LeaseCommit<Lease4> leases, Optional<EventSender> events, Clock clock,
                         Dhcp4o6Counters counters, Optional<ClientLookup<Lease4, Lease4.Owner>> lookup) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.partner = Objects.requireNonNull(partner, "partner");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        // The new lane holds what dhcp6d lets wait here, so that the shedding is done before the port pair
        this.steps = new ServingSteps<>(new QueryQueue<>(QueryQueue.ONGOING_CAPACITY, Dhcp4o6Ipc.PARTNER_BACKLOG,
                QueryQueue.MAX_WAIT_NANOS, shed -> drop(switch (shed) {
            case QUEUE_FULL -> DropReason4.SHED_QUEUE_FULL;
            case WAITED_TOO_LONG -> DropReason4.SHED_WAITED_TOO_LONG;
            case CLIENT_MOVED_ON -> DropReason4.SHED_CLIENT_MOVED_ON;
        }, "overload")), this::serve, this::endBurst);
        this.leases = leases.newBurst((refusal, answers) -> counters.countDrops(switch (refusal) {
            case QUEUE_FULL -> DropReason4.LEASE_QUEUE_FULL;
            case NOT_RECORDED -> DropReason4.LEASE_NOT_RECORDED;
            case CONFLICT -> DropReason4.LEASE_CONFLICT;
        }, answers));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext added) {
        context = added;
    }

    /** Read: queued in its lane, served by a later step. */
    @Override
    protected void channelRead0(ChannelHandlerContext ignored, DatagramPacket packet) {
        counters.countReceived();
        if (!packet.sender().equals(partner)) {
            drop(DropReason4.FOREIGN_SENDER, "from " + packet.sender() + ", not the partner " + partner);
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(packet.content());
        steps.add(bytes, bytes);
    }

    /** The end of a read burst: a step serves the lanes, in this turn of the event loop. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ignored) {
        steps.readComplete(context.executor());
    }

    private void serve(byte[] bytes) {
        inBurst = true;
        if (!leases.serving()) {
            drop(DropReason4.LEASE_DATABASE_DOWN, "the lease database is away and on-fail is stop-retry-exit");
            return;
        }
        Dhcp4o6Ipc.Envelope envelope;
        try {
            envelope = Dhcp4o6Ipc.decode(bytes);
        } catch (DecodeException e) {
            drop(DropReason4.MALFORMED_DATAGRAM, e.getMessage());
            return;
        }
        serve(context, envelope, bytes.length);
    }

    /**
     * The engine answers; an outcome with lease rows is held in the burst, and the envelope served
     * again there when the shared lease database refused the address it got.
     */
    private void serve(ChannelHandlerContext context, Dhcp4o6Ipc.Envelope envelope, int length) {
        Outcome4 outcome;
        try {
            outcome = engine.apply(envelope, clock.instant());
        } catch (RuntimeException e) {
            counters.countEngineFailure();
            failureLog.error("DHCP4O6_ENGINE_FAILURE on a datagram of {} bytes from {}: {}", length,
                    Addresses.text(envelope.sourceAddress()), e.toString(), e);
            return;
        }
        if (outcome instanceof Outcome4.Drop refused) {
            drop(refused.reason(), refused.detail());
        } else if (outcome instanceof Outcome4.LookUp lookUp) {
            lookup.orElseThrow().lookUp(lookUp.client(), context.channel(), () -> lookedUp(context, envelope, length));
        } else if (outcome.leaseRows().isEmpty()) {
            carryOut(context, envelope, outcome);
        } else {
            leases.hold(outcome.leaseRows(), context.channel(), () -> carryOut(context, envelope, outcome),
                    () -> serve(context, envelope, length));
        }
    }

    /**
     * Answered once its client was looked up, on the event loop: the queries looked up by one
     * statement make one burst, ended in a task after them.
     */
    private void lookedUp(ChannelHandlerContext context, Dhcp4o6Ipc.Envelope envelope, int length) {
        if (!inBurst) {
            inBurst = true;
            context.executor().execute(this::endBurst);
        }
        serve(context, envelope, length);
    }

    /** Its lease rows recorded (if any): the answer is written, then its events go to dhcp6d. */
    private void carryOut(ChannelHandlerContext context, Dhcp4o6Ipc.Envelope envelope, Outcome4 outcome) {
        if (outcome instanceof Outcome4.Reply reply) {
            WireWriter writer = ReplyWriter.empty();
            reply.encode(writer);
            context.write(new DatagramPacket(ReplyWriter.toBuffer(writer, context.alloc()), partner));
            counters.countAnswer(reply.reply());
            if (log.isDebugEnabled()) {
                log.debug(reply.leaseRows().isEmpty() ? "DHCP4O6_ANSWER {}" : "DHCP4O6_LEASE_COMMITTED {}",
                        reply.summary());
            }
        } else if (outcome instanceof Outcome4.Recorded change) {
            counters.countRecorded();
            if (log.isDebugEnabled()) {
                log.debug("DHCP4O6_LEASE_ENDED {}", change.summary());
            }
        }
        if (events.isPresent()) {
            events.get().send(Events4o6.of(envelope, outcome, clock.instant()), context.executor());
        }
    }

    /** The end of a step (or of the queries one look-up answered): lease rows committed, answers sent together. */
    private void endBurst() {
        leases.end();
        context.flush();
        inBurst = false;
    }

    private void drop(DropReason4 reason, String detail) {
        counters.countDrop(reason);
        if (OPERATOR_TROUBLE.contains(reason)) {
            troubleLog.warn("DHCP4O6_PACKET_DROPPED {}: {}", reason.label(), detail);
        } else {
            dropLog.debug("DHCP4O6_PACKET_DROPPED {}: {}", reason.label(), detail);
        }
    }

    /** What the socket itself reports (the engine's failures are caught per datagram above). */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("DHCP4O6_SOCKET_ERROR {}", cause.toString());
    }
}
