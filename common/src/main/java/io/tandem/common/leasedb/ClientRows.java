package io.tandem.common.leasedb;

import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.lease.Lease;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows of clients a daemon holds nothing of, read from its table with one prepared statement
 * for every client waiting ({@code ... WHERE duid = ANY(?)}), on an index Kea's schema has, in a
 * transaction of its own on a pooled connection. A lost connection starts Kea's reconnection, as
 * a failed commit does.
 *
 * @param <L> the lease record
 * @param <K> what a client is looked up by
 */
final class ClientRows<L extends Lease, K> implements ClientLookup.Finder<L, K> {
    /** Sets the statement's parameters for these clients. */
    @FunctionalInterface
    interface Binder<K> {
        void bind(Connection connection, PreparedStatement statement, List<K> clients) throws SQLException;
    }

    private final PostgresLeaseStore<L> store;
    private final String sql;
    private final Binder<K> binder;

    /** @param sql the store's {@code SELECT} of every column with a {@code WHERE} on the clients */
    ClientRows(PostgresLeaseStore<L> store, String sql, Binder<K> binder) {
        this.store = store;
        this.sql = sql;
        this.binder = binder;
    }

    @Override
    public List<L> find(List<K> clients) throws IOException {
        Connection connection = null;
        try {
            connection = store.database().connection();
            List<L> rows;
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                binder.bind(connection, select, clients);
                rows = store.rows(select);
            }
            connection.rollback();
            return rows;
        } catch (SQLException e) {
            store.database().lost(connection, e);
            throw new IOException(PostgresLeaseDatabase.reason(e), e);
        } finally {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // returned to the pool or already gone
                }
            }
        }
    }

    @Override
    public boolean reachable() {
        return store.database().health().ok();
    }
}
