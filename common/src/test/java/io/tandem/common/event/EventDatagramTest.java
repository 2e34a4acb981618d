package io.tandem.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventDatagramTest {
    @Test
    void anEventCrossesTheChannelUnchanged() {
        BootEvent event = BootEvent.of(MacAddress.parse("52:54:00:12:34:56"), EventNames.ACKED_4O6,
                Instant.parse("2026-11-22T06:00:00.123456789Z")).with("address", "192.0.2.10").with("relay", "::");
        byte[] bytes = EventDatagram.encode(event);
        assertEquals("{\"mac\":\"52:54:00:12:34:56\",\"event\":{\"event\":\"4o6_acked\",\"timestamp\":"
                + "\"2026-11-22T06:00:00.123456789Z\",\"address\":\"192.0.2.10\",\"relay\":\"::\"}}",
                new String(bytes, StandardCharsets.UTF_8));
        assertEquals(event, EventDatagram.decode(bytes, bytes.length));
    }

    @Test
    void theEventsOfABurstShareDatagramsOneALine() {
        List<BootEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(BootEvent.of(MacAddress.fromLong(0x525400000000L + i), EventNames.ACKED_4O6,
                    Instant.parse("2026-11-22T06:00:00.123456789Z")).with("address", "192.0.2." + i));
        }
        List<byte[]> datagrams = EventDatagram.encode(events);
        assertTrue(datagrams.size() > 1 && datagrams.size() < 10, datagrams.size() + " datagrams");
        List<BootEvent> received = new ArrayList<>();
        for (byte[] datagram : datagrams) {
            assertTrue(datagram.length <= EventDatagram.MAX_BYTES);
            received.addAll(EventDatagram.decodeAll(datagram, datagram.length));
        }
        assertEquals(events, received);
        assertEquals(List.of(), EventDatagram.encode(List.of()));
    }

    @Test
    void aDatagramWithOneBadLineIsRefusedWhole() {
        byte[] good = EventDatagram.encode(BootEvent.of(MacAddress.parse("52:54:00:12:34:56"), EventNames.ACKED_4O6,
                Instant.parse("2026-11-22T06:00:00Z")));
        byte[] bytes = (new String(good, StandardCharsets.UTF_8) + "\n{}").getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> EventDatagram.decodeAll(bytes, bytes.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"mac\": \"x\", \"event\": {}}",
            "{\"mac\": \"52:54:00:12:34:56\", \"event\": {\"event\": \"Bad Name\", \"timestamp\": \"2026-11-22T06:00:00Z\"}}",
            "{\"mac\": \"52:54:00:12:34:56\", \"event\": {\"event\": \"ok\", \"timestamp\": \"yesterday\"}}",
            "{\"mac\": \"52:54:00:12:34:56\", \"event\": {\"event\": \"ok\", \"timestamp\": \"2026-11-22T06:00:00Z\", \"n\": 1}}"})
    void refusesWhatIsNotAnEvent(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> EventDatagram.decode(bytes, bytes.length));
    }

    @Test
    void refusesAnOversizedDatagram() {
        byte[] bytes = new byte[EventDatagram.MAX_BYTES + 1];
        assertThrows(IllegalArgumentException.class, () -> EventDatagram.decode(bytes, bytes.length));
    }
}
