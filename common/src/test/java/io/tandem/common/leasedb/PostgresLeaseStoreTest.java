package io.tandem.common.leasedb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.config.PostgresqlDatabase;
import io.tandem.common.config.PostgresqlDatabase.OnFail;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.daemon.LeaseStore;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv4;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.lease.LoadedLeases;
import io.tandem.common.ops.LeaseSource;
import io.tandem.common.testing.PostgresCluster;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d's lease rows in Kea 2.2's {@code lease6} table and dhcp4o6d's in {@code lease4}, in a
 * throwaway PostgreSQL cluster: read back by Kea's own {@code kea-admin lease-dump} as the same
 * leases, the several-writers guard, the errors at start, and a database stopped and started again.
 */
@Tag("system")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresLeaseStoreTest {
    private static final Bytes MAC = Bytes.fromHex("52:54:00:12:34:56");
    @RegisterExtension
    static final PostgresCluster.PerClass DATABASE = new PostgresCluster.PerClass();

    @TempDir
    Path directory;

    private static PostgresCluster cluster() {
        return DATABASE.cluster();
    }

    private static PostgresqlDatabase config(String password, int port, long tries, OnFail onFail) {
        return new PostgresqlDatabase(PostgresCluster.DATABASE, "127.0.0.1", port, PostgresCluster.USER, password,
                Duration.ofSeconds(5), tries, Duration.ofMillis(200), onFail);
    }

    private static PostgresLeaseDatabase open(Runnable giveUp, long tries) throws IOException {
        return PostgresLeaseDatabase.open(config(PostgresCluster.PASSWORD, cluster().port(), tries, OnFail.SERVE_RETRY_EXIT),
                "tandem-test", "TEST", giveUp);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static Lease6 lease(String address, String duid, long iaid, long expire, Optional<Bytes> mac) {
        return new Lease6(Addresses.parse6(address), Bytes.fromHex(duid), 4000, expire, 7, 3000, LeaseType.NA, iaid, 128,
                false, false, "", mac.map(bytes -> HardwareAddress.ethernet(bytes, HwAddrSource.DUID)), LeaseState.DEFAULT,
                "");
    }

    /** Rows with every column Kea fills: a host name that needs escaping, a user context, PD, infinite and high IAID. */
    private static List<Lease6> variedRows() {
        long expire = now() + 4000;
        return List.of(
                lease("2001:db8:1::100", "000300015254001234 56".replace(" ", ""), 1, expire, Optional.of(MAC)),
                new Lease6(Addresses.parse6("2001:db8:0:0:1:0:0:1"), Bytes.fromHex("00010001aabbccdd0011223344"), 7200,
                        expire + 3200, 12, 3600, LeaseType.NA, 0xfffffffeL, 128, true, true, "host,one.example.org",
                        Optional.empty(), LeaseState.DEFAULT, "{ \"comment\": \"a, b\" }"),
                new Lease6(Addresses.parse6("2001:db8:8000:100::"), Bytes.fromHex("000200000009abcdef"), 4000, expire, 2,
                        3000, LeaseType.PD, 2, 56, false, false, "", Optional.empty(), LeaseState.DEFAULT, ""),
                new Lease6(Addresses.parse6("2001:db8:1::7"), Bytes.fromHex("0003000152540012ffff"),
                        Lease6.INFINITE_LIFETIME, now() + Lease6.INFINITE_LIFETIME, 7, Lease6.INFINITE_LIFETIME,
                        LeaseType.NA, 3, 128, false, false, "", Optional.of(HardwareAddress.ethernet(
                        Bytes.fromHex("52:54:00:12:ff:ff"), HwAddrSource.IPV6_LINK_LOCAL)), LeaseState.DEFAULT, ""));
    }

    private static List<Lease6> sorted(List<Lease6> leases) {
        List<Lease6> copy = new ArrayList<>(leases);
        copy.sort(Comparator.comparing(lease -> Addresses.text(lease.address())));
        return copy;
    }

    @Test
    void rowsReadBackByTandemAndByKeaAsTheSameLeases() throws Exception {
        List<Lease6> rows = variedRows();
        try (PostgresLeaseDatabase database = open(() -> { }, 0)) {
            PostgresLeaseStore6 store = new PostgresLeaseStore6(database);
            assertEquals(new BitSet(), store.record(rows).refused());
            List<Lease6> loaded = new ArrayList<>();
            assertEquals(rows.size(), store.loadAll(loaded::add));
            assertEquals(sorted(rows), sorted(loaded));
        }
        assertEquals(Set.of("2001:db8::1:0:0:1", "2001:db8:1::100", "2001:db8:1::7", "2001:db8:8000:100::"),
                Set.copyOf(cluster().sql("SELECT address FROM lease6").lines().toList()), "addresses in Kea's compressed text");
        assertEquals("\\x|0|0|{ \"comment\": \"a, b\" }", cluster().sql("SELECT hwaddr, hwtype, hwaddr_source, user_context FROM lease6"
                + " WHERE address = '2001:db8::1:0:0:1'"), "no hardware address: empty, type and source 0, as Kea");
        assertEquals("-2", cluster().sql("SELECT iaid FROM lease6 WHERE address = '2001:db8::1:0:0:1'"),
                "the IAID as Kea's signed INT");
        Path dump = directory.resolve("dump6.csv");
        keaAdmin("lease-dump", "pgsql", "-6", "-o", dump.toString());
        // Kea's dump is the columns as they are: the rows an infinite lifetime or an IAID over 2^31
        // put in Kea's database form (expire = cltt, a negative INT) are not memfile rows, as with
        // rows kea-dhcp6 writes itself; the others read back as the same leases.
        LoadedLeases<Lease6> dumped = LeaseFile.load(dump, LeaseCsv6.INSTANCE);
        Lease6 infinite = rows.get(3);
        assertEquals(sorted(List.of(rows.get(0), rows.get(2))), sorted(dumped.leases()), dumped.problems().toString());
        String text = Files.readString(dump);
        assertTrue(text.contains("2001:db8:1::7,00:03:00:01:52:54:00:12:ff:ff,4294967295," + infinite.cltt() + ","),
                text);
        assertTrue(text.contains("2001:db8::1:0:0:1,00:01:00:01:aa:bb:cc:dd:00:11:22:33:44,7200," + rows.get(1).expire()
                + ",12,3600,0,-2,128,1,1,host&#x2cone.example.org,,0,{ \"comment\": \"a&#x2c b\" },0,0"), text);
    }

    @Test
    void leases4ReadBackByKeaWithTheAddressAsANumberAndTheSameGuard() throws Exception {
        long expire = now() + 4000;
        Lease4 byMac = new Lease4(Addresses.parse4("192.0.2.10"), Bytes.fromHex("52:54:00:12:34:56"), Bytes.EMPTY, 4000,
                expire, 9, false, false, "", LeaseState.DEFAULT, "");
        Lease4 byClientId = new Lease4(Addresses.parse4("192.0.2.200"), Bytes.fromHex("52:54:00:12:34:57"),
                Bytes.fromHex("01:52:54:00:12:34:57"), 7200, expire + 3200, 9, true, true, "four.example.org",
                LeaseState.DEFAULT, "{ \"site\": 4 }");
        try (PostgresLeaseDatabase database = open(() -> { }, 0)) {
            PostgresLeaseStore4 store = new PostgresLeaseStore4(database);
            assertEquals(new BitSet(), store.record(List.of(byMac, byClientId)).refused());
            LeaseStore.Recorded<Lease4> refused = store.record(List.of(new Lease4(Addresses.parse4("192.0.2.10"),
                    Bytes.fromHex("52:54:00:12:34:99"), Bytes.EMPTY, 4000, expire, 9, false, false, "", LeaseState.DEFAULT,
                    "")));
            assertEquals(1, refused.refused().cardinality(), "another client's lease of an address in use is refused");
            assertEquals(Map.of(byMac.address(), byMac), refused.holders(), "with the row that holds the address; the"
                    + " other row is not among the 63 addresses after it");
            List<Lease4> loaded = new ArrayList<>();
            assertEquals(2, store.loadAll(loaded::add));
            assertEquals(Set.of(byMac, byClientId), Set.copyOf(loaded));
        }
        assertEquals(Set.of("3221225994", "3221226184"), Set.copyOf(cluster().sql("SELECT address FROM lease4").lines()
                .toList()), "the address as Kea's number");
        Path dump = directory.resolve("dump4.csv");
        keaAdmin("lease-dump", "pgsql", "-4", "-o", dump.toString());
        LoadedLeases<Lease4> dumped = LeaseFile.load(dump, LeaseCsv4.INSTANCE);
        assertEquals(Set.of(byMac, byClientId), Set.copyOf(dumped.leases()), dumped.problems() + "\n"
                + Files.readString(dump));
    }

    @Test
    void anAddressHeldByAnotherClientIsRefusedUntilItExpires() throws Exception {
        long future = now() + 4000;
        try (PostgresLeaseDatabase database = open(() -> { }, 0)) {
            PostgresLeaseStore6 store = new PostgresLeaseStore6(database);
            assertEquals(new BitSet(), store.record(List.of(
                    lease("2001:db8:1::100", "000300015254001234aa", 1, future, Optional.empty()),
                    lease("2001:db8:1::101", "000300015254001234bb", 1, now() - 10, Optional.empty()),
                    lease("2001:db8:1::102", "00030001525400123456", 1, future, Optional.of(MAC)))).refused());
            LeaseStore.Recorded<Lease6> recorded = store.record(List.of(
                    lease("2001:db8:1::100", "000300015254001234cc", 1, future, Optional.empty()),
                    lease("2001:db8:1::100", "000300015254001234aa", 1, future + 10, Optional.empty()),
                    lease("2001:db8:1::101", "000300015254001234cc", 1, future, Optional.empty()),
                    lease("2001:db8:1::102", "0001000100000001525400123456", 9, future, Optional.of(MAC)),
                    lease("2001:db8:1::100", "000300015254001234aa", 2, future, Optional.empty())));
            BitSet expected = new BitSet();
            expected.set(0);
            expected.set(4);
            assertEquals(lease("2001:db8:1::100", "000300015254001234aa", 1, future + 10, Optional.empty()),
                    recorded.holders().get(Addresses.parse6("2001:db8:1::100")), "the row that holds the refused"
                    + " address, as the transaction left it");
            assertEquals(Set.of(Addresses.parse6("2001:db8:1::100"), Addresses.parse6("2001:db8:1::101"),
                    Addresses.parse6("2001:db8:1::102")), recorded.holders().keySet(),
                    "with the rows of the addresses after it");
            assertEquals(expected, recorded.refused(), "another DUID and another IA of the client are refused; the same client,"
                    + " an expired row and the same MAC under another DUID are not");
            assertEquals("000300015254001234aa|" + (future + 10), cluster().sql("SELECT encode(duid, 'hex'),"
                    + " extract(epoch FROM expire)::bigint FROM lease6 WHERE address = '2001:db8:1::100'"));
            store.record(List.of(lease("2001:db8:1::100", "000300015254001234cc", 1, future, Optional.empty()).released()));
            assertEquals("1", cluster().sql("SELECT count(*) FROM lease6 WHERE address = '2001:db8:1::100'"),
                    "another client's release leaves the row");
            store.record(List.of(lease("2001:db8:1::100", "000300015254001234aa", 1, future, Optional.empty()).released()));
            assertEquals("0", cluster().sql("SELECT count(*) FROM lease6 WHERE address = '2001:db8:1::100'"),
                    "the client's release deletes its row, as Kea does");
        }
    }

    /**
     * Kea's reclamation in one statement: an expired row is marked reclaimed (state 2), a reclaimed
     * row expired for longer than hold-reclaimed-time is deleted; live rows, infinite ones and a
     * row reclaimed a short while ago stay.
     */
    @Test
    void expiredRowsAreMarkedReclaimedAndDeletedAfterTheHoldTime() throws Exception {
        long now = now();
        Lease6 live = lease("2001:db8:1::1", "00030001525400120001", 1, now + 4000, Optional.empty());
        Lease6 expired = lease("2001:db8:1::2", "00030001525400120002", 1, now - 10, Optional.empty());
        Lease6 longExpired = lease("2001:db8:1::3", "00030001525400120003", 1, now - 7200, Optional.empty());
        Lease6 reclaimedLongAgo = reclaimed("2001:db8:1::4", "00030001525400120004", now - 7200);
        Lease6 reclaimedLately = reclaimed("2001:db8:1::5", "00030001525400120005", now - 600);
        Lease6 infinite = new Lease6(Addresses.parse6("2001:db8:1::6"), Bytes.fromHex("00030001525400120006"),
                Lease6.INFINITE_LIFETIME, now - 7200 + Lease6.INFINITE_LIFETIME, 7, Lease6.INFINITE_LIFETIME,
                LeaseType.NA, 1, 128, false, false, "", Optional.empty(), LeaseState.DEFAULT, "");
        try (PostgresLeaseDatabase database = open(() -> { }, 0)) {
            PostgresLeaseStore6 store = new PostgresLeaseStore6(database);
            store.record(List.of(live, expired, longExpired, reclaimedLongAgo, reclaimedLately, infinite));
            assertEquals(new LeaseStore.Reclaimed(2, 1), store.reclaimExpired());
            assertEquals("2001:db8:1::1|0\n2001:db8:1::2|2\n2001:db8:1::3|2\n2001:db8:1::5|2\n2001:db8:1::6|0",
                    cluster().sql("SELECT address, state FROM lease6 ORDER BY address"));
            assertEquals(new LeaseStore.Reclaimed(0, 1), store.reclaimExpired(), "the long expired row, reclaimed"
                    + " by the first run, goes at the next");
            assertEquals(new LeaseStore.Reclaimed(0, 0), store.reclaimExpired());
        }
        assertEquals("2", cluster().sql("SELECT leases FROM lease6_stat WHERE subnet_id = 7 AND lease_type = 0"
                + " AND state = 0"), "Kea's counters follow: the live and the infinite lease");
    }

    /** The daemons' writer thread runs the reclamation by itself, between commits. */
    @Test
    void theWriterThreadReclaimsExpiredRowsByItself() throws Exception {
        try (PostgresLeaseDatabase database = open(() -> { }, 0)) {
            PostgresLeaseStore6 store = new PostgresLeaseStore6(database);
            store.record(List.of(lease("2001:db8:1::2", "00030001525400120002", 1, now() - 10, Optional.empty())));
            LeaseCommit<Lease6> commit = LeaseCommit.toDatabase(store, "TEST", (address, holder) -> { },
                    Duration.ofMillis(200));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!cluster().sql("SELECT state FROM lease6").equals("2")) {
                    assertTrue(System.nanoTime() < deadline, "the expired row was never reclaimed");
                    Thread.sleep(100);
                }
            } finally {
                commit.close();
            }
        }
    }

    private static Lease6 reclaimed(String address, String duid, long expire) {
        return new Lease6(Addresses.parse6(address), Bytes.fromHex(duid), 4000, expire, 7, 3000, LeaseType.NA, 1, 128,
                false, false, "", Optional.empty(), LeaseState.EXPIRED_RECLAIMED, "");
    }

    /** What the lease commands read: the rows each key names, one statement each. */
    @Test
    void theLeaseCommandsReadTheRowsEachKeyNames() throws Exception {
        List<Lease6> rows = variedRows();
        Lease4 byClientId = new Lease4(Addresses.parse4("192.0.2.200"), Bytes.EMPTY, Bytes.fromHex("01:52:54:00:12:34:57"),
                7200, now() + 4000, 9, false, false, "", LeaseState.DEFAULT, "");
        Lease4 byMac = new Lease4(Addresses.parse4("192.0.2.10"), Bytes.fromHex("52:54:00:12:34:56"), Bytes.EMPTY, 4000,
                now() + 4000, 10, false, false, "", LeaseState.DEFAULT, "");
        try (PostgresLeaseDatabase database = open(() -> { }, 0)) {
            PostgresLeaseStore6 store = new PostgresLeaseStore6(database);
            store.record(rows);
            assertEquals(new LeaseSource.Read<>(sorted(rows), true), store.read(new LeaseSource.Key.All()));
            assertEquals(List.of(rows.get(1)), store.read(new LeaseSource.Key.Address(rows.get(1).address())).leases());
            assertEquals(List.of(rows.get(2)), store.read(new LeaseSource.Key.Duid(rows.get(2).duid())).leases());
            assertEquals(List.of(rows.get(0)), store.read(new LeaseSource.Key.Mac(new MacAddress(MAC))).leases());
            assertEquals(List.of(rows.get(0)), store.read(new LeaseSource.Key.HwAddress(MAC)).leases());
            assertEquals(sorted(List.of(rows.get(0), rows.get(3), rows.get(2))),
                    store.read(new LeaseSource.Key.Subnets(Set.of(7L, 2L))).leases());
            PostgresLeaseStore4 store4 = new PostgresLeaseStore4(database);
            store4.record(List.of(byClientId, byMac));
            assertEquals(List.of(byClientId), store4.read(new LeaseSource.Key.Mac(MacAddress.parse("52:54:00:12:34:57")))
                    .leases(), "a MAC in a client identifier of type 1");
            assertEquals(List.of(byMac), store4.read(new LeaseSource.Key.Mac(new MacAddress(MAC))).leases());
            assertEquals(List.of(byClientId), store4.read(new LeaseSource.Key.ClientId(byClientId.clientId())).leases());
            assertEquals(List.of(byMac), store4.read(new LeaseSource.Key.Address(byMac.address())).leases());
            assertEquals(List.of(byMac), store4.read(new LeaseSource.Key.Subnets(Set.of(10L))).leases());
            cluster().stopServer();
            try {
                IOException down = assertThrows(IOException.class, () -> store.read(new LeaseSource.Key.All()));
                assertTrue(down.getMessage().startsWith("cannot read lease6 from the lease database postgresql"
                        + " kea@127.0.0.1:" + cluster().port() + ": "), down.getMessage());
            } finally {
                cluster().startServer();
            }
        }
    }

    /**
     * Kea's statistics trigger counts a row with "UPDATE the counter of its (subnet, type, state), or
     * INSERT it when there is none". Another server's transaction has written the first row of a
     * subnet and not committed yet: ours finds no counter either, and its INSERT waits on the
     * other's, then fails on {@code lease6_stat_pkey} once the other commits. Ours is run again, and
     * both rows are counted.
     */
    @Test
    void aTransactionThatLostTheRaceForTheFirstStatisticsCounterOfASubnetIsRunAgain() throws Exception {
        long subnet = 4242;
        Lease6 ours = new Lease6(Addresses.parse6("2001:db8:42::2"), Bytes.fromHex("000300015254004242aa"), 4000,
                now() + 4000, subnet, 3000, LeaseType.NA, 1, 128, false, false, "", Optional.empty(),
                LeaseState.DEFAULT, "");
        try (PostgresLeaseDatabase database = open(() -> { }, 0)) {
            PostgresLeaseStore6 store = new PostgresLeaseStore6(database);
            String others = "INSERT INTO lease6 (address, duid, valid_lifetime, expire, subnet_id, pref_lifetime,"
                    + " lease_type, iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, state) VALUES ('2001:db8:42::1',"
                    + " '\\x000300015254004242bb', 4000, now() + interval '1 hour', " + subnet + ", 3000, 0, 1, 128,"
                    + " false, false, '', 0)";
            LeaseStore.Recorded<Lease6> recorded = raceForTheFirstCounter("lease6_stat", subnet, others,
                    () -> store.record(List.of(ours)));
            assertEquals(new BitSet(), recorded.refused());
            assertEquals(1, store.transactionRetries(), "run again once");
        }
        assertEquals("2", cluster().sql("SELECT leases FROM lease6_stat WHERE subnet_id = " + subnet
                + " AND lease_type = 0 AND state = 0"), "both rows counted");
        assertEquals("2", cluster().sql("SELECT count(*) FROM lease6 WHERE subnet_id = " + subnet));
    }

    @Test
    void aTransactionThatLostTheRaceForTheFirstStatisticsCounterOfAnIpv4SubnetIsRunAgain() throws Exception {
        long subnet = 4243;
        Lease4 ours = new Lease4(Addresses.parse4("192.0.2.42"), Bytes.fromHex("52:54:00:12:42:aa"), Bytes.EMPTY, 4000,
                now() + 4000, subnet, false, false, "", LeaseState.DEFAULT, "");
        try (PostgresLeaseDatabase database = open(() -> { }, 0)) {
            PostgresLeaseStore4 store = new PostgresLeaseStore4(database);
            String others = "INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd,"
                    + " fqdn_rev, hostname, state) VALUES (3221226027, '\\x5254001242bb', '\\x', 4000,"
                    + " now() + interval '1 hour', " + subnet + ", false, false, '', 0)";
            assertEquals(new BitSet(), raceForTheFirstCounter("lease4_stat", subnet, others,
                    () -> store.record(List.of(ours))).refused());
            assertEquals(1, store.transactionRetries());
        }
        assertEquals("2", cluster().sql("SELECT leases FROM lease4_stat WHERE subnet_id = " + subnet + " AND state = 0"));
    }

    /**
     * Another server's transaction runs {@code othersInsert}, the first row of {@code subnet}, and
     * holds it uncommitted until {@code ours} waits for it (a backend of ours waiting on a lock);
     * then it commits, and {@code ours} has to get past the duplicate counter.
     */
    private static <T> T raceForTheFirstCounter(String statistics, long subnet, String othersInsert,
                                                Callable<T> ours) throws Exception {
        // The lease tables are emptied before each test, but Kea's counters stay (at 0)
        cluster().sql("DELETE FROM " + statistics + " WHERE subnet_id = " + subnet);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Connection other = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster().port() + "/"
                + PostgresCluster.DATABASE + "?ApplicationName=other-server", PostgresCluster.USER,
                PostgresCluster.PASSWORD)) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.executeUpdate(othersInsert);
            }
            Future<T> result = writer.submit(ours);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!cluster().sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tandem-test'"
                    + " AND wait_event_type = 'Lock'").equals("1")) {
                assertTrue(System.nanoTime() < deadline, "our transaction never waited for the other's counter");
                assertFalse(result.isDone(), "our transaction ended before the other committed");
                Thread.sleep(20);
            }
            other.commit();
            return result.get(30, TimeUnit.SECONDS);
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void startErrorsSayWhatIsWrongWithoutThePassword() throws Exception {
        IOException wrongPassword = assertThrows(IOException.class, () -> PostgresLeaseDatabase.open(
                config("not-the-password", cluster().port(), 0, OnFail.STOP_RETRY_EXIT), "t", "TEST", () -> { }));
        assertTrue(wrongPassword.getMessage().contains("cannot use the lease database postgresql kea@127.0.0.1:"
                + cluster().port() + " as kea: FATAL: password authentication failed for user \"kea\""),
                wrongPassword.getMessage());
        assertFalse(wrongPassword.getMessage().contains("not-the-password"));
        IOException unreachable = assertThrows(IOException.class, () -> PostgresLeaseDatabase.open(
                config(PostgresCluster.PASSWORD, 1, 0, OnFail.STOP_RETRY_EXIT), "t", "TEST", () -> { }));
        assertTrue(unreachable.getMessage().startsWith("cannot use the lease database postgresql kea@127.0.0.1:1 as kea:"),
                unreachable.getMessage());
        assertTrue(unreachable.getMessage().contains("Connection to 127.0.0.1:1 refused"), unreachable.getMessage());
        cluster().sql("UPDATE schema_version SET version = 12");
        try {
            IOException oldSchema = assertThrows(IOException.class, () -> open(() -> { }, 0));
            assertEquals("the lease database postgresql kea@127.0.0.1:" + cluster().port() + " has Kea's schema version"
                    + " 12.0; Tandem needs 13.0 (Kea 2.2's, made by kea-admin db-init pgsql and kea-admin db-upgrade"
                    + " pgsql of Kea 2.2)", oldSchema.getMessage());
        } finally {
            cluster().sql("UPDATE schema_version SET version = 13");
        }
    }

    @Test
    void aStoppedDatabaseDegradesHealthAndIsReconnected() throws Exception {
        AtomicInteger gaveUp = new AtomicInteger();
        try (PostgresLeaseDatabase database = open(gaveUp::incrementAndGet, 100)) {
            PostgresLeaseStore6 store = new PostgresLeaseStore6(database);
            store.record(List.of(lease("2001:db8:1::1", "0003000152540012340a", 1, now() + 4000, Optional.empty())));
            cluster().stopServer();
            try {
                IOException down = assertThrows(IOException.class, () -> store.record(List.of(
                        lease("2001:db8:1::2", "0003000152540012340b", 1, now() + 4000, Optional.empty()))));
                assertFalse(down.getMessage().isEmpty());
                assertFalse(store.health().ok());
                assertTrue(store.health().degradedBecause().orElseThrow().startsWith("the lease database postgresql"
                        + " kea@127.0.0.1:" + cluster().port() + " is unreachable ("), store.health().toString());
                assertTrue(database.serving(), "serve-retry-exit answers what needs no lease write");
            } finally {
                cluster().startServer();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!store.health().ok() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(store.health().ok(), "reconnected by itself");
            store.record(List.of(lease("2001:db8:1::2", "0003000152540012340b", 1, now() + 4000, Optional.empty())));
            assertEquals("2", cluster().sql("SELECT count(*) FROM lease6"));
            assertEquals(0, gaveUp.get());
        }
    }

    @Test
    void spentTriesStopTheServerWhenOnFailSaysExit() throws Exception {
        AtomicInteger gaveUp = new AtomicInteger();
        try (PostgresLeaseDatabase database = open(gaveUp::incrementAndGet, 2)) {
            PostgresLeaseStore6 store = new PostgresLeaseStore6(database);
            cluster().stopServer();
            try {
                assertThrows(IOException.class, () -> store.record(List.of(
                        lease("2001:db8:1::2", "0003000152540012340b", 1, now() + 4000, Optional.empty()))));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (gaveUp.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(1, gaveUp.get());
                assertTrue(database.fatal().orElseThrow().contains("still unreachable after 2 reconnection tries"),
                        database.fatal().toString());
            } finally {
                cluster().startServer();
            }
        }
    }

    private static void keaAdmin(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("kea-admin"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-h", "127.0.0.1", "-P", Integer.toString(cluster().port()), "-u", PostgresCluster.USER,
                "-p", PostgresCluster.PASSWORD, "-n", PostgresCluster.DATABASE, "-y"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // kea-admin 2.2's lease-dump does not pass -P on to psql; psql reads the port from PGPORT.
        builder.environment().put("PGPORT", Integer.toString(cluster().port()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
    }
}
