package io.tandem.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.identity.MacAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventDatagramTest {
    @Test
    void anEventCrossesTheChannelUnchanged() {
        BootEvent event = BootEvent.of(MacAddress.parse("52:54:00:12:34:56"), EventNames.ACKED_4O6,
                Instant.parse("2026-11-22T06:00:00.123456789Z")).with("address", "192.0.2.10").with("relay", "::");
        byte[] bytes = event.toStreamLine();
        assertEquals("{\"mac\":\"52:54:00:12:34:56\",\"event\":{\"event\":\"4o6_acked\",\"timestamp\":"
                + "\"2026-11-22T06:00:00.123456789Z\",\"address\":\"192.0.2.10\",\"relay\":\"::\"}}",
                new String(bytes, StandardCharsets.UTF_8));
        assertEquals(event, EventDatagram.decode(bytes, bytes.length));
    }

    private static final String SPECIALS = "\"\\\n\u0001aé€😀\ud800";

    /** Written token by token, a line is what the stream's tree form renders, and reads back the same. */
    @Test
    void aLineIsTheStreamFormWhateverItsText() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Random random = new Random(6316);
        for (int round = 0; round < 500; round++) {
            BootEvent event = BootEvent.of(MacAddress.fromLong(random.nextLong()), "e" + round,
                    Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000)));
            for (int i = random.nextInt(6); i > 0; i--) {
                StringBuilder value = new StringBuilder();
                for (int c = random.nextInt(40); c > 0; c--) {
                    // Quotes, backslashes, control characters, Latin-1, the rest of the BMP
                    value.append(random.nextBoolean() ? SPECIALS.charAt(random.nextInt(SPECIALS.length()))
                            : (char) (0x20 + random.nextInt(0xd000)));
                }
                event = event.with("k-" + i, value);
            }
            byte[] line = event.toStreamLine();
            assertEquals(new String(mapper.writeValueAsBytes(streamTree(event)), StandardCharsets.UTF_8),
                    new String(line, StandardCharsets.UTF_8));
            assertEquals(event, EventDatagram.decode(line, line.length));
        }
    }

    /** The stream form as a tree, built apart from the writer it checks. */
    private static ObjectNode streamTree(BootEvent event) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("mac", event.mac().toString());
        tree.set("event", event.toJson());
        return tree;
    }

    @Test
    void readsWhatOtherWritersMayDo() {
        String event = "\"event\": {\"event\": \"4o6_acked\", \"timestamp\": \"2026-11-22T06:00:00Z\"";
        BootEvent read = decode("{\"other\": {\"mac\": 1}, \"list\": [1, {}], " + event
                + ", \"address\": \"192.0.2.1\", \"relay\": \"::\", \"address\": \"192.0.2.2\"}, \"mac\": \"52-54-00-12-34-56\"}  ");
        assertEquals(MacAddress.parse("52:54:00:12:34:56"), read.mac());
        assertEquals(List.of("address", "relay"), List.copyOf(read.details().keySet()), "a key given twice keeps its place");
        assertEquals("192.0.2.2", read.details().get("address"), "and its last value");
        StringBuilder most = new StringBuilder("{\"mac\": \"52:54:00:12:34:56\", " + event);
        for (int i = 0; i < 24; i++) {
            most.append(", \"d-").append(i).append("\": \"x\", \"d-").append(i).append("\": \"y\"");
        }
        assertEquals(24, decode(most + "}}").details().size(), "24 details, each given twice");
        assertThrows(IllegalArgumentException.class, () -> decode(most + ", \"d-24\": \"z\"}}"), "a 25th");
        String mac = "{\"mac\": \"52:54:00:12:34:56\", ";
        assertEquals("x", decode(mac + event + ", \"a\": null, \"a\": [1], \"a\": \"" + "y".repeat(513)
                + "\", \"a\": \"x\"}}").details().get("a"), "only the last value of a key is checked");
        assertEquals("4o6_acked", decode(mac + "\"event\": {\"event\": 5, \"n\": 1, \"Bad Key\": \"\"}, " + event
                + "}}").name(), "only the last event object is checked");
        assertThrows(IllegalArgumentException.class, () -> decode(mac + event + ", \"a\": \"x\", \"a\": null}}"));
        assertThrows(IllegalArgumentException.class, () -> decode(mac + "\"event\": {\"event\": \"ok\","
                + " \"timestamp\": \"+10000-01-01T00:00:00Z\"}}"), "RFC 3339 years have four digits");
    }

    private static BootEvent decode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return EventDatagram.decode(bytes, bytes.length);
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
        assertFilledInOrder(events, datagrams);
    }

    /** One event longer than a datagram goes alone, between the datagrams of the events around it. */
    @Test
    void anEventLongerThanADatagramGoesAlone() {
        List<BootEvent> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            BootEvent event = BootEvent.of(MacAddress.fromLong(0x525400000000L + i), EventNames.ACKED_4O6,
                    Instant.parse("2026-11-22T06:00:00.123456789Z")).with("address", "192.0.2." + i);
            events.add(i == 60 ? event.with("reason", "x".repeat(EventDatagram.MAX_BYTES)) : event);
        }
        List<byte[]> datagrams = EventDatagram.encode(events);
        assertFilledInOrder(events, datagrams);
        assertTrue(datagrams.stream().anyMatch(datagram -> datagram.length > EventDatagram.MAX_BYTES));
    }

    /**
     * The datagrams are the events' own lines in order, each datagram as full as the next line
     * allows: it would not have fitted too.
     */
    private static void assertFilledInOrder(List<BootEvent> events, List<byte[]> datagrams) {
        List<String> lines = events.stream().map(event -> new String(event.toStreamLine(), StandardCharsets.UTF_8)).toList();
        int next = 0;
        for (byte[] datagram : datagrams) {
            String text = new String(datagram, StandardCharsets.UTF_8);
            List<String> held = List.of(text.split("\n", -1));
            assertEquals(lines.subList(next, next + held.size()), held);
            next += held.size();
            if (next < lines.size()) {
                assertTrue(datagram.length + 1 + lines.get(next).getBytes(StandardCharsets.UTF_8).length
                        > EventDatagram.MAX_BYTES, "the next line would not have fitted");
            }
            assertTrue(datagram.length <= EventDatagram.MAX_BYTES || held.size() == 1, "only a lone line is longer");
        }
        assertEquals(lines.size(), next);
        int[] counted = {0};
        EventDatagram.encode(events, (bytes, offset, length, count) -> {
            String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
            assertEquals(text.split("\\n", -1).length, count, "the events a datagram holds, as the sink is told");
            counted[0] += count;
        });
        assertEquals(events.size(), counted[0]);
    }

    @Test
    void aDatagramWithOneBadLineIsRefusedWhole() {
        byte[] good = BootEvent.of(MacAddress.parse("52:54:00:12:34:56"), EventNames.ACKED_4O6,
                Instant.parse("2026-11-22T06:00:00Z")).toStreamLine();
        byte[] bytes = (new String(good, StandardCharsets.UTF_8) + "\n{}").getBytes(StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> EventDatagram.decodeAll(bytes, bytes.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"mac\": \"x\", \"event\": {}}",
            "{\"mac\": \"52:54:00:12:34:56\", \"event\": {\"event\": \"Bad Name\", \"timestamp\": \"2026-11-22T06:00:00Z\"}}",
            "{\"mac\": \"52:54:00:12:34:56\", \"event\": {\"event\": \"ok\", \"timestamp\": \"yesterday\"}}",
            "{\"mac\": \"52:54:00:12:34:56\", \"event\": {\"event\": \"ok\", \"timestamp\": \"2026-11-22T06:00:00Z\", \"n\": 1}}",
            "{\"mac\": \"52:54:00:12:34:56\", \"event\": {\"event\": 5, \"timestamp\": \"2026-11-22T06:00:00Z\"}}",
            "{\"mac\": \"52:54:00:12:34:56\", \"event\": {\"event\": \"ok\", \"timestamp\": \"2026-11-22T06:00:00Z\"}",
            "{\"mac\": [\"52:54:00:12:34:56\"], \"event\": {\"event\": \"ok\", \"timestamp\": \"2026-11-22T06:00:00Z\"}}",
            "{\"mac\": \"52:54:00:12:34:56\", \"event\": [{\"event\": \"ok\", \"timestamp\": \"2026-11-22T06:00:00Z\"}]}",
            "{\"mac\": \"52:54:00:12:34:56\", \"event\": {\"event\": \"ok\", \"timestamp\": \"2026-11-22T06:00:00Z\", \"a\": null}}"})
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
