package io.tandem.common.daemon;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.tandem.common.lease.Lease;
import io.tandem.common.ops.LatencyHistogram;
import io.tandem.common.ops.MetricsText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up, in a lease database that several servers share, a client this server holds nothing
 * of, before its query is served: another server may have bound it. The engine asks
 * {@link #wanted} for such a client; the handler then hands the query over with {@link #lookUp},
 * and serves nothing for it now. A reader thread takes every client waiting (up to
 * {@value #BATCH}) and reads their rows with one statement of the {@link Finder}; on the event
 * loop of their sockets the daemon's table {@link LeaseCommit.Learner learns} each row found, as
 * it learns the holder of a refused address, and the queries are served again. Nothing on an
 * event loop waits for the database.
 * <p>
 * Bounded: at most {@value #QUEUE_CAPACITY} queries wait (past that a query is dropped, counted,
 * and its client retries); a client looked up is not looked up again for
 * {@value #REMEMBERED_SECONDS} s, whatever was found (a flood of new clients costs one look-up
 * each), and the client's next queries while its look-up is under way wait behind the first and
 * are served after it, in the order they came ({@value #MAX_FOLLOWING} at most; more are dropped,
 * counted): a DHCPREQUEST to another server that overtook its own DHCPDISCOVER left this server
 * holding an offer for a client bound elsewhere, an address of the pool lost until the offer ran
 * out (seen in {@code TwoPairsIT}, whose pool has as many addresses as clients). While the
 * database is away nobody is looked up, and a query whose look-up is not back
 * within {@value #MAX_WAIT_MILLIS} ms is not kept waiting: they are served from memory as without
 * a look-up, counted.
 *
 * @param <L> the lease record
 * @param <K> what a client is looked up by (a DUID; a client identifier and hardware address)
 */
public final class ClientLookup<L extends Lease, K> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientLookup.class);
    /** Queries waiting for a look-up at most. */
    public static final int QUEUE_CAPACITY = 1024;
    /** Clients looked up by one statement at most. */
    public static final int BATCH = 256;
    /** How long a client looked up is not looked up again. */
    public static final long REMEMBERED_SECONDS = 60;
    /**
     * How long a query waits for its look-up at most; then it is served from memory, as without
     * one. A look-up takes about a millisecond; it takes longer when the database has just gone
     * away and the pool waits for a connection (up to twice {@code connect-timeout}).
     */
    public static final long MAX_WAIT_MILLIS = 500;
    /** Clients remembered at most; past that the oldest marks are swept, and a client may be looked up again sooner. */
    static final int MAX_REMEMBERED = 65_536;
    /**
     * Queries of one client that wait behind its look-up at most: a DHCPREQUEST after its
     * DHCPDISCOVER, a retransmission or two; a client sends no more in {@value #MAX_WAIT_MILLIS} ms.
     */
    static final int MAX_FOLLOWING = 4;

    /** Where clients are looked up. */
    public interface Finder<L, K> {
        /** Every row of these clients, read with one statement. */
        List<L> find(List<K> clients) throws IOException;

        /** Whether the database is reachable now: a look-up while it is away would only fail. */
        boolean reachable();
    }

    /**
     * A query waiting for its client's look-up; {@code serveAgain} runs on {@code socket}'s event
     * loop once, when the look-up is back or {@value #MAX_WAIT_MILLIS} ms have passed.
     */
    private static final class Waiting<K> {
        private final K client;
        private final Channel socket;
        private final Runnable serveAgain;
        private ScheduledFuture<?> timeout;
        /** The client's later queries, served after this one in the order they came; guarded by this. */
        private final List<Waiting<K>> following = new ArrayList<>(0);
        private boolean served;

        Waiting(K client, Channel socket, Runnable serveAgain) {
            this.client = client;
            this.socket = socket;
            this.serveAgain = serveAgain;
        }

        K client() {
            return client;
        }

        /**
         * On the event loop: serves the query, then the client's queries that came after it, unless
         * it was served already; returns whether it was now.
         */
        boolean serve() {
            List<Waiting<K>> after;
            synchronized (this) {
                if (served) {
                    return false;
                }
                served = true;
                after = List.copyOf(following);
            }
            timeout.cancel(false);
            serveAgain.run();
            for (Waiting<K> next : after) {
                if (next.socket.eventLoop().inEventLoop()) {
                    next.serveAgain.run();
                } else {
                    next.socket.eventLoop().execute(next.serveAgain);
                }
            }
            return true;
        }

        /** A later query of the client, to be served after this one, unless this one was served already or enough wait. */
        synchronized Follow follow(Waiting<K> next) {
            if (served) {
                return Follow.TOO_LATE;
            }
            if (following.size() == MAX_FOLLOWING) {
                return Follow.FULL;
            }
            following.add(next);
            return Follow.WAITING;
        }

        /** Drops this query and those waiting behind it (a full queue): how many. */
        synchronized int abandon() {
            served = true;
            return 1 + following.size();
        }
    }

    /** What became of a query that came while its client's look-up was under way. */
    private enum Follow {
        WAITING, FULL, TOO_LATE
    }

    private final Finder<L, K> finder;
    private final LeaseCommit.Learner<L> learner;
    private final String logPrefix;
    private final BlockingQueue<Waiting<K>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /** By client: until when (System.nanoTime) it is not looked up again. */
    private final Map<K, Long> remembered = new ConcurrentHashMap<>();
    /** By client: the first of its queries waiting for its look-up under way. */
    private final Map<K, Waiting<K>> underWay = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());
    private final RateLimitedLog failureLog = new RateLimitedLog(log, 1);
    private final Thread reader;
    private volatile boolean running = true;
    private final AtomicLong found = new AtomicLong();
    private final AtomicLong clientsLookedUp = new AtomicLong();
    private final AtomicLong nothing = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rowsLearnt = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private final AtomicLong followingDropped = new AtomicLong();
    private final AtomicLong databaseAway = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final LatencyHistogram lookupSeconds = new LatencyHistogram();

    /**
     * @param learner   takes each row found, on the event loop of the queries looked up
     * @param logPrefix the daemon's log prefix ({@code DHCP6}, {@code DHCP4O6})
     */
    public ClientLookup(Finder<L, K> finder, LeaseCommit.Learner<L> learner, String logPrefix) {
        this.finder = finder;
        this.learner = learner;
        this.logPrefix = logPrefix;
        reader = new Thread(this::runReader, "lease-lookup");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * On the event loop, for a client the table holds nothing of: whether its query should wait for
     * a look-up (not when it was looked up lately, nor while the database is away).
     */
    public boolean wanted(K client) {
        if (underWay.containsKey(client)) {
            return true; // and waits behind the query whose look-up is under way
        }
        Long until = remembered.get(client);
        if (until != null && until - System.nanoTime() > 0) {
            return false;
        }
        if (!finder.reachable()) {
            databaseAway.incrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * On the event loop, after {@link #wanted}: the query waits for its client's look-up (or
     * behind the client's query whose look-up is under way), then {@code serveAgain} serves it on
     * {@code socket}'s event loop; or it is dropped (counted) when {@value #QUEUE_CAPACITY} already
     * wait, or {@value #MAX_FOLLOWING} of its client's wait behind the look-up.
     */
    public void lookUp(K client, Channel socket, Runnable serveAgain) {
        Waiting<K> waiting = new Waiting<>(client, socket, serveAgain);
        for (Waiting<K> first = underWay.putIfAbsent(client, waiting); first != null;
             first = underWay.putIfAbsent(client, waiting)) {
            Follow follow = first.follow(waiting);
            if (follow == Follow.WAITING) {
                return;
            }
            if (follow == Follow.FULL) {
                followingDropped.incrementAndGet();
                return;
            }
            // Served meanwhile on another event loop, its mark not yet gone: this query starts its own look-up
            underWay.remove(client, first);
        }
        waiting.timeout = socket.eventLoop().schedule(() -> {
            if (underWay.remove(client, waiting)) {
                timedOut.incrementAndGet();
                remembered.put(client, rememberedUntil());
                waiting.serve();
            }
        }, MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (!queue.offer(waiting)) {
            waiting.timeout.cancel(false);
            underWay.remove(client, waiting);
            queueFull.addAndGet(waiting.abandon());
            failureLog.warn("{}_LEASE_LOOKUP_QUEUE_FULL {} queries already wait for a look-up; the query is dropped",
                    logPrefix, QUEUE_CAPACITY);
        }
    }

    private static long rememberedUntil() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(REMEMBERED_SECONDS);
    }

    private void runReader() {
        List<Waiting<K>> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                Waiting<K> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                lookUp(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** On the reader thread: one statement for the batch, then each event loop learns the rows and serves its queries. */
    private void lookUp(List<Waiting<K>> batch) {
        List<K> clients = batch.stream().map(Waiting::client).distinct().toList();
        clientsLookedUp.addAndGet(clients.size());
        List<L> rows;
        long started = System.nanoTime();
        try {
            rows = finder.find(clients);
            lookupSeconds.record(System.nanoTime() - started);
            (rows.isEmpty() ? nothing : found).incrementAndGet();
        } catch (IOException | RuntimeException e) {
            // Served as without a look-up; not looked up again for a while either, so that this cannot loop
            rows = List.of();
            failed.incrementAndGet();
            failureLog.warn("{}_LEASE_LOOKUP_FAILED {} clients served without a look-up: {}", logPrefix,
                    clients.size(), e.toString());
        }
        long until = rememberedUntil();
        Map<EventLoop, List<Waiting<K>>> byLoop = new LinkedHashMap<>();
        batch.forEach(one -> byLoop.computeIfAbsent(one.socket.eventLoop(), loop -> new ArrayList<>()).add(one));
        List<L> learnt = rows;
        byLoop.forEach((loop, waiting) -> {
            try {
                loop.execute(() -> learnAndServe(learnt, waiting, until));
            } catch (RejectedExecutionException closed) {
                log.debug("{}_LEASE_LOOKUP_UNSERVED {} queries looked up after the socket closed", logPrefix,
                        waiting.size());
            }
        });
    }

    /** On the event loop: the table learns the rows found, the clients are remembered, their queries served again. */
    private void learnAndServe(List<L> rows, List<Waiting<K>> waiting, long until) {
        rows.forEach(row -> learner.learn(row.address(), Optional.of(row)));
        rowsLearnt.addAndGet(rows.size());
        waiting.forEach(one -> {
            remembered.put(one.client(), until);
            underWay.remove(one.client(), one);
        });
        sweep();
        waiting.forEach(Waiting::serve);
    }

    /** Bounds {@link #remembered}: at most once a second, when full, the marks past their time go. */
    private void sweep() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (remembered.size() < MAX_REMEMBERED || now - last < TimeUnit.SECONDS.toNanos(1)
                || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        remembered.values().removeIf(until -> until - now <= 0);
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
    }

    /** The look-ups' metrics, under {@code prefix} ({@code tandem_dhcp6}). */
    public void metrics(MetricsText out, String prefix) {
        out.histogram(prefix + "_lease_lookup_seconds", "look-ups of clients this server held nothing of in the shared"
                + " lease database (one statement for those waiting), by how long they took", lookupSeconds);
        out.family(prefix + "_lease_lookups_total", "counter", "look-up statements, by what they found");
        out.sample(prefix + "_lease_lookups_total", found.get(), "result", "rows");
        out.sample(prefix + "_lease_lookups_total", nothing.get(), "result", "nothing");
        out.sample(prefix + "_lease_lookups_total", failed.get(), "result", "failed");
        out.single(prefix + "_lease_lookup_clients_total", "counter", "clients looked up", clientsLookedUp.get());
        out.single(prefix + "_lease_lookup_rows_total", "counter", "rows found by look-ups and learnt by the table",
                rowsLearnt.get());
        out.family(prefix + "_lease_lookups_skipped_total", "counter", "queries of clients this server held nothing"
                + " of that were not looked up: dropped (queue-full; under-way: more of one client's queries than wait behind"
                + " its look-up) or served without (database-away, timed-out)");
        out.sample(prefix + "_lease_lookups_skipped_total", queueFull.get(), "reason", "queue-full");
        out.sample(prefix + "_lease_lookups_skipped_total", followingDropped.get(), "reason", "under-way");
        out.sample(prefix + "_lease_lookups_skipped_total", databaseAway.get(), "reason", "database-away");
        out.sample(prefix + "_lease_lookups_skipped_total", timedOut.get(), "reason", "timed-out");
    }

    /** Stops the reader; queries still waiting are not served. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(10_000);
    }
}
