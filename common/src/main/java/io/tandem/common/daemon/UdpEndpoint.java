package io.tandem.common.daemon;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound UDP socket of a daemon, its datagrams read by one handler on the event loop given:
 * the bootstrap, the receive buffer asked for and checked, the multicast groups joined, and every
 * way binding can fail turned into an {@link IOException} that names the socket.
 *
 * <p>On an event loop of {@link #newEventLoop()} the socket is Netty's native epoll one, which
 * reads up to {@value #DATAGRAMS_PER_READ} datagrams with one {@code recvmmsg} and sends what
 * was written before a flush with one {@code sendmmsg}; where epoll is unavailable it is Java's
 * NIO socket. Either way a datagram of up to {@value #MAX_DATAGRAM} bytes is received whole, and
 * a longer one is dropped and counted ({@link #oversized()}), never passed on cut short.
 *
 * <p>A socket that joins no group receives no multicast: Linux otherwise delivers a group's
 * datagrams to every socket on the port whose address matches, {@code [::]} included, as soon as
 * any socket of the host has joined the group ({@code IP_MULTICAST_ALL}/{@code IPV6_MULTICAST_ALL},
 * on by default). Turned off on epoll; Java's NIO cannot, and says so for a wildcard socket.
 */
public final class UdpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpEndpoint.class);
    /**
     * The longest datagram received: what both daemons received whole before (Netty's default
     * receive buffer), more than a DHCP message on an Ethernet link can be unfragmented.
     */
    public static final int MAX_DATAGRAM = 2048;
    /** Datagrams read per wake-up of the socket, on epoll with one {@code recvmmsg}. */
    static final int DATAGRAMS_PER_READ = 32;
    /**
     * The room for each datagram: one byte more than {@link #MAX_DATAGRAM}, so that a longer one,
     * which the kernel cuts to the room, shows as too long instead of passing for a whole one.
     */
    private static final int DATAGRAM_ROOM = MAX_DATAGRAM + 1;

    /** Linux's {@code IPV6_MULTICAST_ALL} (level {@code IPPROTO_IPV6}, since Linux 4.20). */
    private static final IntegerUnixChannelOption IPV6_MULTICAST_ALL =
            new IntegerUnixChannelOption("IPV6_MULTICAST_ALL", 41, 29);
    /** Linux's {@code IP_MULTICAST_ALL} (level {@code IPPROTO_IP}). */
    private static final IntegerUnixChannelOption IP_MULTICAST_ALL =
            new IntegerUnixChannelOption("IP_MULTICAST_ALL", 0, 49);

    /** Whether other sockets may be bound to the port beside this one ({@code SO_REUSEADDR}). */
    public enum PortSharing {
        /** No other socket on an overlapping address and port, this process's or another's. */
        EXCLUSIVE,
        /** A multicast listener: kept with {@code SO_REUSEADDR}, as such sockets are. */
        SHARED,
        /**
         * Bound with {@code SO_REUSEADDR}, so that the daemon's other sockets on the port (a
         * {@code [::]} socket beside per-address ones) can be bound beside it, then made exclusive by
         * {@link #claimPort()} once they are: from then on, another process's bind of the port fails
         * (Linux refuses a bind that overlaps a socket without {@code SO_REUSEADDR}).
         */
        EXCLUSIVE_ONCE_CLAIMED
    }

    /**
     * How the socket is opened besides its address.
     *
     * @param receiveBuffer  {@code SO_RCVBUF} to ask for, 0 for the kernel's default; when the kernel
     *                       gives less (it caps it at {@code net.core.rmem_max}), a warning says so
     * @param multicastGroup a group to join on each of {@code interfaces}
     * @param readPerWakeUp  the most datagrams read each time the socket is ready before the event
     *                       loop turns to its tasks: {@value UdpEndpoint#DATAGRAMS_PER_READ} (one {@code recvmmsg})
     *                       unless {@link #readingUpTo} says more
     */
    public record Options(int receiveBuffer, Optional<InetAddress> multicastGroup, List<String> interfaces,
                          PortSharing sharing, int readPerWakeUp) {
        public Options {
            interfaces = List.copyOf(interfaces);
            if (readPerWakeUp < 1) {
                throw new IllegalArgumentException("readPerWakeUp must be at least 1");
            }
        }

        public static Options unicast(int receiveBuffer) {
            return new Options(receiveBuffer, Optional.empty(), List.of(), PortSharing.EXCLUSIVE, DATAGRAMS_PER_READ);
        }

        /** A unicast socket that the daemon's other sockets share the port with until {@link #claimPort()}. */
        public static Options unicastClaimedLater(int receiveBuffer) {
            return new Options(receiveBuffer, Optional.empty(), List.of(), PortSharing.EXCLUSIVE_ONCE_CLAIMED,
                    DATAGRAMS_PER_READ);
        }

        /** Joins {@code group} on each of {@code interfaces}; with none, the socket serves unicast only. */
        public static Options multicast(InetAddress group, List<String> interfaces, int receiveBuffer) {
            return new Options(receiveBuffer, Optional.of(group), interfaces, PortSharing.SHARED, DATAGRAMS_PER_READ);
        }

        /**
         * These options, reading up to {@code datagrams} each time the socket is ready (by {@code recvmmsg}
         * calls of {@value UdpEndpoint#DATAGRAMS_PER_READ} until the kernel has none left): for a handler that only
         * queues what it reads, so that the socket's backlog moves out of the kernel's buffer at each turn.
         */
        public Options readingUpTo(int datagrams) {
            return new Options(receiveBuffer, multicastGroup, interfaces, sharing, datagrams);
        }
    }

    /** Whether epoll is there, looked at (and a fallback warned of) once, on first use. */
    private static final class NativeTransport {
        static final boolean EPOLL = check();

        private static boolean check() {
            if (!Epoll.isAvailable()) {
                log.warn("UDP_EPOLL_UNAVAILABLE UDP sockets use Java NIO, one system call per datagram: {}",
                        reason(Epoll.unavailabilityCause()));
            }
            return Epoll.isAvailable();
        }
    }

    private final DatagramChannel channel;
    private final DatagramSender sender;
    private final LongAdder oversized;

    private UdpEndpoint(DatagramChannel channel, LongAdder oversized) {
        this.channel = channel;
        this.sender = new DatagramSender(channel);
        this.oversized = oversized;
    }

    /** One event loop thread for a daemon's sockets: epoll where it is available, NIO otherwise. */
    public static EventLoopGroup newEventLoop() {
        return new MultiThreadIoEventLoopGroup(1,
                NativeTransport.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /**
     * Binds {@code local} and joins the groups of {@code options}; datagrams go to {@code handler}
     * on {@code loop}.
     *
     * @param name what the socket is for, in errors and warnings: {@code "the DHCPv6 port"}
     * @throws IOException when the address cannot be bound or a group cannot be joined; nothing
     *                     is left open then
     */
    public static UdpEndpoint bind(String name, InetSocketAddress local, Options options, EventLoopGroup loop,
                                   ChannelHandler handler) throws IOException {
        SocketProtocolFamily family = local.getAddress() instanceof Inet4Address
                ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        String where = name + " " + Addresses.text(local);
        LongAdder oversized = new LongAdder();
        Bootstrap bootstrap = new Bootstrap().group(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new OversizeFilter(where, oversized), handler);
            }
        });
        boolean groupless = options.multicastGroup().isEmpty();
        if (loop instanceof IoEventLoopGroup group && group.isIoType(EpollIoHandler.class)) {
            // recvmmsg needs both: the room for one datagram, and a buffer that holds many of them
            bootstrap.channelFactory(() -> new EpollDatagramChannel(family))
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_ROOM)
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(DATAGRAMS_PER_READ * DATAGRAM_ROOM));
            if (groupless) {
                bootstrap.option(family == SocketProtocolFamily.INET6 ? IPV6_MULTICAST_ALL : IP_MULTICAST_ALL, 0);
            }
        } else {
            bootstrap.channelFactory(() -> new NioDatagramChannel(family))
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_ROOM));
            // Only where the daemon's own group sockets share the port (dhcp6d's relay-facing one): a
            // copy of each group datagram would arrive here too
            if (groupless && options.sharing() == PortSharing.EXCLUSIVE_ONCE_CLAIMED
                    && local.getAddress().isAnyLocalAddress()) {
                log.warn("UDP_MULTICAST_ALL_ON {}: without epoll this socket also receives the datagrams of any "
                        + "multicast group another socket of this host joined on its port", where);
            }
        }
        // After the allocator, which sets it back to 1
        bootstrap.option(ChannelOption.MAX_MESSAGES_PER_READ, options.readPerWakeUp());
        if (options.sharing() != PortSharing.EXCLUSIVE) {
            bootstrap.option(ChannelOption.SO_REUSEADDR, true);
        }
        if (options.receiveBuffer() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, options.receiveBuffer());
        }
        ChannelFuture bound = bootstrap.bind(local).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            bound.channel().close().awaitUninterruptibly();
            throw new IOException("cannot bind " + where + ": " + reason(bound.cause()), bound.cause());
        }
        UdpEndpoint endpoint = new UdpEndpoint((DatagramChannel) bound.channel(), oversized);
        try {
            if (options.multicastGroup().isPresent()) {
                endpoint.join(new InetSocketAddress(options.multicastGroup().get(), local.getPort()),
                        options.interfaces());
            }
        } catch (IOException e) {
            endpoint.close();
            throw new IOException(where + ": " + e.getMessage(), e);
        }
        warnIfReceiveBufferSmall(where, options.receiveBuffer(), endpoint.channel.config().getReceiveBufferSize());
        return endpoint;
    }

    /**
     * Says when the kernel gave a socket ({@code where}) a smaller {@code SO_RCVBUF} than was
     * {@code asked}: it caps it at {@code net.core.rmem_max}. Also for the daemons' sockets that are
     * not Netty's (dhcp6d's events channel).
     */
    public static void warnIfReceiveBufferSmall(String where, int asked, int granted) {
        if (granted < asked) {
            log.warn("UDP_RECEIVE_BUFFER_SMALL {}: the kernel gave {} bytes of the {} asked for: a burst during a "
                    + "pause drops datagrams; raise net.core.rmem_max to {}", where, granted, asked, asked);
        }
    }

    private void join(InetSocketAddress group, List<String> interfaces) throws IOException {
        for (String name : interfaces) {
            NetworkInterface networkInterface = NetworkInterface.getByName(name);
            if (networkInterface == null) {
                throw new IOException("interface " + name + " does not exist");
            }
            ChannelFuture joined = channel.joinGroup(group, networkInterface).awaitUninterruptibly();
            if (!joined.isSuccess()) {
                throw new IOException("cannot join " + Addresses.text(group.getAddress()) + " on " + name + ": "
                        + reason(joined.cause()), joined.cause());
            }
        }
    }

    private static String reason(Throwable cause) {
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /**
     * Drops a datagram longer than {@link #MAX_DATAGRAM}, which arrives cut to its room; counts it
     * and says so at most once a second.
     */
    private static final class OversizeFilter extends ChannelInboundHandlerAdapter {
        private final String where;
        private final LongAdder oversized;
        private final RateLimitedLog tooLong = new RateLimitedLog(log, 1);

        OversizeFilter(String where, LongAdder oversized) {
            this.where = where;
            this.oversized = oversized;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof DatagramPacket packet && packet.content().readableBytes() > MAX_DATAGRAM) {
                oversized.increment();
                tooLong.warn("UDP_DATAGRAM_TOO_LONG {}: a datagram from {} longer than {} bytes dropped", where,
                        Addresses.text(packet.sender()), MAX_DATAGRAM);
                packet.release();
                return;
            }
            context.fireChannelRead(message);
        }
    }

    /**
     * Sends one datagram; from any thread. Those sent from the event loop during one turn of it
     * leave together, after the turn's reads.
     */
    public void send(byte[] datagram, InetSocketAddress destination) {
        sender.send(new DatagramPacket(Unpooled.wrappedBuffer(datagram), destination));
    }

    /**
     * Turns {@code SO_REUSEADDR} off on a socket opened {@link PortSharing#EXCLUSIVE_ONCE_CLAIMED},
     * after the daemon's own sockets on the port are bound: another bind of the port now fails.
     *
     * @throws IOException when the kernel refuses the option
     */
    public void claimPort() throws IOException {
        if (!channel.config().setOption(ChannelOption.SO_REUSEADDR, false) || channel.config().isReuseAddress()) {
            throw new IOException("cannot make " + Addresses.text(localAddress()) + " exclusive: SO_REUSEADDR stays on");
        }
    }

    /** Datagrams dropped for being longer than {@link #MAX_DATAGRAM}. */
    public long oversized() {
        return oversized.sum();
    }

    /** The address bound, with the port the kernel chose when 0 was asked for. */
    public InetSocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
