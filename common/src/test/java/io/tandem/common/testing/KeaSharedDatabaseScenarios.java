package io.tandem.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Tandem server and Kea 2.2's on one PostgreSQL lease database in Kea's schema (a throwaway
 * {@link PostgresCluster}), through the scenarios every family must pass: clients bound at one
 * renew and then rebind at the other and keep their addresses, both ways, and also at a Tandem
 * server started after Kea bound them (which read Kea's rows at start; the one started before holds
 * none of them in memory); after each round the table has the same rows, each address held by the
 * same client in the same subnet and state, with {@code expire} moved forward. A subclass starts
 * the servers and speaks its family (DHCPv6, or DHCPv4 over DHCPv6). Needs root (the cluster runs
 * as {@code postgres}), {@code postgresql-15} and {@code kea-admin}.
 *
 * @param <S> a server (or a pair) the test started
 * @param <A> a client's address
 */
@Tag("system")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
public abstract class KeaSharedDatabaseScenarios<S extends KeaSharedDatabaseScenarios.Server, A> {
    protected static final int CLIENTS = 8;

    @RegisterExtension
    protected static final PostgresCluster.PerClass DATABASE = new PostgresCluster.PerClass();

    /** A server or a pair that a test started; closing it stops it. */
    public interface Server extends AutoCloseable {
        String name();

        /** Its output, for a failure message. */
        String output() throws IOException;

        @Override
        void close();
    }

    /** A row of the table: who holds the address, in which subnet and state ({@code holder}); its {@code expire}. */
    public record Row(Object holder, long expire) {
    }

    /** Tandem's server, on the database of {@link #DATABASE}. */
    protected abstract S tandem() throws Exception;

    /** Kea's, on the same database. */
    protected abstract S kea() throws Exception;

    /** Binds {@code client} at {@code server}, retrying while it warms up (bounded): the address. */
    protected abstract A bind(S server, int client) throws Exception;

    /**
     * The client's Renew ({@code renew}) or Rebind for {@code address} at {@code server}, which must
     * answer with that address, and no other, for the configured lifetime.
     */
    protected abstract void extend(S server, int client, A address, boolean renew) throws Exception;

    /** What the row of {@code client}'s address must hold (who, subnet, state). */
    protected abstract Object holder(int client);

    /**
     * The SQL that reads the family's table: the address first, {@code expire} as epoch seconds last,
     * and between them what {@link #holder(String[])} reads.
     */
    protected abstract String tableQuery();

    /** The address of a row, from the table's first column. */
    protected abstract A address(String column);

    /** What a row holds (the same as {@link #holder(int)} for the client's row), from its columns. */
    protected abstract Object holder(String[] columns);

    @Test
    void clientsBoundByTandemRenewAndRebindAtKea() throws Exception {
        try (S tandem = tandem(); S kea = kea()) {
            renewAndRebind(kea, bindAll(tandem));
        }
    }

    /** Tandem's server started before Kea bound them: it holds none of these leases in memory when they come. */
    @Test
    void clientsBoundByKeaRenewAndRebindAtTandem() throws Exception {
        try (S kea = kea(); S tandem = tandem()) {
            renewAndRebind(tandem, bindAll(kea));
        }
    }

    /** Tandem's server started after Kea bound them: it read Kea's rows into memory at start. */
    @Test
    void clientsBoundByKeaBeforeTandemStartedRenewAndRebindAtTandem() throws Exception {
        try (S kea = kea()) {
            Map<Integer, A> bound = bindAll(kea);
            try (S tandem = tandem()) {
                renewAndRebind(tandem, bound);
            }
        }
    }

    /** Binds every client at {@code binder}, which must write one row for each, as Kea reads it; the addresses. */
    private Map<Integer, A> bindAll(S binder) throws Exception {
        Map<Integer, A> bound = new LinkedHashMap<>();
        for (int client = 0; client < CLIENTS; client++) {
            bound.put(client, bind(binder, client));
        }
        assertEquals(CLIENTS, bound.values().stream().distinct().count(), "no address given twice: " + bound);
        Map<A, Row> written = table();
        assertEquals(CLIENTS, written.size(), binder.name() + " wrote one row per client: " + written);
        for (Map.Entry<Integer, A> entry : bound.entrySet()) {
            Row row = written.get(entry.getValue());
            assertEquals(holder(entry.getKey()), row == null ? null : row.holder(),
                    "the row " + binder.name() + " wrote for client " + entry.getKey());
        }
        return bound;
    }

    /** Every client's Renew, then its Rebind, at {@code server}, each round checked in the table. */
    private void renewAndRebind(S server, Map<Integer, A> bound) throws Exception {
        Map<A, Row> renewed = extendAll(server, bound, table(), true);
        extendAll(server, bound, renewed, false);
    }

    private Map<A, Row> extendAll(S server, Map<Integer, A> bound, Map<A, Row> before, boolean renew)
            throws Exception {
        String round = (renew ? "the renewals" : "the rebinds") + " at " + server.name();
        // expire has whole seconds: extend in a later second than the rows were written
        Thread.sleep(1100);
        for (Map.Entry<Integer, A> entry : bound.entrySet()) {
            extend(server, entry.getKey(), entry.getValue(), renew);
        }
        Map<A, Row> after = table();
        assertEquals(before.keySet(), after.keySet(), round + " made no other row");
        for (Map.Entry<A, Row> row : after.entrySet()) {
            Row earlier = before.get(row.getKey());
            assertEquals(earlier.holder(), row.getValue().holder(), "the same client holds " + row.getKey());
            assertTrue(row.getValue().expire() > earlier.expire(), round + " moved expire of " + row.getKey()
                    + " forward: " + earlier + " -> " + row.getValue());
        }
        return after;
    }

    /** The family's table now, by address. */
    private Map<A, Row> table() throws IOException, InterruptedException {
        Map<A, Row> rows = new HashMap<>();
        for (String line : DATABASE.cluster().sql(tableQuery()).lines().toList()) {
            String[] columns = line.split("\\|");
            rows.put(address(columns[0]), new Row(holder(columns), Long.parseLong(columns[columns.length - 1])));
        }
        return rows;
    }

    /** The last {@code characters} of {@code output}, for a failure message. */
    protected static String tail(String output, int characters) {
        return output.length() > characters ? output.substring(output.length() - characters) : output;
    }
}
