package io.tandem.dhcp4o6d.event;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventDatagram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * dhcp4o6d's end of the events channel: the events of a read burst in as few UDP datagrams as they
 * fit in ({@link EventDatagram}) to dhcp6d on localhost, sent without waiting. Nobody listening (dhcp6d stopped, or paired with
 * kea-dhcp6), a full socket buffer or any error loses the event and counts it; DHCP never notices.
 * Called on the transport's one thread.
 */
public final class EventSender implements AutoCloseable {
    private final InetSocketAddress destination;
    private final DatagramChannel channel;
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public EventSender(InetSocketAddress destination) throws IOException {
        this.destination = destination;
        this.channel = DatagramChannel.open(destination.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        channel.configureBlocking(false);
        // Connected, so that an ICMP port unreachable (nobody listening) shows as an error here.
        channel.connect(destination);
    }

    /** Sends {@code events} together: one datagram for dozens of them, one write(2) each datagram. */
    public void send(List<BootEvent> events) {
        for (byte[] datagram : EventDatagram.encode(events)) {
            int count = lines(datagram);
            try {
                if (channel.write(ByteBuffer.wrap(datagram)) > 0) {
                    sent.add(count);
                    continue;
                }
            } catch (IOException | RuntimeException e) {
                // Port unreachable, buffer trouble: the events are lost, DHCP goes on.
            }
            dropped.add(count);
        }
    }

    /** The events in a datagram: one a line. */
    private static int lines(byte[] datagram) {
        int lines = 1;
        for (byte b : datagram) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    public InetSocketAddress destination() {
        return destination;
    }

    /** Events handed to the kernel for dhcp6d. */
    public long sent() {
        return sent.sum();
    }

    /** Events lost because nobody listened or the socket could not take them. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
