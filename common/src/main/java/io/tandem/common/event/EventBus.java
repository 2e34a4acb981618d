package io.tandem.common.event;

import io.tandem.common.identity.MacAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where events go: recorded in the {@link EventTable}, then offered to every {@link Subscription}
 * that wants them. Packet handling publishes, so {@link #publish} never waits for a reader and never
 * throws: its one lock is held for the table update and one O(1) queue offer per interested
 * subscriber, never for I/O, and a subscriber whose queue is full loses its oldest event instead.
 *
 * <p>Subscribing takes the table snapshot under the same lock, so a subscriber sees every event
 * exactly once: in its snapshot, or live.
 *
 * <p>Events whose MAC was not found ({@link #publishUnattributed}) go the same way, into an
 * {@link UnattributedTable} bounded by the MAC table's {@code maxMacs} and to the readers of every
 * MAC, through the same bounded queues: counted, and dropped oldest first, as the others.
 */
public final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    private static final long LOG_EVERY = 1000;

    private final EventTable table;
    /** Guarded by {@code lock}. */
    private final UnattributedTable unattributed;
    private final Object lock = new Object();
    /** Guarded by {@code lock}, like {@code byMac}. */
    private final List<Subscription> everyMac = new ArrayList<>();
    private final Map<MacAddress, List<Subscription>> byMac = new HashMap<>();
    private final LongAdder published = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final AtomicLong failures = new AtomicLong();

    public EventBus(EventTable table) {
        this.table = Objects.requireNonNull(table);
        this.unattributed = new UnattributedTable(table.maxMacs());
    }

    public EventTable table() {
        return table;
    }

    /** Records {@code event} and hands it to its subscribers; returns at once, whatever they do. */
    public void publish(BootEvent event) {
        publish(event, false);
    }

    /**
     * Like {@link #publish}, with the {@code init} or {@code duid_changed} that the event implies
     * ({@link EventTable#observe}) recorded and delivered before it: what the daemons publish.
     */
    public void observe(BootEvent event) {
        publish(event, true);
    }

    private void publish(BootEvent event, boolean derive) {
        try {
            List<Subscription> wake = null;
            int count;
            synchronized (lock) {
                List<BootEvent> recorded;
                if (derive) {
                    recorded = table.observe(event);
                } else {
                    table.record(event);
                    recorded = List.of(event);
                }
                count = recorded.size();
                List<Subscription> interested = byMac.get(event.mac());
                for (BootEvent each : recorded) {
                    Delivery live = new Delivery.Live(each);
                    wake = offer(everyMac, live, wake);
                    if (interested != null) {
                        wake = offer(interested, live, wake);
                    }
                }
            }
            published.add(count);
            signalAll(wake);
        } catch (RuntimeException e) {
            failed("publishing", event, e);
        }
    }

    /**
     * Records an event whose MAC was not found as its key's latest and hands the key's entry to the
     * readers of every MAC; returns at once, as {@link #publish} does.
     */
    public void publishUnattributed(UnattributedEvent event) {
        try {
            List<Subscription> wake;
            synchronized (lock) {
                wake = offer(everyMac, new Delivery.Unattributed(unattributed.record(event)), null);
            }
            published.increment();
            signalAll(wake);
        } catch (RuntimeException e) {
            failed("publishing", event, e);
        }
    }

    /** Keys held by the table of events whose MAC was not found. */
    public int unattributedKeys() {
        synchronized (lock) {
            return unattributed.size();
        }
    }

    private void signalAll(List<Subscription> wake) {
        if (wake != null) {
            for (Subscription subscription : wake) {
                signal(subscription);
            }
        }
    }

    private List<Subscription> offer(List<Subscription> subscriptions, Delivery event, List<Subscription> wake) {
        List<Subscription> woken = wake;
        for (Subscription subscription : subscriptions) {
            switch (subscription.offer(event)) {
                case WAKE -> {
                    if (woken == null) {
                        woken = new ArrayList<>();
                    }
                    woken.add(subscription);
                }
                case DROPPED_OLDEST -> lost.increment();
                case QUEUED, IGNORED -> {
                }
            }
        }
        return woken;
    }

    private void signal(Subscription subscription) {
        try {
            subscription.signal();
        } catch (RuntimeException e) {
            failed("waking a subscriber for", subscription, e);
        }
    }

    /** A bug, not a condition: logged with its stack, but never more than once per {@value #LOG_EVERY}. */
    private void failed(String doing, Object subject, RuntimeException e) {
        long count = failures.incrementAndGet();
        if (count % LOG_EVERY == 1) {
            log.error("EVENT_BUS_FAILURE {} {} ({} failures so far)", doing, subject, count, e);
        }
    }

    /** Like {@link #subscribe(Optional, int, Runnable)}, for a reader that polls. */
    public Subscription subscribe(Optional<MacAddress> filter, int capacity) {
        return subscribe(filter, capacity, () -> { });
    }

    /**
     * A new reader: the table now (or the filtered MAC's entry) and, without a filter, the events
     * whose MAC was not found, then the events published from now on (of that MAC), at most
     * {@code capacity} of them waiting at a time.
     *
     * @param onAvailable run on the publishing thread, outside the bus's lock, each time the
     *                    queue stops being empty; it must return at once (hand the work to the
     *                    reader's own thread), and what it throws is logged and ignored
     */
    public Subscription subscribe(Optional<MacAddress> filter, int capacity, Runnable onAvailable) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a subscription queues at least one event, not " + capacity);
        }
        Objects.requireNonNull(onAvailable);
        synchronized (lock) {
            TableSnapshot snapshot = filter.isPresent()
                    ? new TableSnapshot(table.entry(filter.get()).stream().toList())
                    : table.snapshot();
            Subscription subscription = new Subscription(this, filter, snapshot,
                    filter.isPresent() ? List.of() : unattributed.snapshot(), capacity, onAvailable);
            if (filter.isPresent()) {
                byMac.computeIfAbsent(filter.get(), mac -> new ArrayList<>(1)).add(subscription);
            } else {
                everyMac.add(subscription);
            }
            return subscription;
        }
    }

    void unsubscribe(Subscription subscription) {
        synchronized (lock) {
            if (subscription.filter().isEmpty()) {
                everyMac.remove(subscription);
                return;
            }
            MacAddress mac = subscription.filter().get();
            List<Subscription> interested = byMac.get(mac);
            if (interested != null && interested.remove(subscription) && interested.isEmpty()) {
                byMac.remove(mac);
            }
        }
    }

    /** Subscriptions open now. */
    public int subscribers() {
        synchronized (lock) {
            int count = everyMac.size();
            for (List<Subscription> interested : byMac.values()) {
                count += interested.size();
            }
            return count;
        }
    }

    /** Events published since the bus was made. */
    public long published() {
        return published.sum();
    }

    /** Events dropped from full subscriber queues since the bus was made, all subscribers together. */
    public long lost() {
        return lost.sum();
    }
}
