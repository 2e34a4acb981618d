package io.tandem.dhcp6d.transport;

import io.netty.channel.Channel;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of lease rows: replies whose bindings changed wait here until their rows are in
 * the lease file; one thread appends everything that queued up meanwhile with one
 * {@code write(2)}, then lets all those replies go. The packet thread never blocks on the disk,
 * and no reply leaves before its binding would survive a crash.
 */
public final class LeaseWriter implements LeaseQueue, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseWriter.class);
    /** Replies waiting for the disk at most; past that a reply is dropped and the client retries. */
    static final int QUEUE_CAPACITY = 8192;
    private static final int BATCH = 512;

    /**
     * Rows to record, and what to do once they are recorded: {@code afterWrite} writes the reply on
     * {@code socket}, on that socket's event loop, and leaves the flush to the caller.
     */
    public record Pending(List<Lease6> rows, Runnable afterWrite, Channel socket) {
    }

    private final LeaseFile<Lease6> file;
    private final boolean syncEachBatch;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param syncEachBatch also {@code fsync} each batch, for power-loss durability; without it a
     *                      process crash still loses nothing
     */
    public LeaseWriter(LeaseFile<Lease6> file, boolean syncEachBatch) {
        this.file = file;
        this.syncEachBatch = syncEachBatch;
        this.thread = new Thread(this::run, "lease-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public boolean submit(Pending pending) {
        return queue.offer(pending);
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<Lease6> rows = new ArrayList<>();
        batch.forEach(pending -> rows.addAll(pending.rows()));
        try {
            file.append(rows);
            if (syncEachBatch) {
                file.sync();
            }
        } catch (IOException e) {
            log.error("DHCP6_LEASE_WRITE_FAILED {} rows not recorded in {}, their replies are not sent: {}",
                    rows.size(), file.path(), e.toString());
            return;
        }
        if (log.isDebugEnabled()) {
            // Debug, not info: a binding changes with every Renew, and the packet path logs nothing at info.
            rows.forEach(row -> log.debug("DHCP6_LEASE_RECORDED {} duid {} iaid {} valid {} state {} mac {}",
                    Addresses.text(row.address()), row.duid().colonHex(), row.iaid(), row.validLifetime(),
                    row.state(), row.hardwareAddress().map(Object::toString).orElse("-")));
        }
        release(batch);
    }

    /**
     * Lets a batch's replies go: one task on each socket's event loop writes them all and flushes
     * once, so that they leave together (one {@code sendmmsg} on epoll).
     */
    private static void release(List<Pending> batch) {
        Map<Channel, List<Runnable>> bySocket = new LinkedHashMap<>();
        batch.forEach(pending -> bySocket.computeIfAbsent(pending.socket(), socket -> new ArrayList<>())
                .add(pending.afterWrite()));
        bySocket.forEach((socket, writes) -> {
            try {
                socket.eventLoop().execute(() -> {
                    writes.forEach(Runnable::run);
                    socket.flush();
                });
            } catch (RejectedExecutionException closed) {
                // The transport stopped first: the rows are recorded, the replies have no socket left
                log.debug("DHCP6_LEASE_REPLIES_UNSENT {} replies recorded after the socket closed", writes.size());
            }
        });
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
