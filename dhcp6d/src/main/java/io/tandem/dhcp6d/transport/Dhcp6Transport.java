package io.tandem.dhcp6d.transport;

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
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.tandem.common.daemon.RateLimitedLog;
import io.tandem.common.event.BootEvent;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.common.event.EventBus;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import io.tandem.dhcp6d.engine.DropReason6;
import io.tandem.dhcp6d.engine.Inbound6;
import io.tandem.dhcp6d.engine.Outcome6;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
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
 * dhcp6d's sockets: one IPv6 UDP socket on the server port that has joined ff02::1:2 on every
 * served interface. A direct client's link-local source arrives with the arrival interface as
 * its scope, which is how the interface is known and how the reply leaves by the same link.
 * Packets are decoded and answered by the engine on the event loop; replies that changed
 * bindings wait for the {@link LeaseWriter}.
 */
public final class Dhcp6Transport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dhcp6Transport.class);
    public static final InetAddress ALL_DHCP_RELAY_AGENTS_AND_SERVERS = Addresses.parse6("ff02::1:2");

    private final Dhcp6Engine engine;
    private final Optional<LeaseWriter> leaseWriter;
    /**
     * The socket's receive buffer: about 4,000 queries, so that a burst arriving during a garbage
     * collection pause waits instead of being dropped by the kernel (the default, about 200 kB,
     * overflowed within 50 ms under perfdhcp). Capped by net.core.rmem_max.
     */
    static final int RECEIVE_BUFFER = 4 << 20;

    private final EventBus events;
    private final InterfaceDirectory interfaces;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<DropReason6, LongAdder> drops = new EnumMap<>(DropReason6.class);
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    /** By the first byte of the datagram: the message type, RELAY-FORW or RELAY-REPL when relayed. */
    private final AtomicLongArray receivedByType = new AtomicLongArray(256);
    private final AtomicLongArray sentByType = new AtomicLongArray(256);
    private final RateLimitedLog dropLog = new RateLimitedLog(log, 10);
    private Channel channel;
    private List<String> servedInterfaces = List.of();
    private Optional<Dhcp4o6Bridge> dhcp4o6 = Optional.empty();

    public Dhcp6Transport(Dhcp6Engine engine, Optional<LeaseWriter> leaseWriter, EventBus events,
                          InterfaceDirectory interfaces) {
        this.engine = engine;
        this.interfaces = interfaces;
        this.leaseWriter = leaseWriter;
        this.events = events;
        for (DropReason6 reason : DropReason6.values()) {
            drops.put(reason, new LongAdder());
        }
    }

    /**
     * Binds {@code [bindAddress]:port} and joins the DHCPv6 multicast group on each interface.
     *
     * @throws IOException when the port cannot be bound or an interface does not exist
     */
    public void start(InetAddress bindAddress, int port, List<String> interfaces) throws IOException {
        Bootstrap bootstrap = new Bootstrap().group(group)
                .channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET6))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
                        receive(packet);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                        log.warn("DHCP6_SOCKET_ERROR {}", cause.toString());
                    }
                });
        try {
            servedInterfaces = List.copyOf(interfaces);
            channel = bootstrap.bind(new InetSocketAddress(bindAddress, port)).sync().channel();
            for (String name : interfaces) {
                NetworkInterface networkInterface = NetworkInterface.getByName(name);
                if (networkInterface == null) {
                    throw new IOException("interface " + name + " does not exist");
                }
                ((DatagramChannel) channel).joinGroup(
                        new InetSocketAddress(ALL_DHCP_RELAY_AGENTS_AND_SERVERS, port), networkInterface).sync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding", e);
        } catch (IOException e) {
            close();
            throw e;
        } catch (RuntimeException e) {
            close();
            throw new IOException("cannot listen on " + Addresses.text(new InetSocketAddress(bindAddress, port)) + ": " + e, e);
        }
        log.info("DHCP6_LISTENING [{}]:{} on {}", Addresses.text(bindAddress), port,
                interfaces.isEmpty() ? "unicast only" : String.join(", ", interfaces));
        int granted = ((DatagramChannel) channel).config().getReceiveBufferSize();
        if (granted < RECEIVE_BUFFER) {
            log.warn("DHCP6_RECEIVE_BUFFER_SMALL the kernel gave {} bytes of the {} asked for: a burst during a "
                    + "pause drops queries; raise net.core.rmem_max to {}", granted, RECEIVE_BUFFER, RECEIVE_BUFFER);
        }
    }

    /** Opens dhcp6d's end of the port pair with dhcp4o6d ({@code [::1]:port}). */
    public void pairWithDhcp4o6(int port) throws IOException {
        Dhcp4o6Bridge bridge = new Dhcp4o6Bridge(port, this::sendRaw);
        bridge.start(group, port);
        dhcp4o6 = Optional.of(bridge);
    }

    private void receive(DatagramPacket packet) {
        received.increment();
        ByteBuf content = packet.content();
        if (content.isReadable()) {
            receivedByType.incrementAndGet(content.getUnsignedByte(content.readerIndex()));
        }
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        InetSocketAddress sender = packet.sender();
        if (!(sender.getAddress() instanceof Inet6Address source)) {
            return;
        }
        Outcome6 outcome = engine.handle(new Inbound6(bytes, source, sender.getPort(), interfaceName(source)));
        if (outcome instanceof Outcome6.Drop drop) {
            drops.get(drop.reason()).increment();
            dropLog.debug("DHCP6_PACKET_DROPPED {} from {}: {}", drop.reason().label(), Addresses.text(sender),
                    drop.detail());
            return;
        }
        if (outcome instanceof Outcome6.ForwardToDhcp4o6 forward) {
            dhcp4o6.ifPresent(bridge -> bridge.forward(forward.datagram()));
            return;
        }
        Outcome6.Reply reply = (Outcome6.Reply) outcome;
        if (reply.leaseRows().isEmpty() || leaseWriter.isEmpty()) {
            publishAndSend(reply);
        } else if (!leaseWriter.get().submit(new LeaseWriter.Pending(reply.leaseRows(), () -> publishAndSend(reply)))) {
            dropLog.warn("DHCP6_LEASE_QUEUE_FULL reply to [{}] dropped; the client will retry",
                    Addresses.text(source));
        }
    }

    /** The lease is committed first, then its events go on the bus, then the reply leaves. */
    private void publishAndSend(Outcome6.Reply reply) {
        for (BootEvent event : reply.events()) {
            events.observe(event);
        }
        send(reply);
    }

    private void send(Outcome6.Reply reply) {
        sendRaw(Dhcp6Codec.encode(reply.message()), new InetSocketAddress(reply.destination(), reply.port()));
    }

    private void sendRaw(byte[] bytes, InetSocketAddress destination) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), destination));
        sent.increment();
        sentByType.incrementAndGet(bytes[0] & 0xff);
    }

    /**
     * The interface a datagram came in on. A link-local sender carries it as its scope. A global
     * sender (a relay, or a 4o6 client by unicast) does not, so the interface is the one on whose
     * prefix the sender is, else the only interface served: one socket on {@code [::]} sees no
     * more, and Kea's DHCPv4 side needs the name to pick its server identifier.
     */
    private String interfaceName(Inet6Address source) {
        NetworkInterface scoped = source.getScopedInterface();
        if (scoped != null) {
            return scoped.getName();
        }
        if (source.getScopeId() > 0) {
            return interfaces.byIndex(source.getScopeId()).map(InterfaceDirectory.Entry::name).orElse("");
        }
        for (String name : servedInterfaces) {
            if (interfaces.byName(name).map(entry -> entry.addresses().stream()
                    .anyMatch(address -> sameNetwork(address, source))).orElse(false)) {
                return name;
            }
        }
        return servedInterfaces.size() == 1 ? servedInterfaces.get(0) : "";
    }

    private static boolean sameNetwork(InterfaceAddress local, Inet6Address remote) {
        if (!(local.getAddress() instanceof Inet6Address) || local.getAddress().isLinkLocalAddress()) {
            return false;
        }
        byte[] a = local.getAddress().getAddress();
        byte[] b = remote.getAddress();
        int bits = local.getNetworkPrefixLength();
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    public long received() {
        return received.sum();
    }

    public long sent() {
        return sent.sum();
    }

    /** Datagrams received so far, by their first byte (the message type); one count per possible byte. */
    public long[] receivedByType() {
        return snapshot(receivedByType);
    }

    /** Datagrams sent so far, by message type. */
    public long[] sentByType() {
        return snapshot(sentByType);
    }

    private static long[] snapshot(AtomicLongArray counts) {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    /** The 4o6 pairing, when there is one. */
    public Optional<Dhcp4o6Bridge.Stats> dhcp4o6() {
        return dhcp4o6.map(Dhcp4o6Bridge::stats);
    }

    /** Packets dropped so far, by reason; reasons that never happened are left out. */
    public Map<DropReason6, Long> drops() {
        Map<DropReason6, Long> counts = new EnumMap<>(DropReason6.class);
        drops.forEach((reason, count) -> {
            if (count.sum() > 0) {
                counts.put(reason, count.sum());
            }
        });
        return counts;
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        dhcp4o6.ifPresent(Dhcp4o6Bridge::close);
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
