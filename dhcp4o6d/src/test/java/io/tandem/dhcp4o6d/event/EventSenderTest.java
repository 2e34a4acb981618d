package io.tandem.dhcp4o6d.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventDatagram;
import io.tandem.common.identity.MacAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The events channel's sending end on a real [::1] socket. */
@Timeout(30)
class EventSenderTest {
    @Test
    void eventsStillLingeringWhenTheTransportStopsAreSentAtClose() throws Exception {
        try (DatagramSocket dhcp6d = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            dhcp6d.setSoTimeout(5000);
            EventSender sender = new EventSender((InetSocketAddress) dhcp6d.getLocalSocketAddress());
            ScheduledExecutorService transport = Executors.newSingleThreadScheduledExecutor();
            List<BootEvent> events = List.of(
                    BootEvent.of(MacAddress.parse("52:54:00:12:34:56"), "4o6_offered", Instant.ofEpochSecond(1_800_000_000L)),
                    BootEvent.of(MacAddress.parse("52:54:00:12:34:56"), "4o6_acked", Instant.ofEpochSecond(1_800_000_001L)));
            // This thread plays the transport's: the send is scheduled on its executor ...
            sender.send(events, transport);
            // ... which the daemon stops first: the scheduled send goes with it
            transport.shutdownNow();
            transport.awaitTermination(5, TimeUnit.SECONDS);
            sender.close();

            byte[] buffer = new byte[EventDatagram.MAX_BYTES];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            dhcp6d.receive(packet);
            assertEquals(events, EventDatagram.decodeAll(buffer, packet.getLength()));
            assertEquals(2, sender.sent());
            assertEquals(0, sender.dropped());
        }
    }
}
