package io.tandem.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.common.identity.MacAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
