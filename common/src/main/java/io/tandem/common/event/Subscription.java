package io.tandem.common.event;

import io.tandem.common.identity.MacAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One reader of an {@link EventBus}: the table as it was when the reader subscribed, then every
 * later event (of one MAC, with a filter) through a bounded queue. Publishers never wait for the
 * reader: when the queue is full its oldest event is dropped and counted, and the next
 * {@link #poll()} says how many were lost before handing out what is left.
 *
 * <p>Thread-safe; meant for one reader. {@link #close()} ends it.
 */
public final class Subscription implements AutoCloseable {
    private final EventBus bus;
    private final Optional<MacAddress> filter;
    private final TableSnapshot snapshot;
    private final List<UnattributedEntry> unattributed;
    private final int capacity;
    private final Runnable onAvailable;
    /** Guarded by {@code this}, like the fields below it. */
    private final ArrayDeque<Delivery> queue;
    private long lostUntold;
    private long lostTotal;
    private boolean closed;

    Subscription(EventBus bus, Optional<MacAddress> filter, TableSnapshot snapshot,
                 List<UnattributedEntry> unattributed, int capacity, Runnable onAvailable) {
        this.bus = bus;
        this.filter = filter;
        this.snapshot = snapshot;
        this.unattributed = List.copyOf(unattributed);
        this.capacity = capacity;
        this.onAvailable = onAvailable;
        this.queue = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** The MAC whose events this reader gets, or empty for every MAC. */
    public Optional<MacAddress> filter() {
        return filter;
    }

    /**
     * The table when this reader subscribed (with a filter: that MAC's entry, if any); every
     * event after it comes through {@link #poll()}, none twice.
     */
    public TableSnapshot snapshot() {
        return snapshot;
    }

    /**
     * The {@link UnattributedTable}'s entries when this reader subscribed, the least recently seen
     * first; empty with a filter, whose reader asked for one MAC.
     */
    public List<UnattributedEntry> unattributed() {
        return unattributed;
    }

    /** The filtered MAC's entry at subscription, or empty: for a subscription with a filter. */
    public Optional<MacEntry> entry() {
        return filter.flatMap(snapshot::entry);
    }

    /** The next delivery, or empty when there is none yet (or the subscription is closed). */
    public synchronized Optional<Delivery> poll() {
        if (lostUntold > 0) {
            Delivery.Lost lost = new Delivery.Lost(lostUntold);
            lostUntold = 0;
            return Optional.of(lost);
        }
        return Optional.ofNullable(queue.poll());
    }

    /** Like {@link #poll()}, waiting up to {@code timeout} for a delivery. */
    public synchronized Optional<Delivery> poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed && lostUntold == 0 && queue.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return poll();
    }

    /** Events waiting to be read. */
    public synchronized int pending() {
        return queue.size();
    }

    /** Events this reader lost since it subscribed. */
    public synchronized long lost() {
        return lostTotal;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Stops the deliveries; what was queued is dropped. Idempotent. */
    @Override
    public void close() {
        bus.unsubscribe(this);
        synchronized (this) {
            closed = true;
            queue.clear();
            lostUntold = 0;
            notifyAll();
        }
    }

    /**
     * Queues {@code event} (a {@link Delivery.Live} or {@link Delivery.Unattributed}, made once for
     * every subscriber), dropping the oldest when full; called by the bus under its lock.
     *
     * @return what happened: whether an event was dropped, or the reader must be woken
     */
    synchronized Offer offer(Delivery event) {
        if (closed) {
            return Offer.IGNORED;
        }
        boolean wasEmpty = queue.isEmpty() && lostUntold == 0;
        boolean dropped = false;
        if (queue.size() >= capacity) {
            queue.poll();
            lostUntold++;
            lostTotal++;
            dropped = true;
        }
        queue.add(event);
        if (wasEmpty) {
            notifyAll();
        }
        return dropped ? Offer.DROPPED_OLDEST : wasEmpty ? Offer.WAKE : Offer.QUEUED;
    }

    /** Tells the reader that deliveries are waiting; outside the bus's lock. */
    void signal() {
        onAvailable.run();
    }

    /** The outcome of one {@link #offer}. */
    enum Offer {
        /** The subscription is closed. */
        IGNORED,
        /** Queued behind others: the reader knows already. */
        QUEUED,
        /** Queued into an empty queue: the reader must be told. */
        WAKE,
        /** Queued, and the oldest waiting event dropped to make room. */
        DROPPED_OLDEST
    }
}
