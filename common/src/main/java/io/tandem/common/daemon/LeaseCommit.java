package io.tandem.common.daemon;

import io.netty.channel.Channel;
import io.tandem.common.config.LeaseDatabaseConfig.Durability;
import io.tandem.common.lease.Lease;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.ops.Health;
import io.tandem.common.ops.LatencyHistogram;
import io.tandem.common.ops.MetricsText;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * a second and {@link #health()} is degraded until a write succeeds again. Without a lease file
 * ({@code persist: false}) a held reply is released at once.
 * <p>
 * Claim and retry, with a database that several servers share: a row the database refused
 * (another server leased the address to another client first) comes back with the row that holds
 * the address. On the query's event loop the daemon's table {@link Learner learns} that row in
 * place of what it held for the address, and the query is served again, so that the allocator
 * moves on to another candidate as Kea's does; at most {@value #MAX_CLAIMS} times a query, then
 * its reply is refused as {@link Refusal#CONFLICT}.
 *
 * @param <L> the lease record
 */
public final class LeaseCommit<L extends Lease> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseCommit.class);
    /** Replies waiting for the writer thread at most ({@code fsync}). */
    public static final int QUEUE_CAPACITY = 8192;

    /** How often the writer thread has a lease database reclaim expired rows ({@link LeaseStore#reclaimExpired}). */
    public static final Duration RECLAIM_INTERVAL = Duration.ofSeconds(60);

    /** Times a query is served at most when the shared database keeps refusing the addresses it gets. */
    public static final int MAX_CLAIMS = 3;

    /** Why a held reply was not sent; the handler counts it under its own drop reason. */
    public enum Refusal {
        /** {@code fsync}: {@value #QUEUE_CAPACITY} replies were already waiting for the disk. */
        QUEUE_FULL,
        /** The rows could not be written (or forced): a full disk, an I/O error, a database that is away. */
        NOT_RECORDED,
        /** The shared lease database held the address for another client at each of the query's {@value #MAX_CLAIMS} tries. */
        CONFLICT
    }

    /** What a daemon's table learns from a shared lease database; called on the event loop that serves the address's queries. */
    @FunctionalInterface
    public interface Learner<L> {
        /**
         * The database holds {@code address} for {@code holder}'s client, or for nobody when it is
         * empty: that replaces whatever the table holds for the address.
         */
        void learn(InetAddress address, Optional<L> holder);
    }

    /**
     * A reply (or a change without one) waiting for its rows: {@code release} writes it on
     * {@code socket}'s event loop; {@code serveAgain} serves its query again after a conflict, in
     * {@code burst}, whose {@code attempt} this was (0 the first time).
     */
    private record Held<L extends Lease>(List<? extends L> rows, Channel socket, Runnable release, Runnable serveAgain,
                                         LeaseCommit<L>.Burst burst, int attempt) {
    }

    /**
     * A held reply refused by the shared database: the table learns {@code holders}, then its query
     * is served again unless this was its last try ({@code again} false).
     */
    private record Retry<L extends Lease>(Held<L> held, Map<InetAddress, Optional<L>> holders, boolean again) {
    }

    private final Optional<LeaseStore<L>> store;
    private final Duration reclaimInterval;
    private final Learner<L> learner;
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
    /** Rows the shared database refused, and queries served again for that. */
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    /** Each write of rows to the store (one append, or one transaction), and how many rows they held. */
    private final LatencyHistogram commitSeconds = new LatencyHistogram();
    private final AtomicLong rowsCommitted = new AtomicLong();

    private LeaseCommit(Optional<LeaseStore<L>> store, boolean threaded, String logPrefix, Learner<L> learner,
                        Duration reclaimInterval) {
        this.store = store;
        this.reclaimInterval = reclaimInterval;
        this.learner = learner;
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
        return new LeaseCommit<>(Optional.empty(), false, "", LeaseCommit::learnNothing, RECLAIM_INTERVAL);
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
            public Recorded<L> record(List<? extends L> rows) throws IOException {
                file.append(rows);
                if (durability == Durability.FSYNC) {
                    file.sync();
                }
                return Recorded.all();
            }

            @Override
            public String describe() {
                return "the lease file " + file.path();
            }
        };
        return new LeaseCommit<>(Optional.of(store), durability == Durability.FSYNC, logPrefix,
                LeaseCommit::learnNothing, RECLAIM_INTERVAL);
    }

    /**
     * Commits to a lease database on the writer thread (a round trip to a database never runs on
     * an event loop). The store stays the caller's to close, after this.
     *
     * @param learner takes in the rows that hold addresses the database refused, before their queries are served again
     */
    public static <L extends Lease> LeaseCommit<L> toDatabase(LeaseStore<L> database, String logPrefix,
                                                            Learner<L> learner) {
        return toDatabase(database, logPrefix, learner, RECLAIM_INTERVAL);
    }

    /** As {@link #toDatabase(LeaseStore, String, Learner)}, reclaiming expired rows every {@code reclaimInterval}. */
    public static <L extends Lease> LeaseCommit<L> toDatabase(LeaseStore<L> database, String logPrefix,
                                                            Learner<L> learner, Duration reclaimInterval) {
        return new LeaseCommit<>(Optional.of(database), true, logPrefix, learner, reclaimInterval);
    }

    /** A lease file refuses no row, so there is nothing to learn. */
    private static <L> void learnNothing(InetAddress address, Optional<L> holder) {
        throw new IllegalStateException("a lease file refused the row of " + address);
    }

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

    /**
     * The commits' metrics, under {@code prefix} ({@code tandem_dhcp6}): how long each write of rows
     * took and how many rows they held (rows / commits is the batch size), the rows a shared
     * database refused and the queries served again for that, the transactions it ran again, and its
     * reconnections.
     */
    public void metrics(MetricsText out, String prefix) {
        if (store.isEmpty()) {
            return;
        }
        out.histogram(prefix + "_lease_commit_seconds", "writes of lease rows to " + store.get().describe()
                + " (one append, or one transaction), by how long they took", commitSeconds);
        out.single(prefix + "_lease_rows_committed_total", "counter", "lease rows written (or refused) by those writes",
                rowsCommitted.get());
        out.single(prefix + "_lease_conflicts_total", "counter",
                "lease rows the shared lease database refused: another client held the address", conflicts.get());
        out.single(prefix + "_lease_claim_retries_total", "counter",
                "queries served again after the shared lease database refused an address they got", retries.get());
        out.single(prefix + "_lease_transactions_retried_total", "counter", "lease database transactions rolled back"
                + " and run again because another server inserted the same statistics counter first",
                store.get().transactionRetries());
        out.single(prefix + "_lease_database_reconnects_total", "counter",
                "times the lease database was connected again after it was lost", store.get().reconnects());
    }

    /** The replies held during one read burst of a handler; touched only on its event loop. */
    public final class Burst {
        private final ObjIntConsumer<Refusal> refused;
        private List<Held<L>> held = new ArrayList<>();
        /** Which try of its query is being served: 0, or more while a refused query is served again. */
        private int attempt;

        private Burst(ObjIntConsumer<Refusal> refused) {
            this.refused = refused;
        }

        /** False while the lease database is away and {@code on-fail} says stop: nothing is answered then. */
        public boolean serving() {
            return store.isEmpty() || store.get().serving();
        }

        /**
         * Holds a reply until {@code rows} are recorded; then {@code release} writes it (without a
         * flush) on {@code socket}'s event loop. With no lease file it runs now. When the shared
         * database refuses a row, {@code serveAgain} serves the query again on that loop, in this
         * burst, after the table learnt who holds the address; the burst is ended and the socket
         * flushed after it.
         */
        public void hold(List<? extends L> rows, Channel socket, Runnable release, Runnable serveAgain) {
            if (store.isEmpty()) {
                release.run();
            } else {
                held.add(new Held<>(rows, socket, release, serveAgain, this, attempt));
            }
        }

        /** On the event loop: serves a refused query again as its next try. */
        private void serveAgain(Held<L> refusedOne) {
            attempt = refusedOne.attempt() + 1;
            try {
                refusedOne.serveAgain().run();
            } finally {
                attempt = 0;
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
                // Only a lease file is written on the event loop, and it refuses no row: nothing to serve again
                List<Held<L>> recorded = record(held, new ArrayList<>());
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
     * Records the rows of {@code held} in one go; returns the replies that may leave. Those with a
     * row the shared database refused go to {@code retries}, to be served again while their query
     * has tries left, and counted as refused at their last try; when nothing was recorded, all are
     * counted as refused.
     */
    private List<Held<L>> record(List<Held<L>> held, List<Retry<L>> retries) {
        List<L> rows = new ArrayList<>();
        for (Held<L> one : held) {
            rows.addAll(one.rows());
        }
        LeaseStore<L> leases = store.orElseThrow();
        LeaseStore.Recorded<L> result;
        long started = System.nanoTime();
        try {
            result = leases.record(rows);
        } catch (IOException | RuntimeException e) {
            failure = leases.describe() + " cannot be written (" + e.getMessage()
                    + "); lease-changing exchanges are not answered";
            failureLog.error("{}_LEASE_WRITE_FAILED {} rows not recorded in {}, their {} replies are not sent: {}",
                    logPrefix, rows.size(), leases.describe(), held.size(), e.toString());
            held.forEach(one -> one.burst().refused.accept(Refusal.NOT_RECORDED, 1));
            return List.of();
        }
        commitSeconds.record(System.nanoTime() - started);
        rowsCommitted.addAndGet(rows.size());
        if (failure != null) {
            failure = null;
            log.info("{}_LEASE_WRITES_RESUMED {}", logPrefix, leases.describe());
        }
        if (result.refused().isEmpty()) {
            return held;
        }
        conflicts.addAndGet(result.refused().cardinality());
        List<Held<L>> recorded = new ArrayList<>(held.size());
        int first = 0;
        for (Held<L> one : held) {
            int next = first + one.rows().size();
            Set<InetAddress> claimed = new LinkedHashSet<>();
            for (int row = result.refused().nextSetBit(first); row >= 0 && row < next;
                 row = result.refused().nextSetBit(row + 1)) {
                claimed.add(rows.get(row).address());
            }
            if (claimed.isEmpty()) {
                recorded.add(one);
            } else {
                retries.add(refused(one, claimed, result.holders(), leases));
            }
            first = next;
        }
        // The rows read beyond the refused addresses are learnt with the first refused reply
        Map<InetAddress, Optional<L>> firstHolders = retries.get(0).holders();
        result.holders().forEach((address, holder) -> firstHolders.putIfAbsent(address, Optional.of(holder)));
        return recorded;
    }

    /** A reply whose rows of {@code claimed} the shared database refused; counted as refused at its last try. */
    private Retry<L> refused(Held<L> one, Set<InetAddress> claimed, Map<InetAddress, L> current, LeaseStore<L> leases) {
        Map<InetAddress, Optional<L>> holders = new LinkedHashMap<>();
        claimed.forEach(address -> holders.put(address, Optional.ofNullable(current.get(address))));
        boolean again = one.attempt() + 1 < MAX_CLAIMS;
        if (!again) {
            one.burst().refused.accept(Refusal.CONFLICT, 1);
            conflictLog.warn("{}_LEASE_CONFLICT {} holds {} for another client at each of {} tries; the reply is not"
                    + " sent", logPrefix, leases.describe(), claimed.iterator().next().getHostAddress(), MAX_CLAIMS);
        }
        return new Retry<>(one, holders, again);
    }

    /** On the event loop the replies were held on: writes them, then one flush per socket. */
    private static <L extends Lease> void releaseOnThisLoop(List<Held<L>> held) {
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
        long nextReclaim = System.nanoTime() + reclaimInterval.toNanos();
        while (running || !queue.isEmpty()) {
            if (System.nanoTime() - nextReclaim >= 0) {
                reclaimExpired();
                nextReclaim = System.nanoTime() + reclaimInterval.toNanos();
            }
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

    /**
     * On the writer thread, between commits: the store reclaims its expired rows (one statement of
     * a lease database); a failure is logged and left to the next run, as the commits report the
     * database's state.
     */
    private void reclaimExpired() {
        LeaseStore<L> leases = store.orElseThrow();
        try {
            LeaseStore.Reclaimed reclaimed = leases.reclaimExpired();
            if (reclaimed.marked() > 0 || reclaimed.deleted() > 0) {
                log.info("{}_LEASE_ROWS_RECLAIMED {} expired rows marked reclaimed (state 2), {} reclaimed rows deleted"
                        + " after Kea's hold-reclaimed-time, in {}", logPrefix, reclaimed.marked(), reclaimed.deleted(),
                        leases.describe());
            }
        } catch (IOException | RuntimeException e) {
            failureLog.warn("{}_LEASE_RECLAIM_FAILED {}: {}", logPrefix, leases.describe(), e.getMessage());
        }
    }

    /**
     * On the writer thread: one write and one force (or one transaction) for every burst pending,
     * then their replies, and the queries the shared database refused served again.
     */
    private void commit(List<List<Held<L>>> batch) {
        List<Held<L>> held = new ArrayList<>();
        batch.forEach(held::addAll);
        try {
            List<Retry<L>> refused = new ArrayList<>();
            List<Held<L>> recorded = record(held, refused);
            if (!recorded.isEmpty() || !refused.isEmpty()) {
                onTheirLoops(recorded, refused);
            }
        } finally {
            waiting.addAndGet(-held.size());
        }
    }

    /**
     * One task on each socket's event loop writes its replies and flushes once; then its table
     * learns the holders of what was refused, and those queries are served again (their bursts
     * ended and the socket flushed after them).
     */
    private void onTheirLoops(List<Held<L>> recorded, List<Retry<L>> refused) {
        Map<Channel, List<Held<L>>> bySocket = new LinkedHashMap<>();
        Map<Channel, List<Retry<L>>> retriesBySocket = new LinkedHashMap<>();
        recorded.forEach(one -> bySocket.computeIfAbsent(one.socket(), socket -> new ArrayList<>()).add(one));
        refused.forEach(one -> {
            bySocket.computeIfAbsent(one.held().socket(), socket -> new ArrayList<>());
            retriesBySocket.computeIfAbsent(one.held().socket(), socket -> new ArrayList<>()).add(one);
        });
        bySocket.forEach((socket, replies) -> {
            List<Retry<L>> refusedHere = retriesBySocket.getOrDefault(socket, List.of());
            try {
                socket.eventLoop().execute(() -> {
                    if (!replies.isEmpty()) {
                        releaseOnThisLoop(replies);
                    }
                    if (!refusedHere.isEmpty()) {
                        serveAgainOnThisLoop(socket, refusedHere);
                    }
                });
            } catch (RejectedExecutionException closed) {
                // The transport stopped first: the rows are recorded, the replies have no socket left
                log.debug("{}_LEASE_REPLIES_UNSENT {} replies recorded after the socket closed", logPrefix,
                        replies.size());
            }
        });
    }

    /**
     * On the socket's event loop: the table learns who holds each refused address (also after a
     * query's last try, so that the next query does not get it), then the queries with tries left
     * are served again.
     */
    private void serveAgainOnThisLoop(Channel socket, List<Retry<L>> refused) {
        refused.forEach(one -> one.holders().forEach(learner::learn));
        Set<Burst> bursts = new LinkedHashSet<>();
        for (Retry<L> one : refused) {
            if (!one.again()) {
                continue;
            }
            retries.incrementAndGet();
            one.held().burst().serveAgain(one.held());
            bursts.add(one.held().burst());
        }
        bursts.forEach(Burst::end);
        socket.flush();
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
