package io.tandem.common.leasedb;

import io.tandem.common.daemon.LeaseStore;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.ops.Health;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * dhcp6d's bindings in Kea 2.2's {@code lease6} table, written as Kea's {@code PgSqlLeaseMgr}
 * writes them: the address as compressed text, {@code expire} as {@code cltt + valid_lifetime}
 * ({@code cltt} for an infinite lifetime), the IAID as a signed INT, an empty {@code hwaddr} with
 * type and source 0 when there is none, the user context as text or empty.
 * <p>
 * Every row of a batch is written in one transaction on the writer thread. A binding is an upsert
 * guarded for several servers: it replaces the address's row only when that row is the same
 * client's (DUID and IAID, or the same hardware address: dhcp6d's MAC-derived addresses follow
 * the MAC through its DUIDs), or has expired, or was reclaimed. A row the guard leaves alone is
 * reported refused, and its reply does not leave. A release (valid lifetime 0) deletes the
 * client's row, as Kea does, and only that client's.
 */
public final class PostgresLeaseStore6 implements LeaseStore<Lease6> {
    private static final String COLUMNS = "address, duid, valid_lifetime, expire, subnet_id, pref_lifetime, lease_type,"
            + " iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, hwaddr, hwtype, hwaddr_source, state, user_context";
    static final String UPSERT = "INSERT INTO lease6 (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?) ON CONFLICT (address) DO UPDATE SET duid = EXCLUDED.duid, valid_lifetime = EXCLUDED.valid_lifetime,"
            + " expire = EXCLUDED.expire, subnet_id = EXCLUDED.subnet_id, pref_lifetime = EXCLUDED.pref_lifetime,"
            + " lease_type = EXCLUDED.lease_type, iaid = EXCLUDED.iaid, prefix_len = EXCLUDED.prefix_len,"
            + " fqdn_fwd = EXCLUDED.fqdn_fwd, fqdn_rev = EXCLUDED.fqdn_rev, hostname = EXCLUDED.hostname,"
            + " hwaddr = EXCLUDED.hwaddr, hwtype = EXCLUDED.hwtype, hwaddr_source = EXCLUDED.hwaddr_source,"
            + " state = EXCLUDED.state, user_context = EXCLUDED.user_context"
            + " WHERE (lease6.duid = EXCLUDED.duid AND lease6.iaid = EXCLUDED.iaid)"
            + " OR (length(EXCLUDED.hwaddr) > 0 AND lease6.hwaddr = EXCLUDED.hwaddr)"
            + " OR lease6.state = 2"
            + " OR (lease6.valid_lifetime <> 4294967295 AND lease6.expire < now())";
    static final String DELETE = "DELETE FROM lease6 WHERE address = ? AND duid = ? AND iaid = ?";
    static final String SELECT = "SELECT address, duid, valid_lifetime, extract(epoch FROM expire)::bigint, subnet_id,"
            + " pref_lifetime, lease_type, iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, hwaddr, hwtype, hwaddr_source,"
            + " state, user_context FROM lease6";

    private final PostgresLeaseDatabase database;

    public PostgresLeaseStore6(PostgresLeaseDatabase database) {
        this.database = database;
    }

    @Override
    public BitSet record(List<? extends Lease6> rows) throws IOException {
        Connection connection = null;
        try {
            connection = database.connection();
            BitSet refused = write(connection, rows);
            connection.commit();
            return refused;
        } catch (SQLException e) {
            rollback(connection);
            boolean lost = database.lost(connection, e);
            throw new IOException((lost ? "" : "the transaction failed: ") + PostgresLeaseDatabase.reason(e), e);
        } finally {
            close(connection);
        }
    }

    /**
     * Runs the rows in order, each run of upserts or of deletes as one JDBC batch; an upsert that
     * changed no row was refused by the guard.
     */
    private static BitSet write(Connection connection, List<? extends Lease6> rows) throws SQLException {
        BitSet refused = new BitSet();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
             PreparedStatement delete = connection.prepareStatement(DELETE)) {
            int start = 0;
            while (start < rows.size()) {
                boolean release = rows.get(start).isRelease();
                int end = start;
                while (end < rows.size() && rows.get(end).isRelease() == release) {
                    Lease6 row = rows.get(end);
                    if (release) {
                        delete.setString(1, Addresses.text(row.address()));
                        delete.setBytes(2, row.duid().toArray());
                        delete.setInt(3, (int) row.iaid());
                        delete.addBatch();
                    } else {
                        bind(upsert, row);
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

    /** The 17 columns of Kea 2.2's {@code lease6}, as {@code PgSqlLease6Exchange::createBindForSend} fills them. */
    static void bind(PreparedStatement statement, Lease6 row) throws SQLException {
        statement.setString(1, Addresses.text(row.address()));
        statement.setBytes(2, row.duid().toArray());
        statement.setLong(3, row.validLifetime());
        statement.setTimestamp(4, new Timestamp(databaseExpire(row.validLifetime(), row.expire()) * 1000));
        statement.setLong(5, row.subnetId());
        statement.setLong(6, row.preferredLifetime());
        statement.setShort(7, (short) row.type().code());
        statement.setInt(8, (int) row.iaid());
        statement.setShort(9, (short) row.prefixLength());
        statement.setBoolean(10, row.fqdnForward());
        statement.setBoolean(11, row.fqdnReverse());
        statement.setString(12, row.hostname());
        Optional<HardwareAddress> hardware = row.hardwareAddress();
        statement.setBytes(13, hardware.map(address -> address.address().toArray()).orElse(new byte[0]));
        statement.setShort(14, (short) hardware.map(HardwareAddress::type).orElse(0).intValue());
        statement.setInt(15, hardware.map(address -> address.source().code()).orElse(0));
        statement.setInt(16, row.state().code());
        statement.setString(17, row.userContext());
    }

    /** Kea stores {@code cltt} as the expiry of an infinite lease (cltt + 0xffffffff would overflow its time type). */
    static long databaseExpire(long validLifetime, long expire) {
        return validLifetime == Lease6.INFINITE_LIFETIME ? expire - validLifetime : expire;
    }

    /** Every row of {@code lease6}, oldest first as the database gives them, for the daemon's table at start. */
    public int loadAll(Consumer<? super Lease6> rows) throws IOException {
        int count = 0;
        try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            try (ResultSet result = statement.executeQuery(SELECT)) {
                while (result.next()) {
                    rows.accept(read(result));
                    count++;
                }
            }
            connection.rollback();
        } catch (SQLException e) {
            throw new IOException("cannot read lease6 from the lease database " + database.where() + ": "
                    + PostgresLeaseDatabase.reason(e), e);
        }
        return count;
    }

    /** One row as Kea's {@code convertFromDatabase} reads it. */
    static Lease6 read(ResultSet row) throws SQLException {
        long validLifetime = row.getLong(3);
        long expire = row.getLong(4);
        if (validLifetime == Lease6.INFINITE_LIFETIME) {
            expire += validLifetime;
        }
        byte[] hwaddr = row.getBytes(13);
        Optional<HardwareAddress> hardware = hwaddr == null || hwaddr.length == 0 ? Optional.empty()
                : Optional.of(new HardwareAddress(Bytes.of(hwaddr), row.getInt(14), HwAddrSource.of(row.getInt(15))));
        String userContext = row.getString(17);
        return new Lease6(Addresses.parse6(row.getString(1)), Bytes.of(row.getBytes(2)), validLifetime, expire,
                row.getLong(5), row.getLong(6), LeaseType.of(row.getInt(7)), Integer.toUnsignedLong(row.getInt(8)),
                row.getInt(9), row.getBoolean(10), row.getBoolean(11), nullToEmpty(row.getString(12)), hardware,
                LeaseState.of(row.getInt(16)), nullToEmpty(userContext));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
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
