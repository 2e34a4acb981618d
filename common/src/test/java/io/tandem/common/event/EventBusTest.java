package io.tandem.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private static final MacAddress A = MacAddress.parse("52:54:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("52:54:00:00:00:0b");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static BootEvent event(MacAddress mac, long sequence) {
        return BootEvent.of(mac, "e", Instant.ofEpochSecond(1_800_000_000L)).with("seq", sequence);
    }

    private static long sequence(BootEvent event) {
        return Long.parseLong(event.details().get("seq"));
    }

    /** Everything queued now, without waiting. */
    private static List<Delivery> drain(Subscription subscription) {
        List<Delivery> all = new ArrayList<>();
        for (Optional<Delivery> next = subscription.poll(); next.isPresent(); next = subscription.poll()) {
            all.add(next.get());
        }
        return all;
    }

    private static List<Long> liveSequences(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> sequence(assertInstanceOf(Delivery.Live.class, d).event())).toList();
    }

    @Test
    void deliversTheSnapshotThenLiveEventsInOrder() {
        EventBus bus = new EventBus(new EventTable(10, 10));
        bus.publish(event(A, 0));
        try (Subscription subscription = bus.subscribe(Optional.empty(), 100)) {
            assertEquals(List.of(0L), subscription.snapshot().entry(A).orElseThrow().events().stream()
                    .map(EventBusTest::sequence).toList());
            for (long i = 1; i <= 5; i++) {
                bus.publish(event(i % 2 == 0 ? A : B, i));
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), liveSequences(drain(subscription)));
            assertEquals(1, bus.subscribers());
        }
        assertEquals(0, bus.subscribers());
        assertEquals(6, bus.published());
    }

    @Test
    void aFilteredSubscriptionSeesOneMac() {
        EventBus bus = new EventBus(new EventTable(10, 10));
        bus.publish(event(A, 0));
        try (Subscription onlyB = bus.subscribe(Optional.of(B), 100);
             Subscription onlyA = bus.subscribe(Optional.of(A), 100)) {
            assertEquals(Optional.empty(), onlyB.entry(), "B has no entry yet: the stream starts with null");
            assertEquals(1, onlyA.entry().orElseThrow().events().size());
            bus.publish(event(B, 1));
            bus.publish(event(A, 2));
            bus.publish(event(B, 3));
            assertEquals(List.of(1L, 3L), liveSequences(drain(onlyB)));
            assertEquals(List.of(2L), liveSequences(drain(onlyA)));
        }
        assertEquals(0, bus.subscribers());
    }

    private static UnattributedEvent noMac(String duid, long sequence) {
        return new UnattributedEvent(duid, EventNames.NO_MAC, Instant.ofEpochSecond(1_800_000_000L + sequence),
                Map.of("duid", duid, "seq", Long.toString(sequence)));
    }

    /**
     * Events whose MAC was not found: one entry per key with its count, in the snapshot of a reader
     * of every MAC and live to it, never to a reader of one MAC; bounded as the MAC table is, and
     * counted and dropped from a slow reader's queue as the others.
     */
    @Test
    void eventsWithoutAMacAreKeptOnePerKeyAndGoToReadersOfEveryMac() {
        EventBus bus = new EventBus(new EventTable(2, 10));
        bus.publishUnattributed(noMac("00:02:aa", 0));
        bus.publishUnattributed(noMac("00:02:aa", 1));
        try (Subscription all = bus.subscribe(Optional.empty(), 100);
             Subscription onlyA = bus.subscribe(Optional.of(A), 100);
             Subscription slow = bus.subscribe(Optional.empty(), 1)) {
            assertEquals(1, all.unattributed().size());
            UnattributedEntry held = all.unattributed().get(0);
            assertEquals(2, held.count());
            assertEquals("1", held.latest().details().get("seq"));
            assertEquals(Instant.ofEpochSecond(1_800_000_000L), held.firstSeen());
            assertEquals(List.of(), onlyA.unattributed());

            bus.publishUnattributed(noMac("00:04:bb", 2));
            bus.publish(event(A, 3));
            bus.publishUnattributed(noMac("00:04:cc", 4));
            List<Delivery> got = drain(all);
            assertEquals(3, got.size(), got.toString());
            assertEquals("00:04:bb", assertInstanceOf(Delivery.Unattributed.class, got.get(0)).entry().latest().key());
            assertEquals(3L, sequence(assertInstanceOf(Delivery.Live.class, got.get(1)).event()));
            assertEquals(1, assertInstanceOf(Delivery.Unattributed.class, got.get(2)).entry().count());
            assertEquals(List.of(3L), liveSequences(drain(onlyA)), "a reader of one MAC gets none of them");
            assertEquals(List.of(new Delivery.Lost(2)), drain(slow).subList(0, 1), "a slow reader loses them as others");
            assertEquals(2, bus.unattributedKeys(), "bounded by max-macs: the least recently seen went first");
            assertEquals(5, bus.published());
        }
        try (Subscription later = bus.subscribe(Optional.empty(), 100)) {
            assertEquals(List.of("00:04:bb", "00:04:cc"), later.unattributed().stream()
                    .map(entry -> entry.latest().key()).toList());
        }
    }

    /** Publishing never waits for a reader: a full queue drops its oldest and says how many. */
    @Test
    void aSlowSubscriberLosesItsOldestEventsAndIsTold() {
        EventBus bus = new EventBus(new EventTable(10, 10));
        try (Subscription slow = bus.subscribe(Optional.empty(), 4);
             Subscription fast = bus.subscribe(Optional.empty(), 1000)) {
            for (long i = 0; i < 100; i++) {
                bus.publish(event(A, i));
            }
            assertEquals(100, bus.published(), "every publish returned although nobody read");
            assertEquals(4, slow.pending());
            List<Delivery> slowGot = drain(slow);
            assertEquals(new Delivery.Lost(96), slowGot.get(0));
            assertEquals(List.of(96L, 97L, 98L, 99L), liveSequences(slowGot.subList(1, slowGot.size())));
            assertEquals(96, slow.lost());
            assertEquals(96, bus.lost());
            assertEquals(100, liveSequences(drain(fast)).size(), "the other subscriber lost nothing");

            bus.publish(event(A, 100));
            bus.publish(event(A, 101));
            assertEquals(List.of(100L, 101L), liveSequences(drain(slow)), "caught up: nothing more is lost");
        }
    }

    @Test
    void wakesTheReaderOnceWhenItsQueueStopsBeingEmpty() {
        EventBus bus = new EventBus(new EventTable(10, 10));
        AtomicInteger wakes = new AtomicInteger();
        try (Subscription subscription = bus.subscribe(Optional.empty(), 10, wakes::incrementAndGet)) {
            bus.publish(event(A, 0));
            bus.publish(event(A, 1));
            assertEquals(1, wakes.get());
            drain(subscription);
            bus.publish(event(A, 2));
            assertEquals(2, wakes.get());
        }
    }

    @Test
    void aFailingReaderCallbackDoesNotReachThePublisher() {
        EventBus bus = new EventBus(new EventTable(10, 10));
        try (Subscription broken = bus.subscribe(Optional.empty(), 10, () -> {
            throw new IllegalStateException("reader bug");
        }); Subscription healthy = bus.subscribe(Optional.empty(), 10)) {
            bus.publish(event(A, 0));
            bus.publish(null);
            assertEquals(List.of(0L), liveSequences(drain(healthy)));
            assertEquals(List.of(0L), liveSequences(drain(broken)));
        }
    }

    @Test
    void pollWithTimeoutWakesForAnEventFromAnotherThread() throws Exception {
        EventBus bus = new EventBus(new EventTable(10, 10));
        try (Subscription subscription = bus.subscribe(Optional.empty(), 10)) {
            CountDownLatch waiting = new CountDownLatch(1);
            Future<Optional<Delivery>> got = threads.submit(() -> {
                waiting.countDown();
                return subscription.poll(WAIT);
            });
            assertTrue(waiting.await(10, TimeUnit.SECONDS));
            bus.publish(event(A, 7));
            assertEquals(List.of(7L), liveSequences(List.of(got.get(10, TimeUnit.SECONDS).orElseThrow())));
        }
    }

    @Test
    void concurrentPublishersKeepEachPublishersOrderAndTheBounds() throws Exception {
        int publishers = 4;
        int perPublisher = 5000;
        EventBus bus = new EventBus(new EventTable(3, 50));
        try (Subscription all = bus.subscribe(Optional.empty(), publishers * perPublisher)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                MacAddress mac = MacAddress.parse(String.format("02:00:00:00:00:%02x", p));
                running.add(threads.submit(() -> {
                    start.await();
                    for (long i = 0; i < perPublisher; i++) {
                        bus.publish(event(mac, i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> publisher : running) {
                publisher.get(60, TimeUnit.SECONDS);
            }
            Map<MacAddress, Long> next = new HashMap<>();
            for (Delivery delivery : drain(all)) {
                BootEvent event = assertInstanceOf(Delivery.Live.class, delivery).event();
                long expected = next.getOrDefault(event.mac(), 0L);
                assertEquals(expected, sequence(event), "events of " + event.mac() + " in publish order");
                next.put(event.mac(), expected + 1);
            }
            assertEquals(publishers, next.size());
            next.values().forEach(count -> assertEquals(perPublisher, count));
            assertEquals((long) publishers * perPublisher, bus.published());
            assertEquals(0, bus.lost());
            assertEquals(3, bus.table().size(), "at most max-macs MACs");
            bus.table().snapshot().entries().forEach(entry -> {
                // A MAC evicted near the end and seen again holds fewer: which one depends on the
                // threads' timing, so only the bound and the order are certain.
                List<BootEvent> events = entry.events();
                assertTrue(events.size() <= 50, "at most max-events-per-mac events");
                for (int i = 0; i < events.size(); i++) {
                    assertEquals(perPublisher - events.size() + i, sequence(events.get(i)), "the latest, in order");
                }
            });
        }
    }

    /**
     * Subscriptions taken while a publisher runs: each sees every event exactly once, either in
     * its snapshot or live, with no gap between the two.
     */
    @Test
    void theSnapshotAndTheLiveEventsMeetWithoutGapOrDuplicate() throws Exception {
        int total = 20_000;
        EventBus bus = new EventBus(new EventTable(10, total));
        CountDownLatch started = new CountDownLatch(1);
        Future<?> publisher = threads.submit(() -> {
            for (long i = 0; i < total; i++) {
                bus.publish(event(A, i));
                if (i == 100) {
                    started.countDown();
                }
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < 20 && bus.published() < total; i++) {
            subscriptions.add(bus.subscribe(Optional.empty(), total));
            subscriptions.add(bus.subscribe(Optional.of(A), total));
            Thread.onSpinWait();
        }
        publisher.get(60, TimeUnit.SECONDS);
        for (Subscription subscription : subscriptions) {
            List<Long> seen = new ArrayList<>(subscription.snapshot().entry(A).orElseThrow().events().stream()
                    .map(EventBusTest::sequence).toList());
            seen.addAll(liveSequences(drain(subscription)));
            assertEquals(total, seen.size(), "no event missed or doubled");
            for (int i = 0; i < total; i++) {
                assertEquals(i, seen.get(i));
            }
            subscription.close();
        }
        assertEquals(0, bus.subscribers());
    }
}
