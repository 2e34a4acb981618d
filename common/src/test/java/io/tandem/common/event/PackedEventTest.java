package io.tandem.common.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedEventTest {
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");

    /** Packs {@code event} into a log after another event, as the table does, and reads it back. */
    private static void assertRoundTrip(PackedEvent.Packer packer, BootEvent event) {
        byte[] log = new byte[10 + 2 * 5 + 2 * 300_000];
        int at = 0;
        for (BootEvent each : List.of(BootEvent.of(MAC, "before", Instant.EPOCH), event)) {
            int length = packer.pack(each);
            at = PackedEvent.writeVarint(log, at, length);
            System.arraycopy(packer.buffer(), 0, log, at, length);
            at += length;
        }
        PackedEvent.Reader in = new PackedEvent.Reader(log, 0);
        in.skip();
        BootEvent back = in.event(MAC);
        assertEquals(at, in.at(), "the event's length covers it");
        assertEquals(event, back);
        assertEquals(List.copyOf(event.details().keySet()), List.copyOf(back.details().keySet()), "details in order");
        assertArrayEquals(event.toStreamLine(), back.toStreamLine());
    }

    @Test
    void anEventComesBackAsItWasMade() {
        PackedEvent.Packer packer = new PackedEvent.Packer();
        assertRoundTrip(packer, BootEvent.of(MAC, "init", Instant.parse("2026-11-22T06:00:00.123456789Z")));
        assertRoundTrip(packer, BootEvent.of(MAC, "bound", Instant.ofEpochSecond(1_800_000_000L, 999_999_999))
                .with("duid", "00:01:00:01:2c:5e:1a:00:52:54:00:12:34:56").with("iaid", 1)
                .with("address", "2001:db8::5254:12:3456").with("mac-source", "duid").with("empty", ""));
        assertRoundTrip(packer, BootEvent.of(MAC, "before_1970", Instant.ofEpochSecond(-62_000_000_000L, 1)));
        assertRoundTrip(packer, BootEvent.of(MAC, "hostname", Instant.EPOCH)
                .with("host-name", "bücher-straße-😀").with("lone", "\ud800x").with("url", "http://netboot.target/?mac=52:54:00:12:34:56"));
    }

    @Test
    void longTextsAndManyDetailsNeedLongerLengths() {
        PackedEvent.Packer packer = new PackedEvent.Packer();
        BootEvent event = BootEvent.of(MAC, "large", Instant.EPOCH).with("short", "x".repeat(127))
                .with("two-bytes", "y".repeat(128)).with("three-bytes", "z".repeat(20_000))
                .with("non-ascii", "é".repeat(70_000));
        for (int i = 0; i < 200; i++) {
            event = event.with("detail-" + i, i);
        }
        assertRoundTrip(packer, event);
        assertTrue(packer.pack(BootEvent.of(MAC, "small", Instant.EPOCH)) < 20, "a new event starts afresh");
    }

    /** Random texts of every kind of character, one packer for all, as a table uses it. */
    @Test
    void randomEventsComeBackWhole() {
        Random random = new Random(6316);
        PackedEvent.Packer packer = new PackedEvent.Packer();
        for (int round = 0; round < 2_000; round++) {
            BootEvent event = BootEvent.of(MAC, "e" + round, Instant.ofEpochSecond(random.nextLong() >> 30,
                    random.nextInt(1_000_000_000)));
            for (int i = random.nextInt(8); i > 0; i--) {
                event = event.with("k" + i, randomText(random));
            }
            assertRoundTrip(packer, event);
        }
    }

    /** Chars of every range: ASCII, Latin-1, the rest of the BMP, pairs of surrogates and lone ones (a JSON escape makes those). */
    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int[] limits = {0x80, 0x100, 0x10000, 0x110000};
        for (int i = random.nextInt(300); i > 0; i--) {
            text.appendCodePoint(random.nextInt(limits[random.nextInt(limits.length)]));
        }
        return text.toString();
    }
}
