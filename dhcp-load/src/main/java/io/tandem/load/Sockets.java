package io.tandem.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The generator's non-blocking UDP sockets, read by one thread through one selector. A relay's
 * sockets are connected to the server from ports of their own (the Relay Source Port option brings
 * each answer back to its socket), so several of them spread the load over the server's receive
 * path. A direct client has one socket on the client port: the server answers there; by unicast it
 * is connected, by multicast it sends to ff02::1:2 on the interface and takes answers from anyone.
 * Connected sockets read and write without an address object per datagram.
 */
final class Sockets implements AutoCloseable {
    /** Where the queries go and from where: {@code multicast} names the interface for ff02::1:2. */
    record Route(InetSocketAddress server, InetSocketAddress bind, NetworkInterface multicast, int count) {
    }

    private final DatagramChannel[] channels;
    private final InetSocketAddress unconnectedTarget;
    private final Selector selector;

    Sockets(Route route) throws IOException {
        channels = new DatagramChannel[route.count()];
        selector = Selector.open();
        unconnectedTarget = route.multicast() == null ? null : route.server();
        try {
            for (int i = 0; i < channels.length; i++) {
                DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6);
                channels[i] = channel;
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
                channel.setOption(StandardSocketOptions.SO_SNDBUF, 8 << 20);
                if (route.multicast() != null) {
                    channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, route.multicast());
                }
                channel.bind(route.bind());
                if (route.multicast() == null) {
                    channel.connect(route.server());
                }
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, i);
            }
        } catch (IOException e) {
            close();
            throw new IOException("cannot open a socket on " + route.bind() + " to " + route.server() + ": "
                    + e.getMessage(), e);
        }
    }

    int count() {
        return channels.length;
    }

    /** Sends {@code datagram} (from its position to its limit) on socket {@code index}; false when the kernel refused it now. */
    boolean send(int index, ByteBuffer datagram) throws IOException {
        DatagramChannel channel = channels[index];
        try {
            return (unconnectedTarget == null ? channel.write(datagram) : channel.send(datagram, unconnectedTarget)) > 0;
        } catch (java.net.PortUnreachableException e) {
            // An ICMP error from an earlier datagram on a connected socket: that one is lost, this one is not sent.
            return false;
        }
    }

    /** Reads one datagram of socket {@code index} into {@code buffer}; false when none is waiting. */
    boolean receive(int index, ByteBuffer buffer) throws IOException {
        DatagramChannel channel = channels[index];
        buffer.clear();
        try {
            if (unconnectedTarget == null) {
                return channel.read(buffer) > 0;
            }
            return channel.receive(buffer) != null;
        } catch (java.net.PortUnreachableException e) {
            return false;
        }
    }

    /** Hands the index of each readable socket to {@code ready}, waiting up to {@code timeoutMillis} (0: not at all). */
    void select(Consumer<SelectionKey> ready, long timeoutMillis) throws IOException {
        if (timeoutMillis <= 0) {
            selector.selectNow(ready);
        } else {
            selector.select(ready, timeoutMillis);
        }
    }

    @Override
    public void close() {
        for (DatagramChannel channel : channels) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Closing a datagram channel does not fail in a way worth reporting.
                }
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // As above.
        }
    }
}
