package io.tandem.common.daemon;

import io.netty.channel.Channel;
import io.tandem.common.config.LeaseDatabaseConfig.Durability;
import io.tandem.common.lease.Lease;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.ops.Health;
import java.io.IOException;
import java.util.ArrayList;
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
 * Replies without rows (Advertise, Offer) never wait here. When the rows cannot be recorded (a
 * full disk) their replies are refused, the error is logged at most once a second and
 * {@link #health()} is degraded until a write succeeds again. Without a lease file
 * ({@code persist: false}) a held reply is released at once.
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
        /** The rows could not be written (or forced): a full disk, an I/O error. */
        NOT_RECORDED
    }

    /** A reply (or a change without one) waiting for its rows: {@code release} writes it on {@code socket}'s event loop. */
    private record Held<L>(List<? extends L> rows, Channel socket, Runnable release) {
    }

    /** A burst handed to the writer thread, with where its refusals are counted. */
    private record Handoff<L>(List<Held<L>> held, ObjIntConsumer<Refusal> refused) {
    }

    private final Optional<LeaseFile<L>> file;
    private final Durability durability;
    private final String logPrefix;
    private final RateLimitedLog failureLog = new RateLimitedLog(log, 1);
    private final BlockingQueue<Handoff<L>> queue = new LinkedBlockingQueue<>();
    /** Replies in {@link #queue} and in the writer's hands. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final Optional<Thread> writer;
    private volatile boolean running = true;
    /** Why the last write failed; null since the last write that succeeded. */
    private volatile String failure;

    private LeaseCommit(Optional<LeaseFile<L>> file, Durability durability, String logPrefix) {
        this.file = file;
        this.durability = durability;
        this.logPrefix = logPrefix;
        if (file.isPresent() && durability == Durability.FSYNC) {
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
        return new LeaseCommit<>(Optional.empty(), Durability.WRITE, "");
    }

    /**
     * Commits to {@code file} as {@code durability} says (the file stays the caller's to close,
     * after this).
     *
     * @param logPrefix the daemon's log prefix ({@code DHCP6}, {@code DHCP4O6})
     */
    public static <L extends Lease> LeaseCommit<L> to(LeaseFile<L> file, Durability durability, String logPrefix) {
        return new LeaseCommit<>(Optional.of(file), durability, logPrefix);
    }

    /**
     * A burst for one handler, whose sockets are all served by one event loop thread.
     *
     * @param refused counts refused replies, from the event loop or the writer thread
     */
    public Burst newBurst(ObjIntConsumer<Refusal> refused) {
        return new Burst(refused);
    }

    /** Degraded while the lease file cannot be written. */
    public Health health() {
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

        /**
         * Holds a reply until {@code rows} are recorded; then {@code release} writes it (without a
         * flush) on {@code socket}'s event loop. With no lease file it runs now.
         */
        public void hold(List<? extends L> rows, Channel socket, Runnable release) {
            if (file.isEmpty()) {
                release.run();
            } else {
                held.add(new Held<>(rows, socket, release));
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
            if (durability == Durability.WRITE) {
                if (record(held)) {
                    releaseOnThisLoop(held);
                } else {
                    refused.accept(Refusal.NOT_RECORDED, held.size());
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
                queue.add(new Handoff<>(admitted == held.size() ? held : List.copyOf(held.subList(0, admitted)),
                        refused));
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

    /** Appends (and for {@code fsync} forces) the rows of {@code held}; false when they are not recorded. */
    private boolean record(List<Held<L>> held) {
        List<L> rows = new ArrayList<>();
        for (Held<L> one : held) {
            rows.addAll(one.rows());
        }
        LeaseFile<L> leases = file.orElseThrow();
        try {
            leases.append(rows);
            if (durability == Durability.FSYNC) {
                leases.sync();
            }
        } catch (IOException | RuntimeException e) {
            failure = "the lease file " + leases.path() + " cannot be written (" + e.getMessage()
                    + "); lease-changing exchanges are not answered";
            failureLog.error("{}_LEASE_WRITE_FAILED {} rows not recorded in {}, their {} replies are not sent: {}",
                    logPrefix, rows.size(), leases.path(), held.size(), e.toString());
            return false;
        }
        if (failure != null) {
            failure = null;
            log.info("{}_LEASE_WRITES_RESUMED {}", logPrefix, leases.path());
        }
        return true;
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
        List<Handoff<L>> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Handoff<L> first = queue.poll(100, TimeUnit.MILLISECONDS);
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

    /** On the writer thread: one write and one force for every burst pending, then their replies. */
    private void commit(List<Handoff<L>> batch) {
        List<Held<L>> held = new ArrayList<>();
        batch.forEach(handoff -> held.addAll(handoff.held()));
        try {
            if (record(held)) {
                releaseOnTheirLoops(held);
            } else {
                batch.forEach(handoff -> handoff.refused().accept(Refusal.NOT_RECORDED, handoff.held().size()));
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
