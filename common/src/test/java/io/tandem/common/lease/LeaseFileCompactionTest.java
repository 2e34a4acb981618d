package io.tandem.common.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction on one thread while another appends, the way dhcp6d runs them: the engine appends
 * and updates its lease table under one lock, the compaction snapshots the table under that lock.
 * After every compaction, with that lock held, the file must say exactly what the table says.
 */
class LeaseFileCompactionTest {
    private static final int BATCHES = 3000;
    private static final int BATCHES_BETWEEN_CHECKS = 200;

    @TempDir
    Path directory;

    @Test
    void compactingWhileAnotherThreadAppendsLosesNoRow() throws Exception {
        Path file = directory.resolve("leases6.csv");
        Map<Lease6.Binding, Lease6> table = new LinkedHashMap<>();
        AtomicBoolean appending = new AtomicBoolean(true);
        Semaphore snapshots = new Semaphore(0);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (LeaseFile<Lease6> leases = LeaseFile.open(file, LeaseCsv6.INSTANCE)) {
            Future<Integer> compactor = threads.submit(() -> {
                int count = 0;
                while (appending.get()) {
                    leases.compact(() -> {
                        synchronized (table) {
                            List<Lease6> snapshot = List.copyOf(table.values());
                            snapshots.release();
                            return snapshot;
                        }
                    });
                    // With the table's lock held no append runs, so the file must say what the table says.
                    synchronized (table) {
                        assertFileHolds(file, table);
                    }
                    count++;
                }
                return count;
            });
            Future<?> appender = threads.submit(() -> {
                for (int batch = 0; batch < BATCHES; batch++) {
                    List<Lease6> rows = batch(batch);
                    synchronized (table) {
                        leases.append(rows);
                        for (Lease6 row : rows) {
                            table.remove(row.binding());
                            if (!row.isRelease()) {
                                table.put(row.binding(), row);
                            }
                        }
                    }
                    // Make sure appends land while a compaction writes its file, whatever the scheduling.
                    if (batch % BATCHES_BETWEEN_CHECKS == 0 && !awaitSnapshot(snapshots, compactor)) {
                        break;
                    }
                }
                appending.set(false);
                return null;
            });
            appender.get(2, TimeUnit.MINUTES);
            int count = compactor.get(2, TimeUnit.MINUTES);
            assertTrue(count >= BATCHES / BATCHES_BETWEEN_CHECKS, "only " + count + " compactions");
        } finally {
            threads.shutdownNow();
        }

        assertFileHolds(file, table);
    }

    /**
     * Waits until the next compaction has taken its snapshot and is writing its file; false if
     * the compactor has stopped (its failure is then reported by its future).
     */
    private static boolean awaitSnapshot(Semaphore snapshots, Future<?> compactor) throws InterruptedException {
        snapshots.drainPermits();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!snapshots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (compactor.isDone()) {
                return false;
            }
            assertTrue(System.nanoTime() < deadline, "no compaction started in 30 s");
        }
        return true;
    }

    private static void assertFileHolds(Path file, Map<Lease6.Binding, Lease6> table) throws IOException {
        LoadedLeases<Lease6> loaded = LeaseFile.load(file, LeaseCsv6.INSTANCE);
        assertEquals(List.of(), loaded.problems());
        List<Lease6> latest = LeaseFile.latestPerBinding(loaded.leases());
        assertEquals(table.size(), latest.size());
        assertEquals(new HashSet<>(table.values()), new HashSet<>(latest));
    }

    /**
     * Batch {@code n}: a new binding (address n) and a renewal of binding n-1; every fifth batch
     * also releases binding n-2, so the table both grows and shrinks.
     */
    private static List<Lease6> batch(int n) {
        Lease6 added = binding(n, 0);
        if (n == 0) {
            return List.of(added);
        }
        Lease6 renewed = binding(n - 1, n);
        return n % 5 == 0 && n >= 2 ? List.of(added, renewed, binding(n - 2, 0).released()) : List.of(added, renewed);
    }

    private static Lease6 binding(int n, int renewal) {
        byte[] address = Addresses.parse6("2001:db8::").getAddress();
        address[14] = (byte) (n >> 8);
        address[15] = (byte) n;
        return new Lease6(Addresses.inet6(address), Bytes.fromHex(String.format("00030001525400%06x", n)), 4000,
                LeaseSamples.EXPIRE + renewal, 7, 3000, LeaseType.NA, n, 128, false, false, "host" + n,
                Optional.of(HardwareAddress.ethernet(Bytes.fromHex(String.format("525400%06x", n)),
                        HwAddrSource.IPV6_LINK_LOCAL)), LeaseState.DEFAULT, "");
    }
}
