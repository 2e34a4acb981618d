package io.tandem.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTableTest {
    private static final MacAddress A = MacAddress.parse("52:54:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("52:54:00:00:00:0b");
    private static final MacAddress C = MacAddress.parse("52:54:00:00:00:0c");

    private static BootEvent event(MacAddress mac, int sequence) {
        return BootEvent.of(mac, "e" + sequence, Instant.ofEpochSecond(1_800_000_000L, sequence));
    }

    private static List<String> names(MacEntry entry) {
        return entry.events().stream().map(BootEvent::name).toList();
    }

    @Test
    void keepsEachMacsEventsInOrderAndDropsTheOldest() {
        EventTable table = new EventTable(10, 3);
        for (int i = 0; i < 5; i++) {
            table.record(event(A, i));
        }
        table.record(event(B, 9));
        assertEquals(List.of("e2", "e3", "e4"), names(table.entry(A).orElseThrow()));
        assertEquals(List.of("e9"), names(table.entry(B).orElseThrow()));
        assertEquals(Optional.empty(), table.entry(C));
    }

    @Test
    void evictsTheLeastRecentlySeenMac() {
        EventTable table = new EventTable(2, 5);
        table.record(event(A, 1));
        table.record(event(B, 2));
        table.record(event(A, 3));
        table.record(event(C, 4));
        assertFalse(table.contains(B), "B's latest event is older than A's");
        assertTrue(table.contains(A));
        assertEquals(List.of(A, C), table.snapshot().entries().stream().map(MacEntry::mac).toList(),
                "least recently seen first");
        assertEquals(1, table.evicted());
        table.record(event(B, 5));
        assertEquals(List.of("e5"), names(table.entry(B).orElseThrow()), "an evicted MAC starts afresh");
    }

    @Test
    void aSnapshotNeverChangesAfterwards() {
        EventTable table = new EventTable(4, 3);
        table.record(event(A, 0));
        table.record(event(A, 1));
        TableSnapshot before = table.snapshot();
        for (int i = 2; i < 50; i++) {
            table.record(event(A, i));
            table.record(event(B, i));
        }
        assertEquals(List.of("e0", "e1"), names(before.entry(A).orElseThrow()));
        assertEquals(Optional.empty(), before.entry(B));
        assertThrows(UnsupportedOperationException.class, () -> before.entries().get(0).events().clear());
    }

    @Test
    void rendersTheWholeTableAsDhcpv6macdDoes() {
        EventTable table = new EventTable(4, 3);
        table.record(BootEvent.of(A, "init", Instant.parse("2026-11-22T06:00:00.123456789Z")));
        assertEquals("{\"52:54:00:00:00:0a\":{\"Mac\":\"52:54:00:00:00:0a\",\"Events\":"
                + "[{\"event\":\"init\",\"timestamp\":\"2026-11-22T06:00:00.123456789Z\"}]}}",
                table.snapshot().toJson().toString());
        assertEquals("{\"Mac\":\"52:54:00:00:00:0a\",\"Events\":"
                + "[{\"event\":\"init\",\"timestamp\":\"2026-11-22T06:00:00.123456789Z\"}]}",
                table.entry(A).orElseThrow().toJson().toString());
    }

    /**
     * Random work against a plain model: the storage must look like a bounded list, and what a
     * view showed stays so while logs no view holds are reused in place.
     */
    @Test
    void behavesLikeASimpleModelUnderRandomWork() {
        Random random = new Random(6315);
        for (int round = 0; round < 200; round++) {
            int maxMacs = 1 + random.nextInt(5);
            int maxEvents = 1 + random.nextInt(7);
            EventTable table = new EventTable(maxMacs, maxEvents);
            LinkedHashMap<MacAddress, ArrayDeque<BootEvent>> model = new LinkedHashMap<>();
            List<TableSnapshot> snapshots = new ArrayList<>();
            List<Map<MacAddress, List<BootEvent>>> expected = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                MacAddress mac = MacAddress.parse(String.format("02:00:00:00:00:%02x", random.nextInt(8)));
                // Events of many lengths, so that logs fill, drop their oldest and move to larger arrays
                BootEvent event = event(mac, i).with("pad", "x".repeat(random.nextInt(120)));
                table.record(event);
                ArrayDeque<BootEvent> events = model.remove(mac);
                if (events == null) {
                    events = new ArrayDeque<>();
                    if (model.size() >= maxMacs) {
                        model.remove(model.keySet().iterator().next());
                    }
                }
                if (events.size() == maxEvents) {
                    events.removeFirst();
                }
                events.addLast(event);
                model.put(mac, events);
                if (random.nextInt(10) == 0) {
                    snapshots.add(table.snapshot());
                    Map<MacAddress, List<BootEvent>> copy = new LinkedHashMap<>();
                    model.forEach((key, value) -> copy.put(key, List.copyOf(value)));
                    expected.add(copy);
                } else if (random.nextInt(10) == 0) {
                    // One MAC's view alone: its log must stay as it is, the other logs may be reused
                    TableSnapshot one = new TableSnapshot(List.of(table.entry(mac).orElseThrow()));
                    snapshots.add(one);
                    expected.add(Map.of(mac, List.copyOf(events)));
                }
            }
            Map<MacAddress, List<BootEvent>> now = new LinkedHashMap<>();
            table.snapshot().entries().forEach(entry -> now.put(entry.mac(), List.copyOf(entry.events())));
            Map<MacAddress, List<BootEvent>> modelNow = new LinkedHashMap<>();
            model.forEach((key, value) -> modelNow.put(key, List.copyOf(value)));
            assertEquals(List.copyOf(modelNow.entrySet()), List.copyOf(now.entrySet()), "round " + round + " at its end");
            for (int i = 0; i < snapshots.size(); i++) {
                Map<MacAddress, List<BootEvent>> actual = new LinkedHashMap<>();
                snapshots.get(i).entries().forEach(entry -> actual.put(entry.mac(), List.copyOf(entry.events())));
                assertEquals(List.copyOf(expected.get(i).entrySet()), List.copyOf(actual.entrySet()),
                        "round " + round + ", snapshot " + i);
            }
        }
    }

    /** Thousands of MACs, many more than the table's first arrays and than it holds: the index finds each one it keeps. */
    @Test
    void findsEveryMacItHoldsAcrossGrowthAndEviction() {
        Random random = new Random(547);
        EventTable table = new EventTable(1000, 2);
        LinkedHashMap<MacAddress, Integer> model = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            // Neighbouring MACs, as a rack's are, and a few far apart
            long value = random.nextInt(10) == 0 ? random.nextLong() : 0x5254_0000_0000L + random.nextInt(3000);
            MacAddress mac = MacAddress.fromLong(value);
            table.record(event(mac, i));
            model.remove(mac);
            if (model.size() == 1000) {
                model.remove(model.keySet().iterator().next());
            }
            model.put(mac, i);
            if (i % 997 == 0) {
                assertEquals(List.copyOf(model.keySet()), table.snapshot().entries().stream().map(MacEntry::mac).toList());
            }
        }
        assertEquals(1000, table.size());
        model.forEach((mac, latest) -> assertEquals("e" + latest,
                names(table.entry(mac).orElseThrow()).get(names(table.entry(mac).orElseThrow()).size() - 1)));
        long absent = 0;
        for (long value = 0x5254_0000_0000L; value < 0x5254_0000_0000L + 3000; value++) {
            MacAddress mac = MacAddress.fromLong(value);
            assertEquals(model.containsKey(mac), table.contains(mac), mac.toString());
            absent += model.containsKey(mac) ? 0 : 1;
        }
        assertTrue(absent > 0, "some were evicted");
    }

    @Test
    void observingAddsInitForANewMacAndDuidChangedWhenTheDuidChanges() {
        EventTable table = new EventTable(1, 10);
        Instant t = Instant.ofEpochSecond(1_800_000_000L);
        assertEquals(List.of("init", "advertised"), table.observe(BootEvent.of(A, "advertised", t)
                .with("duid", "00:03:00:01:52:54:00:00:00:0a")).stream().map(BootEvent::name).toList());
        assertEquals(List.of("bound"), table.observe(BootEvent.of(A, "bound", t)
                .with("duid", "00:03:00:01:52:54:00:00:00:0a")).stream().map(BootEvent::name).toList());
        assertEquals(List.of("4o6_acked"), table.observe(BootEvent.of(A, "4o6_acked", t))
                .stream().map(BootEvent::name).toList(), "an event without a DUID changes nothing");
        List<BootEvent> changed = table.observe(BootEvent.of(A, "bound", t).with("duid", "00:04:aa"));
        assertEquals(List.of("duid_changed", "bound"), changed.stream().map(BootEvent::name).toList());
        assertEquals(Map.of("previous-duid", "00:03:00:01:52:54:00:00:00:0a", "duid", "00:04:aa"),
                changed.get(0).details());
        assertEquals(List.of("released"), table.observe(BootEvent.of(A, "released", t)
                .with("duid", "00:03:00:01:52:54:00:00:00:0a")).stream().map(BootEvent::name).toList(),
                "the firmware releasing its old binding is no change of DUID");
        assertEquals(List.of("renewed"), table.observe(BootEvent.of(A, "renewed", t).with("duid", "00:04:aa"))
                .stream().map(BootEvent::name).toList());
        assertEquals(List.of("init", "advertised", "bound", "4o6_acked", "duid_changed", "bound", "released",
                "renewed"), names(table.entry(A).orElseThrow()));
        assertEquals(List.of("init", "e1"), table.observe(event(B, 1)).stream().map(BootEvent::name).toList());
        assertEquals(List.of("init", "e2"), table.observe(event(A, 2)).stream().map(BootEvent::name).toList(),
                "A was evicted by B (max-macs 1): it starts again with init");
    }

    @Test
    void refusesEmptyBounds() {
        assertThrows(IllegalArgumentException.class, () -> new EventTable(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EventTable(1, 0));
    }
}
