package io.tandem.common.leasedb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tandem.common.config.PostgresqlDatabase;
import io.tandem.common.ops.Health;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to a PostgreSQL lease database in Kea 2.2's schema, shared by the daemon's
 * lease store and its reads: a small HikariCP pool over pgjdbc, the schema version checked once at
 * start, and Kea's reconnection policy when the connection is lost ({@code max-reconnect-tries}
 * tries, {@code reconnect-wait-time} apart, then {@code on-fail}). Tables are never created or
 * altered here: {@code kea-admin db-init pgsql} does that.
 */
public final class PostgresLeaseDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresLeaseDatabase.class);
    /** Kea 2.2's schema ({@code PGSQL_SCHEMA_VERSION_MAJOR}.{@code _MINOR}): the only one whose columns Tandem writes. */
    public static final int SCHEMA_MAJOR = 13;
    public static final int SCHEMA_MINOR = 0;

    private final PostgresqlDatabase config;
    private final String logPrefix;
    private final HikariDataSource pool;
    private final Runnable giveUp;
    /** Why the database is away; null while it is reachable. */
    private volatile String away;
    /** Set once the reconnection tries are spent and {@code on-fail} says exit. */
    private volatile String fatal;
    private Thread reconnecting;
    /** Times the database was back after it was lost. */
    private long reconnects;

    private PostgresLeaseDatabase(PostgresqlDatabase config, String logPrefix, HikariDataSource pool, Runnable giveUp) {
        this.config = config;
        this.logPrefix = logPrefix;
        this.pool = pool;
        this.giveUp = giveUp;
    }

    /**
     * Connects and checks the schema version. Like Kea 2.2 at start, a database that cannot be
     * reached is fatal (whatever {@code on-fail} says: it applies to a connection lost later).
     *
     * @param giveUp called (from the reconnection thread) when the tries are spent and {@code on-fail} says exit
     * @throws IOException with a message naming the database (never its password) and the cause
     */
    public static PostgresLeaseDatabase open(PostgresqlDatabase config, String application, String logPrefix,
                                             Runnable giveUp) throws IOException {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(application + "-leases");
        hikari.setJdbcUrl("jdbc:postgresql://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host())
                + ":" + config.port() + "/" + config.name());
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
        }
        if (!config.password().isEmpty()) {
            hikari.setPassword(config.password());
        }
        hikari.setAutoCommit(false);
        hikari.setMaximumPoolSize(3);
        hikari.setMinimumIdle(1);
        // connect-timeout bounds the TCP connect (pgjdbc's connectTimeout, as libpq's); the wait for a
        // pooled connection also covers the login, so it gets twice that. 0 is "no timeout" in both.
        hikari.setConnectionTimeout(config.connectTimeout().isZero() ? 0
                : Math.max(1000, 2 * config.connectTimeout().toMillis()));
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("connectTimeout", Long.toString(config.connectTimeout().toSeconds()));
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        // Per-row update counts are checked: batched statements are not rewritten into one multi-row INSERT.
        hikari.addDataSourceProperty("reWriteBatchedInserts", "false");
        hikari.addDataSourceProperty("ApplicationName", application);
        HikariDataSource pool = new HikariDataSource(hikari);
        PostgresLeaseDatabase database = new PostgresLeaseDatabase(config, logPrefix, pool, giveUp);
        try (Connection connection = pool.getConnection()) {
            database.checkSchema(connection);
        } catch (SQLException e) {
            pool.close();
            throw new IOException("cannot use the lease database " + config.where() + (config.user().isEmpty() ? ""
                    : " as " + config.user()) + ": " + reason(e), e);
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw e;
        }
        log.info("{}_DB_CONNECTED {} (Kea schema {}.{})", logPrefix, config.where(), SCHEMA_MAJOR, SCHEMA_MINOR);
        return database;
    }

    private void checkSchema(Connection connection) throws SQLException, IOException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT version, minor FROM schema_version")) {
            if (!row.next()) {
                throw new IOException("the lease database " + config.where() + " has an empty schema_version table;"
                        + " Tandem needs Kea's schema " + SCHEMA_MAJOR + "." + SCHEMA_MINOR);
            }
            int major = row.getInt(1);
            int minor = row.getInt(2);
            if (major != SCHEMA_MAJOR || minor != SCHEMA_MINOR) {
                throw new IOException("the lease database " + config.where() + " has Kea's schema version " + major + "."
                        + minor + "; Tandem needs " + SCHEMA_MAJOR + "." + SCHEMA_MINOR + " (Kea 2.2's, made by"
                        + " kea-admin db-init pgsql and kea-admin db-upgrade pgsql of Kea 2.2)");
            }
        } finally {
            connection.rollback();
        }
    }

    /** The configuration, for {@link #where()} and the policy. */
    public PostgresqlDatabase config() {
        return config;
    }

    public String where() {
        return config.where();
    }

    /** A pooled connection (auto-commit off); fails at once while the database is known to be away and reconnection runs. */
    Connection connection() throws SQLException {
        String reason = away;
        if (reason != null && isReconnecting()) {
            throw new SQLTransientConnectionException("the lease database is away (" + reason + "); reconnecting");
        }
        Connection connection = pool.getConnection();
        if (reason != null) {
            reconnected();
        }
        return connection;
    }

    /** Whether Advertise, Offer and other answers without lease rows go out: always while the database is reachable. */
    public boolean serving() {
        return away == null || config.onFail().serves();
    }

    /** Degraded with the reason while the database is away. */
    public Health health() {
        String reason = away;
        return reason == null ? Health.OK : Health.degraded("the lease database " + config.where() + " is unreachable ("
                + reason + "); lease-changing exchanges are not answered");
    }

    /** Why the daemon must exit (the tries spent, {@code on-fail} says exit), if it must. */
    public Optional<String> fatal() {
        return Optional.ofNullable(fatal);
    }

    /**
     * A statement failed: when the connection is gone (SQL state class 08, a closed or invalid
     * connection), the database is away and Kea's reconnection starts. Returns whether it was that.
     */
    boolean lost(Connection connection, SQLException e) {
        boolean gone = e instanceof SQLTransientConnectionException
                || e.getSQLState() != null && e.getSQLState().startsWith("08");
        if (!gone) {
            try {
                gone = connection == null || !connection.isValid(1);
            } catch (SQLException invalid) {
                gone = true;
            }
        }
        if (gone) {
            markAway(reason(e));
        }
        return gone;
    }

    private synchronized void markAway(String reason) {
        if (away == null) {
            log.error("{}_DB_CONNECTION_LOST {}: {}; on-fail {}, {} reconnection tries {} ms apart", logPrefix,
                    config.where(), reason, config.onFail().label(), config.maxReconnectTries(),
                    config.reconnectWait().toMillis());
        }
        away = reason;
        pool.getHikariPoolMXBean().softEvictConnections();
        if (reconnecting == null || !reconnecting.isAlive()) {
            reconnecting = new Thread(this::reconnect, "lease-db-reconnect");
            reconnecting.setDaemon(true);
            reconnecting.start();
        }
    }

    /** Times the database was connected again after it was lost, since the start. */
    public synchronized long reconnects() {
        return reconnects;
    }

    private synchronized boolean isReconnecting() {
        return reconnecting != null && reconnecting.isAlive();
    }

    private synchronized void reconnected() {
        if (away != null) {
            away = null;
            reconnects++;
            log.info("{}_DB_RECONNECTED {}", logPrefix, config.where());
        }
    }

    /** Kea's reconnection: up to {@code max-reconnect-tries} tries, {@code reconnect-wait-time} apart, then {@code on-fail}. */
    private void reconnect() {
        for (long attempt = 1; attempt <= config.maxReconnectTries(); attempt++) {
            try {
                Thread.sleep(config.reconnectWait().toMillis());
            } catch (InterruptedException e) {
                return;
            }
            try (Connection connection = pool.getConnection()) {
                connection.rollback();
                reconnected();
                return;
            } catch (SQLException e) {
                away = reason(e);
                log.warn("{}_DB_RECONNECT_ATTEMPT_FAILED {} try {} of {}: {}", logPrefix, config.where(), attempt,
                        config.maxReconnectTries(), away);
            }
        }
        if (config.onFail().exits()) {
            fatal = "the lease database " + config.where() + " is still unreachable after " + config.maxReconnectTries()
                    + " reconnection tries (" + away + "); on-fail " + config.onFail().label() + " stops the server";
            log.error("{}_DB_RECONNECT_FAILED {}", logPrefix, fatal);
            giveUp.run();
        } else {
            log.error("{}_DB_RECONNECT_FAILED {} still unreachable after {} tries; on-fail {}: serving on, each lease"
                    + " write tries the database again", logPrefix, config.where(), config.maxReconnectTries(),
                    config.onFail().label());
        }
    }

    /** The database's own words (pgjdbc's message), without a Java class name. */
    static String reason(SQLException e) {
        Throwable cause = e;
        while (cause.getCause() instanceof SQLException deeper) {
            cause = deeper;
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.strip();
    }

    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            thread = reconnecting;
        }
        if (thread != null) {
            thread.interrupt();
        }
        pool.close();
    }
}
