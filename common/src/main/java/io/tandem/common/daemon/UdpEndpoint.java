package io.tandem.common.daemon;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound UDP socket of a daemon, its datagrams read by one handler on the event loop given:
 * the bootstrap, the receive buffer asked for and checked, the multicast groups joined, and every
 * way binding can fail turned into an {@link IOException} that names the socket.
 */
public final class UdpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpEndpoint.class);

    /**
     * How the socket is opened besides its address.
     *
     * @param receiveBuffer  {@code SO_RCVBUF} to ask for, 0 for the kernel's default; when the kernel
     *                       gives less (it caps it at {@code net.core.rmem_max}), a warning says so
     * @param multicastGroup a group to join on each of {@code interfaces}; such a socket is
     *                       opened with {@code SO_REUSEADDR}, as multicast listeners are
     */
    public record Options(int receiveBuffer, Optional<InetAddress> multicastGroup, List<String> interfaces) {
        public Options {
            interfaces = List.copyOf(interfaces);
        }

        public static Options unicast(int receiveBuffer) {
            return new Options(receiveBuffer, Optional.empty(), List.of());
        }

        /** Joins {@code group} on each of {@code interfaces}; with none, the socket serves unicast only. */
        public static Options multicast(InetAddress group, List<String> interfaces, int receiveBuffer) {
            return new Options(receiveBuffer, Optional.of(group), interfaces);
        }
    }

    private final DatagramChannel channel;

    private UdpEndpoint(DatagramChannel channel) {
        this.channel = channel;
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
        Bootstrap bootstrap = new Bootstrap().group(loop)
                .channelFactory(() -> new NioDatagramChannel(family))
                .handler(handler);
        if (options.multicastGroup().isPresent()) {
            bootstrap.option(ChannelOption.SO_REUSEADDR, true);
        }
        if (options.receiveBuffer() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, options.receiveBuffer());
        }
        String where = name + " " + Addresses.text(local);
        ChannelFuture bound = bootstrap.bind(local).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            bound.channel().close().awaitUninterruptibly();
            throw new IOException("cannot bind " + where + ": " + reason(bound.cause()), bound.cause());
        }
        UdpEndpoint endpoint = new UdpEndpoint((DatagramChannel) bound.channel());
        try {
            if (options.multicastGroup().isPresent()) {
                endpoint.join(new InetSocketAddress(options.multicastGroup().get(), local.getPort()),
                        options.interfaces());
            }
        } catch (IOException e) {
            endpoint.close();
            throw new IOException(where + ": " + e.getMessage(), e);
        }
        int granted = endpoint.channel.config().getReceiveBufferSize();
        if (granted < options.receiveBuffer()) {
            log.warn("UDP_RECEIVE_BUFFER_SMALL {}: the kernel gave {} bytes of the {} asked for: a burst during a "
                    + "pause drops datagrams; raise net.core.rmem_max to {}", where, granted,
                    options.receiveBuffer(), options.receiveBuffer());
        }
        return endpoint;
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

    /** Sends one datagram; from any thread. */
    public void send(byte[] datagram, InetSocketAddress destination) {
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), destination));
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
