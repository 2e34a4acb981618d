package io.tandem.dhcp6d.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.daemon.RateLimitedLog;
import io.tandem.common.daemon.ReplyWriter;
import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventBus;
import io.tandem.common.lease.Lease6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.dhcp6d.engine.Arrival;
import io.tandem.dhcp6d.engine.DropReason6;
import io.tandem.dhcp6d.engine.Inbound6;
import io.tandem.dhcp6d.engine.Outcome6;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty edge of dhcp6d's DHCPv6 socket: each {@link DatagramPacket} read is queued on the
 * {@link ServingLoop}, which has it {@link #serve served} in its turn: it becomes an
 * {@link Inbound6}, the engine decides, and the {@link Outcome6} is carried out. A reply whose
 * bindings changed is held in the {@link LeaseCommit}'s burst and leaves only once its rows are
 * recorded, its events going on the bus just before it; other replies are written at once, and
 * all leave with one flush at the end of the serving step. An exception out of the engine is a
 * bug, not a bad packet: it is logged with its stack and counted, and the socket goes on serving
 * the others. The handler may be shared by sockets of one event loop.
 */
@ChannelHandler.Sharable
final class Dhcp6PacketHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(Dhcp6PacketHandler.class);

    private final Function<Inbound6, Outcome6> engine;
    /** How a datagram from a sender arrived: fixed for a per-interface socket, per sender for the relay-facing one. */
    private final Function<Inet6Address, Arrival> arrival;
    private final ServingLoop serving;
    private final EventBus events;
    private final Consumer<byte[]> toDhcp4o6;
    private final Dhcp6Counters counters;
    /** Where a client this server holds nothing of is looked up first, with a shared lease database. */
    private final Optional<ClientLookup<Lease6, Bytes>> lookup;
    private final RateLimitedLog packetLog = new RateLimitedLog(log, 10);
    /** Each datagram's arrival, at debug; apart from {@code packetLog} so that it cannot hide drops. */
    private final RateLimitedLog arrivalLog = new RateLimitedLog(log, 10);
    /** Apart from {@code packetLog}, so that a flood of drops logged at debug cannot hide them. */
    private final RateLimitedLog failureLog = new RateLimitedLog(log, 10);

    /**
     * @param engine    the engine's {@code handle}
     * @param toDhcp4o6 where DHCPV4-QUERY datagrams go, with Kea's metadata
     * @param lookup    where the engine's {@link Outcome6.LookUp} queries wait, with a shared lease database
     */
    Dhcp6PacketHandler(Function<Inbound6, Outcome6> engine, Function<Inet6Address, Arrival> arrival,
                       ServingLoop serving, EventBus events, Consumer<byte[]> toDhcp4o6, Dhcp6Counters counters,
                       Optional<ClientLookup<Lease6, Bytes>> lookup) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.arrival = Objects.requireNonNull(arrival, "arrival");
        this.events = Objects.requireNonNull(events, "events");
        this.toDhcp4o6 = Objects.requireNonNull(toDhcp4o6, "toDhcp4o6");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.serving = Objects.requireNonNull(serving, "serving");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
        byte[] bytes = ByteBufUtil.getBytes(packet.content());
        counters.countReceived(bytes);
        serving.read(new ServingLoop.Query(this, context, bytes, packet.sender()));
    }

    /**
     * A query in its turn; a reply with lease rows is held in {@code leases} until the step's end,
     * and the query served again there when the shared lease database refused an address it got.
     */
    void serve(ServingLoop.Query query, LeaseCommit<Lease6>.Burst leases) {
        ChannelHandlerContext context = query.context();
        byte[] bytes = query.datagram();
        InetSocketAddress sender = query.sender();
        if (!(sender.getAddress() instanceof Inet6Address source)) {
            return;
        }
        if (!leases.serving()) {
            counters.countDrop(DropReason6.LEASE_DATABASE_DOWN);
            return;
        }
        Arrival arrived = arrival.apply(source);
        if (log.isDebugEnabled() && bytes.length > 0) {
            arrivalLog.debug("DHCP6_RECEIVED {} from {} on {} by {}", MessageType6.of(bytes[0] & 0xff).label(),
                    Addresses.text(sender), arrived.interfaceName(), arrived.addressing().label());
        }
        Outcome6 outcome;
        try {
            outcome = engine.apply(new Inbound6(bytes, source, sender.getPort(), arrived));
        } catch (RuntimeException e) {
            counters.countEngineFailure();
            failureLog.error("DHCP6_ENGINE_FAILURE on a datagram of {} bytes from {}: {}", bytes.length,
                    Addresses.text(sender), e.toString(), e);
            return;
        }
        if (outcome instanceof Outcome6.Drop drop) {
            counters.countDrop(drop.reason());
            drop.events().forEach(events::observe);
            packetLog.debug("DHCP6_PACKET_DROPPED {} from {}: {}", drop.reason().label(), Addresses.text(sender),
                    drop.detail());
        } else if (outcome instanceof Outcome6.ForwardToDhcp4o6 forward) {
            toDhcp4o6.accept(forward.datagram());
        } else if (outcome instanceof Outcome6.LookUp lookUp) {
            lookup.orElseThrow().lookUp(lookUp.duid(), context.channel(), () -> serving.lookedUp(query));
        } else {
            Outcome6.Reply reply = (Outcome6.Reply) outcome;
            if (reply.leaseRows().isEmpty()) {
                publishAndSend(context, reply);
            } else {
                leases.hold(reply.leaseRows(), context.channel(), () -> publishAndSend(context, reply),
                        () -> serve(query, leases));
            }
        }
    }

    /**
     * The lease is committed first, then its events go on the bus, then the reply is written; on
     * the event loop. It leaves with the flush at the end of the read burst or of the lease commit.
     */
    private void publishAndSend(ChannelHandlerContext context, Outcome6.Reply reply) {
        if (log.isDebugEnabled()) {
            // Debug, not info: a binding changes with every Renew, and the packet path logs nothing at info.
            reply.leaseRows().forEach(row -> log.debug("DHCP6_LEASE_RECORDED {} duid {} iaid {} valid {} state {} mac {}",
                    Addresses.text(row.address()), row.duid().colonHex(), row.iaid(), row.validLifetime(),
                    row.state(), row.hardwareAddress().map(Object::toString).orElse("-")));
        }
        for (BootEvent event : reply.events()) {
            events.observe(event);
        }
        reply.noMac().ifPresent(events::publishUnattributed);
        WireWriter writer = ReplyWriter.empty();
        Dhcp6Codec.encode(reply.message(), writer);
        ByteBuf datagram = ReplyWriter.toBuffer(writer, context.alloc());
        counters.countSent(datagram.getByte(0));
        context.write(new DatagramPacket(datagram, new InetSocketAddress(reply.destination(), reply.port())));
    }

    /** The end of a read burst: the serving loop takes its turn. */
    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        serving.readComplete(context);
    }

    /** What the socket itself reports (the engine's failures are caught per datagram above). */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        failureLog.warn("DHCP6_SOCKET_ERROR {}", cause.toString());
    }
}
