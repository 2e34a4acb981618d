package io.tandem.common.leasedb;

import io.tandem.common.daemon.LeaseStore;
import io.tandem.common.lease.Lease;
import io.tandem.common.ops.Health;
import io.tandem.common.ops.LeaseSource;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.postgresql.util.PSQLException;

/**
 * A daemon's leases in one table of Kea 2.2's PostgreSQL schema, written as Kea's
 * {@code PgSqlLeaseMgr} writes them (the family's columns: {@link PostgresLeaseStore6},
 * {@link PostgresLeaseStore4}).
 * <p>
 * Every row of a batch is written in one transaction on the writer thread, each run of upserts or
 * of deletes as one JDBC batch of a statement prepared on the connection (pgjdbc keeps it prepared
 * on the server). A lease is an upsert guarded for several servers: it replaces the address's row
 * only when that row is the same client's, has expired, or was reclaimed; a row the guard leaves
 * alone is reported refused (its update count is 0), with the row that holds its address, read
 * in the same transaction (one statement for all of them) so that the daemon can take it into its
 * table and move on to another address. A release (valid lifetime 0) deletes the client's own row,
 * as Kea deletes a released lease.
 *
 * @param <L> the lease record
 */
public abstract sealed class PostgresLeaseStore<L extends Lease> implements LeaseStore<L>
        permits PostgresLeaseStore6, PostgresLeaseStore4 {
    /** The guard's common part: the row may be replaced once it was reclaimed or has expired (an infinite one never). */
    static final String FREE = " OR %1$s.state = 2 OR (%1$s.valid_lifetime <> 4294967295 AND %1$s.expire < now())";

    private final PostgresLeaseDatabase database;
    private final String table;
    private final String upsertSql;
    private final String deleteSql;
    private final String selectSql;
    /**
     * Addresses read from each refused one on: another server's leases of a pool are mostly a run
     * of addresses in a row (Kea's iterative order, and ours), so the daemon's table learns the run
     * at once and its next candidates skip it, rather than one refusal per address of the run.
     */
    static final int RUN = 64;
    /** The rows of an array of addresses, one primary key look-up each. */
    private final String holdersSql;
    private final String addressType;
    /** The primary key of Kea's statistics table of {@code table}, whose first row two servers can race to insert. */
    private final String statisticsKey;
    /** Transactions run again because they lost that race: at most {@value #STATISTICS_RETRIES} times each. */
    static final int STATISTICS_RETRIES = 1;
    /** Kea's default {@code hold-reclaimed-time}: how long a reclaimed row stays. */
    static final long HOLD_RECLAIMED_SECONDS = 3600;
    /** Rows {@link #reclaimExpired} marks, and deletes, at most in one run. */
    static final int RECLAIM_BATCH = 10_000;
    private final String reclaimSql;
    /** How long one read for the lease commands may take. */
    static final int READ_TIMEOUT_SECONDS = 10;
    private final LongAdder statisticsRetries = new LongAdder();

    /**
     * @param upsertSql   {@code INSERT ... ON CONFLICT (address) DO UPDATE ... WHERE guard}
     * @param deleteSql   {@code DELETE ... WHERE address and client}
     * @param selectSql   every row, {@code expire} as epoch seconds, in the order {@link #read(ResultSet)} takes them
     * @param addressType the SQL type of the table's {@code address} column, as {@link #addressValue} gives it
     */
    PostgresLeaseStore(PostgresLeaseDatabase database, String table, String upsertSql, String deleteSql,
                       String selectSql, String addressType) {
        this.database = database;
        this.table = table;
        this.upsertSql = upsertSql;
        this.deleteSql = deleteSql;
        this.selectSql = selectSql;
        this.holdersSql = selectSql + " WHERE address = ANY(?)";
        this.addressType = addressType;
        this.statisticsKey = table + "_stat_pkey";
        String expired = " expire < now() AND valid_lifetime <> 4294967295";
        String held = " state = 2 AND expire < now() - interval '" + HOLD_RECLAIMED_SECONDS + " seconds'";
        this.reclaimSql = "WITH reclaimed AS (UPDATE " + table + " SET state = 2 WHERE address IN (SELECT address FROM "
                + table + " WHERE state < 2 AND" + expired + " LIMIT " + RECLAIM_BATCH + ") AND state < 2 AND" + expired
                + " RETURNING 1), deleted AS (DELETE FROM " + table + " WHERE address IN (SELECT address FROM " + table
                + " WHERE" + held + " LIMIT " + RECLAIM_BATCH + ") AND" + held + " RETURNING 1)"
                + " SELECT (SELECT count(*) FROM reclaimed), (SELECT count(*) FROM deleted)";
    }

    /** The {@code address} column's value for the address {@code after} addresses after {@code address}. */
    abstract Object addressValue(InetAddress address, int after);

    abstract void bindUpsert(PreparedStatement statement, L row) throws SQLException;

    abstract void bindDelete(PreparedStatement statement, L row) throws SQLException;

    abstract L read(ResultSet row) throws SQLException;

    /** Writes the rows in one transaction. */
    @Override
    public Recorded<L> record(List<? extends L> rows) throws IOException {
        return transaction(connection -> {
            BitSet refused = write(connection, rows);
            Map<InetAddress, L> holders = refused.isEmpty() ? Map.of() : holders(connection, rows, refused);
            return new Recorded<>(refused, holders);
        });
    }

    /**
     * Kea's reclamation of expired leases, as one statement any number of servers may run at once:
     * rows expired in state 0 or 1 are marked reclaimed (state 2, as Kea's {@code hold-reclaimed-time}
     * keeps them), and rows reclaimed and expired for longer than Kea's default
     * {@code hold-reclaimed-time} ({@value #HOLD_RECLAIMED_SECONDS} s) are deleted; at most
     * {@value #RECLAIM_BATCH} of each a run. The guard is the expiry itself, checked again on each
     * row once its lock is had: a row another server renewed meanwhile has not expired and is left.
     */
    @Override
    public Reclaimed reclaimExpired() throws IOException {
        return transaction(connection -> {
            try (PreparedStatement reclaim = connection.prepareStatement(reclaimSql);
                 ResultSet counts = reclaim.executeQuery()) {
                counts.next();
                return new Reclaimed(counts.getLong(1), counts.getLong(2));
            }
        });
    }

    /** What runs in one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction and commits; one that lost the statistics race (see
     * {@link #lostStatisticsRace}) is rolled back and run once more.
     */
    private <T> T transaction(Work<T> work) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Connection connection = null;
            try {
                connection = database.connection();
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                rollback(connection);
                if (attempt < STATISTICS_RETRIES && lostStatisticsRace(e)) {
                    statisticsRetries.increment();
                    continue;
                }
                boolean lost = database.lost(connection, e);
                throw new IOException((lost ? "" : "the transaction failed: ") + PostgresLeaseDatabase.reason(e), e);
            } finally {
                close(connection);
            }
        }
    }

    /**
     * Whether the transaction failed on the primary key of Kea's statistics table ({@code lease6_stat},
     * {@code lease4_stat}). Kea's triggers count each row by "UPDATE the (subnet, type, state)
     * counter; if there is none, INSERT it": when two servers write the first row of a (subnet, type,
     * state) at once, both find no counter, and the second INSERT fails once the first commits. Run
     * again, the transaction finds the counter and adds to it.
     */
    private boolean lostStatisticsRace(SQLException e) {
        for (Throwable cause = e; cause != null; ) {
            if (cause instanceof PSQLException server && "23505".equals(server.getSQLState())
                    && server.getServerErrorMessage() != null
                    && statisticsKey.equals(server.getServerErrorMessage().getConstraint())) {
                return true;
            }
            cause = cause instanceof SQLException sql && sql.getNextException() != null ? sql.getNextException()
                    : cause.getCause();
        }
        return false;
    }

    /** Runs the rows in order, each run of upserts or of deletes as one batch; an upsert that changed no row was refused. */
    private BitSet write(Connection connection, List<? extends L> rows) throws SQLException {
        BitSet refused = new BitSet();
        try (PreparedStatement upsert = connection.prepareStatement(upsertSql);
             PreparedStatement delete = connection.prepareStatement(deleteSql)) {
            int start = 0;
            while (start < rows.size()) {
                boolean release = rows.get(start).isRelease();
                int end = start;
                while (end < rows.size() && rows.get(end).isRelease() == release) {
                    if (release) {
                        bindDelete(delete, rows.get(end));
                        delete.addBatch();
                    } else {
                        bindUpsert(upsert, rows.get(end));
                        upsert.addBatch();
                    }
                    end++;
                }
                int[] counts = (release ? delete : upsert).executeBatch();
                if (!release) {
                    for (int i = 0; i < counts.length; i++) {
                        if (counts[i] == 0) {
                            refused.set(start + i);
                        }
                    }
                }
                start = end;
            }
        }
        return refused;
    }

    /**
     * The rows that hold the refused rows' addresses, and the {@value #RUN} - 1 addresses after each,
     * read after the refusing upserts in their transaction (which locked the refused rows, so they
     * are what the guard saw).
     */
    private Map<InetAddress, L> holders(Connection connection, List<? extends L> rows, BitSet refused)
            throws SQLException {
        Set<Object> addresses = new LinkedHashSet<>();
        refused.stream().forEach(index -> {
            for (int after = 0; after < RUN; after++) {
                addresses.add(addressValue(rows.get(index).address(), after));
            }
        });
        Map<InetAddress, L> holders = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(holdersSql)) {
            Array array = connection.createArrayOf(addressType, addresses.toArray());
            select.setArray(1, array);
            for (L holder : rows(select)) {
                holders.put(holder.address(), holder);
            }
            array.free();
        }
        return holders;
    }

    /**
     * Kea's {@code expire}: {@code cltt + valid_lifetime}, but {@code cltt} for an infinite lease
     * (the sum would overflow Kea's time type).
     */
    static Timestamp databaseExpire(Lease row, long infinite) {
        long seconds = row.validLifetime() == infinite ? row.cltt() : row.expire();
        return new Timestamp(seconds * 1000);
    }

    /** The lease's {@code expire} from Kea's: an infinite lease's is {@code cltt + valid_lifetime} again. */
    static long leaseExpire(long validLifetime, long databaseExpire, long infinite) {
        return validLifetime == infinite ? databaseExpire + validLifetime : databaseExpire;
    }

    /** The rows a prepared {@code SELECT} of {@link #read(ResultSet)}'s columns finds. */
    final List<L> rows(PreparedStatement select) throws SQLException {
        List<L> rows = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.add(read(result));
            }
        }
        return rows;
    }

    final PostgresLeaseDatabase database() {
        return database;
    }

    static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** Every row of the table, for the daemon's table at start; returns how many. */
    public int loadAll(Consumer<? super L> rows) throws IOException {
        int count = 0;
        try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            try (ResultSet result = statement.executeQuery(selectSql)) {
                while (result.next()) {
                    rows.accept(read(result));
                    count++;
                }
            }
            connection.rollback();
        } catch (SQLException e) {
            throw new IOException("cannot read " + table + " from the lease database " + database.where() + ": "
                    + PostgresLeaseDatabase.reason(e), e);
        }
        return count;
    }

    /**
     * A condition on the table's rows, for {@link #read}: {@code where} with a {@code ?} for each
     * of {@code values} (bound by pgjdbc's own mapping: text, {@code bytea} from bytes, numbers).
     */
    record Filter(String where, List<Object> values) {
    }

    /** The condition of a key whose columns differ by family (a DUID, a client identifier, a MAC). */
    abstract Filter filter(LeaseSource.Key key);

    /**
     * The rows {@code key} names, at most {@value LeaseSource#DATABASE_LIMIT}, for the lease
     * commands: on the HTTP listener's thread, each statement bounded by {@link #READ_TIMEOUT_SECONDS}.
     */
    public LeaseSource.Read<L> read(LeaseSource.Key key) throws IOException {
        List<L> rows = new ArrayList<>();
        try (Connection connection = database.connection()) {
            Filter filter;
            if (key instanceof LeaseSource.Key.All) {
                filter = new Filter("TRUE", List.of());
            } else if (key instanceof LeaseSource.Key.Address address) {
                filter = new Filter("address = ?", List.of(addressValue(address.address(), 0)));
            } else if (key instanceof LeaseSource.Key.Subnets subnets) {
                filter = new Filter("subnet_id = ANY(?)", List.of(connection.createArrayOf("int8",
                        subnets.ids().toArray())));
            } else if (key instanceof LeaseSource.Key.HwAddress hw) {
                filter = new Filter("hwaddr = ?", List.of(hw.address().toArray()));
            } else {
                filter = filter(key);
            }
            try (PreparedStatement select = connection.prepareStatement(selectSql + " WHERE " + filter.where()
                    + " ORDER BY address LIMIT " + (LeaseSource.DATABASE_LIMIT + 1))) {
                select.setQueryTimeout(READ_TIMEOUT_SECONDS);
                for (int i = 0; i < filter.values().size(); i++) {
                    select.setObject(i + 1, filter.values().get(i));
                }
                rows.addAll(rows(select));
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("cannot read " + table + " from the lease database " + database.where() + ": "
                    + PostgresLeaseDatabase.reason(e), e);
        }
        boolean complete = rows.size() <= LeaseSource.DATABASE_LIMIT;
        return new LeaseSource.Read<>(complete ? rows : rows.subList(0, LeaseSource.DATABASE_LIMIT), complete);
    }

    @Override
    public String describe() {
        return "the lease database " + database.where();
    }

    @Override
    public boolean serving() {
        return database.serving();
    }

    @Override
    public Health health() {
        return database.health();
    }

    @Override
    public long reconnects() {
        return database.reconnects();
    }

    @Override
    public long transactionRetries() {
        return statisticsRetries.sum();
    }

    private static void rollback(Connection connection) {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the pool drops it
            }
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // returned to the pool or already gone
            }
        }
    }
}
