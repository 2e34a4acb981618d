package io.tandem.common.daemon;

import io.tandem.common.lease.Lease;
import io.tandem.common.ops.Health;
import java.io.IOException;
import java.net.InetAddress;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link LeaseCommit} records lease rows: the memfile lease file, or a lease database
 * that several servers share.
 *
 * @param <L> the lease record
 */
public interface LeaseStore<L extends Lease> {
    /**
     * What {@link #record} did. {@code refused}: the indexes of the rows refused because another
     * client holds their address in a shared database (a lease file refuses none); every other row
     * is recorded. {@code holders}: for each refused row's address, the row that holds it, read in
     * the same transaction (an address missing there is held by nobody any more); and the rows of
     * the addresses a database reads with them (those after a refused one), for the table to learn
     * too.
     */
    record Recorded<L>(BitSet refused, Map<InetAddress, L> holders) {
        private static final Recorded<?> ALL = new Recorded<>(new BitSet(), Map.of());

        /** Every row recorded. */
        @SuppressWarnings("unchecked")
        public static <L> Recorded<L> all() {
            return (Recorded<L>) ALL;
        }
    }

    /** What {@link #reclaimExpired} did: rows marked reclaimed, and reclaimed rows deleted. */
    record Reclaimed(long marked, long deleted) {
        public static final Reclaimed NONE = new Reclaimed(0, 0);
    }

    /**
     * Records {@code rows}, in order, as one unit (one {@code write(2)}, one transaction).
     *
     * @throws IOException when none of the rows is recorded
     */
    Recorded<L> record(List<? extends L> rows) throws IOException;

    /**
     * Reclaims expired rows where several servers share them (a lease database), on the writer
     * thread every {@link LeaseCommit#RECLAIM_INTERVAL}; a lease file has none to reclaim (each
     * daemon forgets its expired leases in memory and at compaction).
     *
     * @throws IOException when the store cannot be written
     */
    default Reclaimed reclaimExpired() throws IOException {
        return Reclaimed.NONE;
    }

    /** For logs and {@code /health}: {@code the lease file /var/lib/...}, {@code the lease database postgresql kea@db1:5432}. */
    String describe();

    /**
     * Whether the daemon answers at all: a lease database that is away with {@code on-fail}
     * {@code stop-retry-exit} stops the service, as Kea's does, until it is back.
     */
    default boolean serving() {
        return true;
    }

    /** Times a lost lease database was connected again since the start; a lease file is never lost. */
    default long reconnects() {
        return 0;
    }

    /**
     * Transactions a lease database ran a second time because they lost a race that another
     * server's transaction caused, not because of their rows (Kea's statistics counters).
     */
    default long transactionRetries() {
        return 0;
    }

    /** Degraded while the store cannot be written, whether or not rows wait (a database that is away). */
    default Health health() {
        return Health.OK;
    }
}
