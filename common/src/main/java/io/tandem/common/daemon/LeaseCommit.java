package io.tandem.common.daemon;

import io.netty.channel.Channel;
import io.tandem.common.config.LeaseDatabaseConfig.Durability;
import io.tandem.common.lease.Lease;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.ops.Health;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjIntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease commit of both daemons' packet handlers: a reply whose bindings changed leaves only
 * once its lease rows are recorded as {@code lease-database.durability} says. A handler holds such
 * replies in its {@link Burst} while it reads, and ends the burst when the read is complete:
 * <ul>
 * <li>{@link Durability#WRITE}: the burst's rows are appended with one {@code write(2)} right there
 * on the event loop, then its replies are written and flushed once (one {@code sendmmsg} on
 * epoll). No other thread, no hand-off.</li>
 * <li>{@link Durability#FSYNC}: the burst goes to a writer thread, which takes every burst pending,
 * appends their rows with one {@code write(2)}, forces them with one {@code fdatasync}, then
 * releases their replies on each socket's event loop in one task with one flush (group commit).
 * At most {@value #QUEUE_CAPACITY} replies wait; past that a reply is refused and the client
 * retries.</li>
 * </ul>
 * A lease database ({@code "type": "postgresql"}, a {@link LeaseStore} of its own) always goes
 * through the writer thread: one transaction for every burst pending, then their replies.
 * Replies without rows (Advertise, Offer) never wait here. When the rows cannot be recorded (a
 * full disk, a database that is away) their replies are refused, the error is logged at most once
 * a second and {@link #health()} is degraded until a write succeeds again; a reply whose row the
 * shared database refused (another client holds the address) is refused alone. Without a lease
 * file ({@code persist: false}) a held reply is released at once.
 *
 * @param <L> the lease record
 */
public final class LeaseCommit<L extends Lease> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseCommit.class);
    /** Replies waiting for the writer thread at most ({@code fsync}). */
    public static final int QUEUE_CAPACITY = 8192;

    /** Why a held reply was not sent; the handler counts it under its own drop reason. */
    public enum Refusal {
        /** {@code fsync}: {@value #QUEUE_CAPACITY} replies were already waiting for the disk. */
        QUEUE_FULL,
        /** The rows could not be written (or forced): a full disk, an I/O error, a database that is away. */
        NOT_RECORDED,
        /** The shared lease database holds the address for another client (another server leased it). */
        CONFLICT
    }

    /**
     * A reply (or a change without one) waiting for its rows: {@code release} writes it on
     * {@code socket}'s event loop; a refusal is counted by {@code refused}.
     */
    private record Held<L>(List<? extends L> rows, Channel socket, Runnable release, ObjIntConsumer<Refusal> refused) {
    }

    private final Optional<LeaseStore<L>> store;
    /** Whether bursts go to the writer thread ({@code fsync}, a database) rather than being recorded on the event loop. */
    private final boolean threaded;
    private final String logPrefix;
    private final RateLimitedLog failureLog = new RateLimitedLog(log, 1);
    private final RateLimitedLog conflictLog = new RateLimitedLog(log, 1);
    private final BlockingQueue<List<Held<L>>> queue = new LinkedBlockingQueue<>();
    /** Replies in {@link #queue} and in the writer's hands. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Optional<Thread> writer;
    private volatile boolean running = true;
    /** Why the last write failed; null since the last write that succeeded. */
    private volatile String failure;

    private LeaseCommit(Optional<LeaseStore<L>> store, boolean threaded, String logPrefix) {
        this.store = store;
        this.threaded = threaded;
        this.logPrefix = logPrefix;
        if (store.isPresent() && threaded) {
            Thread thread = new Thread(this::runWriter, "lease-writer");
            thread.setDaemon(true);
            thread.start();
            writer = Optional.of(thread);
        } else {
            writer = Optional.empty();
        }
    }

    /** Leases in memory only ({@code persist: false}): held replies go at once. */
    public static <L extends Lease> LeaseCommit<L> inMemory() {
        return new LeaseCommit<>(Optional.empty(), false, "");
    }

    /**
     * Commits to {@code file} as {@code durability} says (the file stays the caller's to close,
     * after this).
     *
     * @param logPrefix the daemon's log prefix ({@code DHCP6}, {@code DHCP4O6})
     */
    public static <L extends Lease> LeaseCommit<L> to(LeaseFile<L> file, Durability durability, String logPrefix) {
        LeaseStore<L> store = new LeaseStore<>() {
            @Override
            public BitSet record(List<? extends L> rows) throws IOException {
                file.append(rows);
                if (durability == Durability.FSYNC) {
                    file.sync();
                }
                return NONE_REFUSED;
            }

            @Override
            public String describe() {
                return "the lease file " + file.path();
            }
        };
        return new LeaseCommit<>(Optional.of(store), durability == Durability.FSYNC, logPrefix);
    }

    /**
     * Commits to a lease database on the writer thread (a round trip to a database never runs on
     * an event loop). The store stays the caller's to close, after this.
     */
    public static <L extends Lease> LeaseCommit<L> toDatabase(LeaseStore<L> database, String logPrefix) {
        return new LeaseCommit<>(Optional.of(database), true, logPrefix);
    }

    private static final BitSet NONE_REFUSED = new BitSet();

    /**
     * A burst for one handler, whose sockets are all served by one event loop thread.
     *
     * @param refused counts refused replies, from the event loop or the writer thread
     */
    public Burst newBurst(ObjIntConsumer<Refusal> refused) {
        return new Burst(refused);
    }

    /** Degraded while the lease file or database cannot be written. */
    public Health health() {
        Health stored = store.map(LeaseStore::health).orElse(Health.OK);
        if (!stored.ok()) {
            return stored;
        }
        String reason = failure;
        return reason == null ? Health.OK : Health.degraded(reason);
    }

    /** The replies held during one read burst of a handler; touched only on its event loop. */
    public final class Burst {
        private final ObjIntConsumer<Refusal> refused;
        private List<Held<L>> held = new ArrayList<>();

        private Burst(ObjIntConsumer<Refusal> refused) {
            this.refused = refused;
        }

        /** False while the lease database is away and {@code on-fail} says stop: nothing is answered then. */
        public boolean serving() {
            return store.isEmpty() || store.get().serving();
        }

        /**
         * Holds a reply until {@code rows} are recorded; then {@code release} writes it (without a
         * flush) on {@code socket}'s event loop. With no lease file it runs now.
         */
        public void hold(List<? extends L> rows, Channel socket, Runnable release) {
            if (store.isEmpty()) {
                release.run();
            } else {
                held.add(new Held<>(rows, socket, release, refused));
            }
        }

        /**
         * The end of the read burst: records the held rows ({@code write}) and flushes their replies,
         * or hands them to the writer thread ({@code fsync}). The caller flushes the replies it
         * wrote without holding them.
         */
        public void end() {
            if (held.isEmpty()) {
                return;
            }
            if (!threaded) {
                List<Held<L>> recorded = record(held);
                if (!recorded.isEmpty()) {
                    releaseOnThisLoop(recorded);
                }
                held.clear();
                return;
            }
            int admitted = reserve(held.size());
            if (admitted < held.size()) {
                refused.accept(Refusal.QUEUE_FULL, held.size() - admitted);
                failureLog.warn("{}_LEASE_QUEUE_FULL {} replies dropped, {} already wait for the disk; clients will retry",
                        logPrefix, held.size() - admitted, QUEUE_CAPACITY);
            }
            if (admitted > 0) {
                queue.add(admitted == held.size() ? held : List.copyOf(held.subList(0, admitted)));
            }
            held = new ArrayList<>();
        }
    }

    /** Takes room for up to {@code replies} in the queue; returns how many got room. */
    private int reserve(int replies) {
        while (true) {
            int now = waiting.get();
            int admitted = Math.min(replies, QUEUE_CAPACITY - now);
            if (admitted <= 0) {
                return 0;
            }
            if (waiting.compareAndSet(now, now + admitted)) {
                return admitted;
            }
        }
    }

    /**
     * Records the rows of {@code held} in one go; returns the replies that may leave. The others
     * are counted as refused: all of them when nothing was recorded, and those with a row the
     * shared database refused.
     */
    private List<Held<L>> record(List<Held<L>> held) {
        List<L> rows = new ArrayList<>();
        for (Held<L> one : held) {
            rows.addAll(one.rows());
        }
        LeaseStore<L> leases = store.orElseThrow();
        BitSet refusedRows;
        try {
            refusedRows = leases.record(rows);
        } catch (IOException | RuntimeException e) {
            failure = leases.describe() + " cannot be written (" + e.getMessage()
                    + "); lease-changing exchanges are not answered";
            failureLog.error("{}_LEASE_WRITE_FAILED {} rows not recorded in {}, their {} replies are not sent: {}",
                    logPrefix, rows.size(), leases.describe(), held.size(), e.toString());
            held.forEach(one -> one.refused().accept(Refusal.NOT_RECORDED, 1));
            return List.of();
        }
        if (failure != null) {
            failure = null;
            log.info("{}_LEASE_WRITES_RESUMED {}", logPrefix, leases.describe());
        }
        if (refusedRows.isEmpty()) {
            return held;
        }
        List<Held<L>> recorded = new ArrayList<>(held.size());
        int first = 0;
        for (Held<L> one : held) {
            int next = first + one.rows().size();
            int refusedRow = refusedRows.nextSetBit(first);
            if (refusedRow >= 0 && refusedRow < next) {
                one.refused().accept(Refusal.CONFLICT, 1);
                conflictLog.warn("{}_LEASE_CONFLICT {} holds {} for another client; the reply is not sent",
                        logPrefix, leases.describe(), rows.get(refusedRow).address().getHostAddress());
            } else {
                recorded.add(one);
            }
            first = next;
        }
        return recorded;
    }

    /** On the event loop the replies were held on: writes them, then one flush per socket. */
    private static <L> void releaseOnThisLoop(List<Held<L>> held) {
        Channel previous = null;
        for (Held<L> one : held) {
            if (previous != null && one.socket() != previous) {
                previous.flush();
            }
            one.release().run();
            previous = one.socket();
        }
        previous.flush();
    }

    private void runWriter() {
        List<List<Held<L>>> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                List<Held<L>> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** On the writer thread: one write and one force (or one transaction) for every burst pending, then their replies. */
    private void commit(List<List<Held<L>>> batch) {
        List<Held<L>> held = new ArrayList<>();
        batch.forEach(held::addAll);
        try {
            List<Held<L>> recorded = record(held);
            if (!recorded.isEmpty()) {
                releaseOnTheirLoops(recorded);
            }
        } finally {
            waiting.addAndGet(-held.size());
        }
    }

    /** One task on each socket's event loop writes its replies and flushes once. */
    private void releaseOnTheirLoops(List<Held<L>> held) {
        Map<Channel, List<Held<L>>> bySocket = new LinkedHashMap<>();
        held.forEach(one -> bySocket.computeIfAbsent(one.socket(), socket -> new ArrayList<>()).add(one));
        bySocket.forEach((socket, replies) -> {
            try {
                socket.eventLoop().execute(() -> releaseOnThisLoop(replies));
            } catch (RejectedExecutionException closed) {
                // The transport stopped first: the rows are recorded, the replies have no socket left
                log.debug("{}_LEASE_REPLIES_UNSENT {} replies recorded after the socket closed", logPrefix,
                        replies.size());
            }
        });
    }

    /** Records what the writer thread holds, then stops it. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        if (writer.isPresent()) {
            writer.get().join(10_000);
        }
    }
}
