package io.tandem.dhcp6d.transport;

import io.tandem.common.daemon.RateLimitedLog;
import io.tandem.common.daemon.UdpEndpoint;
import io.tandem.common.event.EventBus;
import io.tandem.common.event.EventDatagram;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dhcp6d's end of the events channel: a localhost UDP socket on which dhcp4o6d's events arrive,
 * those of one of its read bursts together ({@link EventDatagram}), to be published on dhcp6d's bus as if dhcp6d had seen them, so that one
 * stream shows both halves of a dual-stack client under one MAC. It has its own thread: decoding
 * JSON never runs on the DHCP socket's event loop. Datagrams from anywhere but loopback, and
 * any holding something that is not an event, are counted and dropped whole.
 */
public final class EventChannelReceiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventChannelReceiver.class);
    /**
     * Room for dhcp4o6d's events while this thread does not read: a dhcp6d just started decodes
     * them in the interpreter, and the kernel's default (about 200 kB) overflowed there under
     * DashboardScaleIT's burst of 50,000 datagrams/s (the drops are in /metrics,
     * tandem_udp_socket_drops_total). The kernel gives twice what
     * is asked (capped by net.core.rmem_max) for datagrams and its bookkeeping: about 120 datagrams
     * of the largest kind ({@link EventDatagram#MAX_BYTES}), many more of the usual.
     */
    static final int RECEIVE_BUFFER = 1 << 20;

    private final EventBus bus;
    private final DatagramChannel channel;
    private final Thread thread;
    private final RateLimitedLog refusedLog = new RateLimitedLog(log, 10);
    private final LongAdder received = new LongAdder();
    private final LongAdder refused = new LongAdder();

    private EventChannelReceiver(EventBus bus, DatagramChannel channel) {
        this.bus = bus;
        this.channel = channel;
        this.thread = new Thread(this::run, "events-channel");
        thread.setDaemon(true);
    }

    /** Binds {@code listen} (a loopback address) and starts publishing what arrives on {@code bus}. */
    public static EventChannelReceiver start(InetSocketAddress listen, EventBus bus) throws IOException {
        DatagramChannel channel = DatagramChannel.open(listen.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            channel.bind(listen);
            UdpEndpoint.warnIfReceiveBufferSmall("the events channel " + Addresses.text(listen), RECEIVE_BUFFER,
                    channel.getOption(StandardSocketOptions.SO_RCVBUF));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot bind the events channel " + Addresses.text(listen) + ": " + e.getMessage(), e);
        }
        EventChannelReceiver receiver = new EventChannelReceiver(bus, channel);
        receiver.thread.start();
        log.info("DHCP6_EVENTS_CHANNEL listening on {} (UDP) for dhcp4o6d's events",
                Addresses.text((InetSocketAddress) channel.getLocalAddress()));
        return receiver;
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(EventDatagram.MAX_BYTES + 1);
        while (channel.isOpen()) {
            SocketAddress sender;
            try {
                buffer.clear();
                sender = channel.receive(buffer);
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return;
                }
                refusedLog.warn("DHCP6_EVENTS_CHANNEL_ERROR {}", e.toString());
                continue;
            }
            received.increment();
            if (!(sender instanceof InetSocketAddress from) || !from.getAddress().isLoopbackAddress()) {
                refuse(sender, "not from loopback");
                continue;
            }
            try {
                EventDatagram.decodeAll(buffer.array(), buffer.position()).forEach(bus::observe);
            } catch (RuntimeException e) {
                // What the decoder says is wrong with the datagram, or a bug of ours: refused all the same
                refuse(sender, e instanceof IllegalArgumentException ? e.getMessage() : e.toString());
            }
        }
    }

    private void refuse(SocketAddress sender, String why) {
        refused.increment();
        refusedLog.debug("DHCP6_EVENTS_CHANNEL_REFUSED a datagram from {}: {}", sender, why);
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** The socket's {@code SO_RCVBUF}, as the kernel granted it. */
    public int receiveBufferSize() throws IOException {
        return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    /** Datagrams received, good or bad. */
    public long received() {
        return received.sum();
    }

    /** Datagrams dropped: not from loopback, or not an event. */
    public long refused() {
        return refused.sum();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
