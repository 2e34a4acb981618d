package io.tandem.dhcp4o6d.event;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventDatagram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * dhcp4o6d's end of the events channel: the events of up to {@value #LINGER_MILLIS} ms in as few UDP
 * datagrams as they fit in ({@link EventDatagram}) to dhcp6d on localhost, sent without waiting.
 * They linger so that at a low rate a datagram is not sent, and dhcp6d's events thread not woken,
 * for each exchange: each datagram cost both daemons a wake-up and dhcp4o6d a preemption by
 * dhcp6d's reader on a shared core, about 30 us of CPU per DORA at 1,000 DORA/s (measured). Nobody
 * listening (dhcp6d stopped, or paired with kea-dhcp6), a full socket buffer or any error loses the
 * event and counts it; DHCP never notices. Called on the transport's one thread.
 */
public final class EventSender implements AutoCloseable {
    private final InetSocketAddress destination;
    private final DatagramChannel channel;
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    /** How long an event may wait for others to leave with: far below what a dashboard shows (seconds). */
    static final long LINGER_MILLIS = 20;
    /** Events waiting for the end of their linger; touched only on the transport's thread. */
    private final List<BootEvent> pending = new ArrayList<>();
    private final Runnable flush = this::flush;

    public EventSender(InetSocketAddress destination) throws IOException {
        this.destination = destination;
        this.channel = DatagramChannel.open(destination.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        channel.configureBlocking(false);
        // Connected, so that an ICMP port unreachable (nobody listening) shows as an error here.
        channel.connect(destination);
    }

    /**
     * Sends {@code events} with those of the next {@value #LINGER_MILLIS} ms; {@code loop} is the
     * calling thread's own executor, which sends them then.
     */
    public void send(List<BootEvent> events, ScheduledExecutorService loop) {
        if (events.isEmpty()) {
            return;
        }
        if (pending.isEmpty()) {
            loop.schedule(flush, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
        pending.addAll(events);
    }

    /** The events pending, together: one datagram for dozens of them, one write(2) each datagram. */
    private void flush() {
        try {
            EventDatagram.encode(pending, this::write);
        } finally {
            // Emptied whatever happened: an empty list is what schedules the next flush
            pending.clear();
        }
    }

    private void write(byte[] bytes, int offset, int length, int events) {
        try {
            if (channel.write(ByteBuffer.wrap(bytes, offset, length)) > 0) {
                sent.add(events);
                return;
            }
        } catch (IOException | RuntimeException e) {
            // Port unreachable, buffer trouble: the events are lost, DHCP goes on.
        }
        dropped.add(events);
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

    /**
     * Sends the events still lingering (their scheduled send went with the transport's event loop,
     * which the daemon stops first), then closes the socket.
     */
    @Override
    public void close() throws IOException {
        if (!pending.isEmpty()) {
            flush();
        }
        channel.close();
    }
}
