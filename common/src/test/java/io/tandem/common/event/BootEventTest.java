package io.tandem.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.common.identity.MacAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BootEventTest {
    private static final MacAddress QEMU = MacAddress.parse("52:54:00:12:34:56");

    @Test
    void rendersDhcpv6macdsShapeWithDetailsInOrder() {
        BootEvent event = BootEvent.of(QEMU, EventNames.BOUND, Instant.parse("2026-11-22T06:00:00.123456789Z"))
                .with("duid", "00:03:00:01:52:54:00:12:34:56").with("iaid", 1).with("address", "2001:db8::1");
        assertEquals("{\"event\":\"bound\",\"timestamp\":\"2026-11-22T06:00:00.123456789Z\","
                + "\"duid\":\"00:03:00:01:52:54:00:12:34:56\",\"iaid\":\"1\",\"address\":\"2001:db8::1\"}",
                event.toJson().toString());
        assertEquals("{\"mac\":\"52:54:00:12:34:56\",\"event\":" + event.toJson() + "}",
                new String(event.toStreamLine(), StandardCharsets.UTF_8));
    }

    /** Built detail by detail, an event is the one {@code with} makes: in order, a key given again replaced in place. */
    @Test
    void aBuilderMakesWhatWithMakes() {
        Instant at = Instant.parse("2026-11-22T06:00:00Z");
        BootEvent.Builder builder = BootEvent.builder(QEMU, EventNames.BOUND, at);
        BootEvent chained = BootEvent.of(QEMU, EventNames.BOUND, at);
        for (int i = 0; i < 12; i++) {
            builder.with("k" + i, i);
            chained = chained.with("k" + i, i);
        }
        builder.with("k3", "again");
        chained = chained.with("k3", "again");
        BootEvent built = builder.build();
        assertEquals(chained, built);
        assertEquals(new String(chained.toStreamLine(), StandardCharsets.UTF_8),
                new String(built.toStreamLine(), StandardCharsets.UTF_8));
        assertEquals(List.of("k0", "k1", "k2", "k3"), List.copyOf(built.details().keySet()).subList(0, 4));
        assertThrows(IllegalArgumentException.class, () -> BootEvent.builder(QEMU, "x", at).with("timestamp", "1"));
    }

    @Test
    void timestampsAlwaysCarryNineFractionDigitsInUtc() {
        assertEquals("2026-11-22T06:00:00.100000000Z",
                BootEvent.of(QEMU, "init", Instant.parse("2026-11-22T06:00:00.1Z")).timestampText());
        assertEquals("2026-11-22T06:00:00.000000000Z",
                BootEvent.of(QEMU, "init", Instant.parse("2026-11-22T06:00:00Z")).timestampText());
    }

    @Test
    void timestampsReadBackAsTheInstantTheyShowAsTheFormatterWritesThem() {
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
                .withZone(ZoneOffset.UTC);
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    random.nextInt(1_000_000_000));
            String text = BootEvent.timestampText(instant);
            assertEquals(formatter.format(instant), text);
            assertEquals(instant, BootEvent.parseTimestamp(text));
        }
        assertEquals("+10000-01-01T00:00:00.000000000Z", BootEvent.timestampText(Instant.parse("+10000-01-01T00:00:00Z")));
    }

    @Test
    void otherRfc3339FormsAreReadAndNoDatesRefused() {
        assertEquals(Instant.parse("2026-11-22T06:00:00Z"), BootEvent.parseTimestamp("2026-11-22T06:00:00Z"));
        assertEquals(Instant.parse("2024-02-29T23:59:59.5Z"), BootEvent.parseTimestamp("2024-02-29T23:59:59.500000000Z"));
        // The end of a day and a leap second, as Instant.parse reads them
        for (String edge : List.of("2026-11-22T24:00:00.000000000Z", "2016-12-31T23:59:60.000000000Z")) {
            assertEquals(Instant.parse(edge), BootEvent.parseTimestamp(edge), edge);
        }
        for (String notOne : List.of("2026-02-30T06:00:00.000000000Z", "2026-13-01T06:00:00.000000000Z",
                "2026-11-22T06:00:00.00000000xZ", "yesterday", "")) {
            assertThrows(DateTimeParseException.class, () -> BootEvent.parseTimestamp(notOne), notOne);
        }
    }

    @Test
    void isImmutable() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("url", "http://boot/");
        BootEvent event = new BootEvent(QEMU, "init", Instant.EPOCH, details);
        details.put("later", "x");
        assertEquals(List.of("url"), List.copyOf(event.details().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> event.details().put("x", "y"));
        BootEvent more = event.with("relay", "2001:db8::ff");
        assertEquals(1, event.details().size(), "with() leaves the original alone");
        assertEquals(2, more.details().size());
    }

    @Test
    void refusesWhatWouldBreakTheJson() {
        assertThrows(IllegalArgumentException.class, () -> BootEvent.of(QEMU, "init", Instant.EPOCH).with("event", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> BootEvent.of(QEMU, "init", Instant.EPOCH).with("timestamp", "x"));
        assertThrows(IllegalArgumentException.class, () -> BootEvent.of(QEMU, "", Instant.EPOCH));
    }

    @Test
    void aDetailGivenAgainIsReplacedInPlaceAndDetailsCompareAsMaps() {
        BootEvent event = BootEvent.of(QEMU, "bound", Instant.EPOCH).with("a", 1).with("b", "2").with("a", "3");
        assertEquals(List.of("a", "b"), List.copyOf(event.details().keySet()));
        assertEquals(Map.of("a", "3", "b", "2"), event.details());
        assertEquals(event, new BootEvent(QEMU, "bound", Instant.EPOCH, Map.of("b", "2", "a", "3")));
        assertEquals("3", event.details().get("a"));
    }
}
