package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.PostgresCluster;
import io.tandem.common.testing.ScriptedClient6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several dhcp6d on one PostgreSQL lease database in Kea 2.2's schema (a throwaway cluster), on
 * {@code [::1]} with their own ports, each client through a scripted relay: bindings through both
 * servers, one killed -9 and its clients rebinding at the other with their addresses; the
 * database stopped and started under load, with {@code /health} degraded, the drops counted and
 * every acknowledged binding in the table; and the start errors and {@code on-fail}. Needs root
 * (the cluster runs as {@code postgres}), {@code postgresql-15} and {@code kea-admin}.
 */
@Tag("system")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SharedDatabaseIT {
    private static final int ANSWER_MILLIS = 1500;
    @RegisterExtension
    static final PostgresCluster.PerClass DATABASE = new PostgresCluster.PerClass();

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();

    private static PostgresCluster cluster() {
        return DATABASE.cluster();
    }

    /** A dhcp6d on its own ports and folder, with {@code leaseDatabase} as its lease-database. */
    private record Server(LaunchedDaemon daemon, int port, int httpPort, ScriptedRelay relay) implements AutoCloseable {
        @Override
        public void close() {
            relay.close();
            daemon.close();
        }
    }

    /** The relayed link, its addresses derived from the client's MAC: the same on every server. */
    private static final String MAC_SUBNET = """
            {"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
             "mac-addressing": {"prefix": "2001:db8:2::/80"}}""";
    /** The relayed link with one pool, which every server gives from. */
    private static final String POOL_SUBNET = """
            {"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
             "pools": [{"pool": "2001:db8:2::100 - 2001:db8:2::1ff"}]}""";

    /** Pools of one address and a larger last one: candidates more than a run of 64 apart. */
    private static final String SPREAD_POOLS_SUBNET = """
            {"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
             "pools": [{"pool": "2001:db8:2::100/128"}, {"pool": "2001:db8:2::200/128"},
                       {"pool": "2001:db8:2::300/128"}, {"pool": "2001:db8:2::400/128"},
                       {"pool": "2001:db8:2::500 - 2001:db8:2::5ff"}]}""";

    private Server start(String name, String leaseDatabase) throws Exception {
        return start(name, leaseDatabase, MAC_SUBNET);
    }

    private Server start(String name, String leaseDatabase, String subnet) throws Exception {
        int port = LoopbackRelayIT.freeUdpPort();
        int httpPort = LoopbackRelayIT.freeTcpPort();
        Path folder = Files.createDirectories(directory.resolve(name));
        Path config = writeConfig(folder, leaseDatabase, subnet, httpPort);
        LaunchedDaemon daemon = LaunchedDaemon.start("dhcp6d", "DHCP6_LISTENING", folder, folder.resolve("dhcp6d.log"),
                "-cf", config.toString(), "-lf", folder.resolve("leases6.csv").toString(), "-pf",
                folder.resolve("dhcp6d.pid").toString(), "-p", Integer.toString(port));
        return new Server(daemon, port, httpPort, new ScriptedRelay(port));
    }

    private static Path writeConfig(Path folder, String leaseDatabase, String subnet, int httpPort)
            throws IOException {
        Path config = folder.resolve("dhcp6d.json");
        Files.writeString(config, """
                {"Dhcp6": {
                  "subnet6": [%s],
                  "lease-database": %s,
                  "tftp": {"enabled": false},
                  "events": {"channel": ""},
                  "http": {"listen": "[::1]:%d"}
                }}
                """.formatted(subnet, leaseDatabase, httpPort));
        return config;
    }

    private static String database(String extra) {
        String json = cluster().leaseDatabaseJson();
        return extra.isEmpty() ? json : json.substring(0, json.length() - 1) + ", " + extra + "}";
    }

    private static MacAddress mac(int client) {
        return MacAddress.fromLong(0x5254_0000_0000L + client);
    }

    private static Duid duid(int client) {
        return Duid.fromHex("00030001" + mac(client).bytes().colonHex().replace(":", ""));
    }

    private static ScriptedClient6 client(ScriptedRelay relay, int client) {
        return new ScriptedClient6(duid(client), 1, List.of(), message -> relay.ask(mac(client), message, ANSWER_MILLIS));
    }

    /** Binds {@code client}, retrying while the daemon's JVM warms up (bounded). */
    private static Inet6Address bindSoon(ScriptedRelay relay, int client) throws IOException {
        return soon(client, () -> client(relay, client).bind());
    }

    /** One way of binding a client; empty when an answer was missing. */
    @FunctionalInterface
    private interface Binding {
        Optional<Inet6Address> bind() throws IOException;
    }

    /** {@code binding} retried while the daemon's JVM warms up (bounded): the address bound. */
    private static Inet6Address soon(int client, Binding binding) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Optional<Inet6Address> bound = binding.bind();
            if (bound.isPresent()) {
                return bound.get();
            }
            assertTrue(System.nanoTime() < deadline, "client " + client + " never bound");
        }
    }

    /**
     * A Solicit, then a Request for the advertised address, as a client asks for what it was
     * offered (RFC 9915 §18.2.2): the address of the Reply.
     */
    private static Optional<Inet6Address> bindAdvertised(ScriptedRelay relay, int client) throws IOException {
        Optional<ClientServerMessage> advertise = relay.ask(mac(client), Dhcp6Messages.solicit(duid(client))
                .elapsedTime().iaNa(1).build(), ANSWER_MILLIS);
        if (advertise.isEmpty()) {
            return Optional.empty();
        }
        Inet6Address offered = addressesIn(advertise.get()).get(0).address();
        return relay.ask(mac(client), Dhcp6Messages.request(duid(client)).serverId(advertise.get().options().serverId()
                .orElseThrow()).elapsedTime().iaNa(1, offered).build(), ANSWER_MILLIS)
                .map(reply -> addressesIn(reply).get(0).address());
    }

    /** A Rebind (no server named, as a client sends once its server is gone) for {@code address}: the Reply. */
    private static Optional<ClientServerMessage> rebind(ScriptedRelay relay, int client, Inet6Address address)
            throws IOException {
        return relay.ask(mac(client), Dhcp6Messages.rebind(duid(client)).elapsedTime().iaNa(1, address).build(),
                ANSWER_MILLIS);
    }

    private static List<Option6.IaAddress> addressesIn(ClientServerMessage reply) {
        return reply.options().iaNas().stream().flatMap(ia -> ia.options().iaAddresses().stream()).toList();
    }

    /** The table: address → DUID (hex) and expiry, one row per address by Kea's primary key. */
    private static Map<String, String> table() throws Exception {
        Map<String, String> rows = new HashMap<>();
        for (String line : cluster().sql("SELECT address, encode(duid, 'hex') FROM lease6").lines().toList()) {
            String[] columns = line.split("\\|");
            rows.put(columns[0], columns[1]);
        }
        return rows;
    }

    @Test
    void twoServersBindThroughBothAndTheSurvivorKeepsEveryAddress() throws Exception {
        int clients = 40;
        Map<Integer, Inet6Address> bound = new LinkedHashMap<>();
        try (Server first = start("first", database("\"max-reconnect-tries\": 10, \"reconnect-wait-time\": 500"));
             Server second = start("second", database("\"max-reconnect-tries\": 10, \"reconnect-wait-time\": 500"))) {
            for (int client = 0; client < clients; client++) {
                bound.put(client, bindSoon(client % 2 == 0 ? first.relay() : second.relay(), client));
            }
            Map<String, String> rows = table();
            assertEquals(clients, rows.size(), rows.toString());
            for (Map.Entry<Integer, Inet6Address> entry : bound.entrySet()) {
                assertEquals(duid(entry.getKey()).toString().replace(":", "").toLowerCase(),
                        rows.get(Addresses.text(entry.getValue())), "the row of client " + entry.getKey());
            }
            assertEquals(clients, bound.values().stream().distinct().count(), "no address given twice");

            first.daemon().signal("KILL");
            String before = cluster().sql("SELECT address, extract(epoch FROM expire)::bigint FROM lease6 ORDER BY 1");
            // expire is in whole seconds: the rebinds come in a later second than the binds, or
            // extending the rows would leave them as they were (binds and rebinds fit in one on a fast machine)
            Thread.sleep(1100);
            for (Map.Entry<Integer, Inet6Address> entry : bound.entrySet()) {
                Optional<ClientServerMessage> reply = rebind(second.relay(), entry.getKey(), entry.getValue());
                assertTrue(reply.isPresent(), "client " + entry.getKey() + " rebinds at the survivor:\n"
                        + second.daemon().output());
                assertEquals(MessageType6.REPLY, reply.get().type());
                List<Option6.IaAddress> addresses = addressesIn(reply.get());
                assertEquals(entry.getValue(), addresses.get(0).address(), "keeps its address");
                assertTrue(addresses.get(0).validLifetime() > 0);
            }
            Map<String, String> after = table();
            assertEquals(rows, after, "the same client holds each address");
            assertNotEquals(before, cluster().sql("SELECT address, extract(epoch FROM expire)::bigint FROM lease6"
                    + " ORDER BY 1"), "the rebinds extended the rows");
            assertEquals(0, second.daemon().stop());
        }
    }

    @Test
    void twoServersGiveFromOnePoolAndMoveOnFromAddressesTheOtherLeased() throws Exception {
        int clients = 40;
        Map<Integer, Inet6Address> bound = new LinkedHashMap<>();
        try (Server first = start("pool-first", database(""), POOL_SUBNET);
             Server second = start("pool-second", database(""), POOL_SUBNET)) {
            List<Server> servers = List.of(first, second);
            // Each server advertises the candidate after its last, which the other just leased: every
            // Request after the first is refused once by the database, and served again with the next
            for (int client = 0; client < clients; client++) {
                ScriptedRelay relay = servers.get(client % 2).relay();
                int next = client;
                bound.put(client, soon(client, () -> bindAdvertised(relay, next)));
            }
            assertEquals(clients, bound.values().stream().distinct().count(), "no address given twice: " + bound);
            Map<String, String> rows = table();
            assertEquals(clients, rows.size(), rows.toString());
            for (Map.Entry<Integer, Inet6Address> entry : bound.entrySet()) {
                assertEquals(duid(entry.getKey()).toString().replace(":", "").toLowerCase(),
                        rows.get(Addresses.text(entry.getValue())), "client " + entry.getKey() + " holds its address");
            }
            long retried = counter(first.httpPort(), "tandem_dhcp6_lease_claim_retries_total")
                    + counter(second.httpPort(), "tandem_dhcp6_lease_claim_retries_total");
            assertEquals(clients - 1, retried, "every Request after the first was served again once");
            assertEquals(retried, counter(first.httpPort(), "tandem_dhcp6_lease_conflicts_total")
                    + counter(second.httpPort(), "tandem_dhcp6_lease_conflicts_total"), "one conflict, one retry");
            assertEquals(0, dropped(first.httpPort(), "lease-conflict") + dropped(second.httpPort(), "lease-conflict"));
            assertTrue(counter(first.httpPort(), "tandem_dhcp6_lease_rows_committed_total")
                    + counter(second.httpPort(), "tandem_dhcp6_lease_rows_committed_total") >= clients + retried,
                    "each Request's row, and each refused one's again");

            // Each client through the server that did not bind it, which knows its binding only if
            // it learnt it from a conflict: a Rebind keeps the address, the database agreeing
            Thread.sleep(1100);
            for (Map.Entry<Integer, Inet6Address> entry : bound.entrySet()) {
                Server other = servers.get((entry.getKey() + 1) % 2);
                Optional<ClientServerMessage> reply = rebind(other.relay(), entry.getKey(), entry.getValue());
                assertTrue(reply.isPresent(), "client " + entry.getKey() + " rebinds at the other server:\n"
                        + other.daemon().output());
                List<Option6.IaAddress> addresses = addressesIn(reply.get());
                assertEquals(entry.getValue(), addresses.get(0).address(), "client " + entry.getKey()
                        + " keeps its address");
                assertTrue(addresses.get(0).validLifetime() > 0);
            }
            assertEquals(rows, table(), "the same client holds each address");
        }
    }

    @Test
    void aClientAnotherServerBoundIsLookedUpInTheDatabase() throws Exception {
        try (Server first = start("lookup-first", database(""), POOL_SUBNET);
             Server second = start("lookup-second", database(""), POOL_SUBNET)) {
            int clients = 6;
            // The second server binds one client of its own first (its JVM warmed up), and learns
            // nothing of the first server's clients: no address of theirs is refused to it
            soon(clients, () -> bindAdvertised(second.relay(), clients));
            Map<Integer, Inet6Address> bound = new LinkedHashMap<>();
            for (int client = 0; client < clients; client++) {
                int next = client;
                bound.put(client, soon(client, () -> bindAdvertised(first.relay(), next)));
            }
            Map<String, String> rows = table();
            assertEquals(clients + 1, rows.size(), rows.toString());
            long before = counter(second.httpPort(), "tandem_dhcp6_lease_lookup_rows_total");

            // A Solicit without a hint at the server that knows nothing of the client: the address it holds
            // (the pool's next free one here is another: the clients come in the reverse order of their
            // addresses), and a Request for it keeps its one row
            for (int client = clients - 2; client >= 0; client--) {
                Optional<ClientServerMessage> advertise = second.relay().ask(mac(client), Dhcp6Messages
                        .solicit(duid(client)).elapsedTime().iaNa(1).build(), ANSWER_MILLIS);
                assertTrue(advertise.isPresent(), "client " + client + " advertised:\n" + second.daemon().output());
                assertEquals(bound.get(client), addressesIn(advertise.get()).get(0).address(), "client " + client);
                assertEquals(bound.get(client), bindAdvertised(second.relay(), client).orElseThrow());
            }
            assertEquals(rows, table(), "no second row, the same client holding each address");
            assertEquals(clients - 1, counter(second.httpPort(), "tandem_dhcp6_lease_lookup_rows_total") - before,
                    "one row learnt per client looked up");

            // A Release at the server that did not bind the client deletes its row
            int released = clients - 1;
            Optional<ClientServerMessage> reply = second.relay().ask(mac(released), Dhcp6Messages.release(
                    duid(released)).serverId(serverDuid(second, clients)).elapsedTime().iaNa(1, bound.get(released))
                    .build(), ANSWER_MILLIS);
            assertTrue(reply.isPresent());
            assertEquals(MessageType6.REPLY, reply.get().type());
            Map<String, String> after = table();
            assertFalse(after.containsKey(Addresses.text(bound.get(released))), after.toString());
            assertEquals(clients, after.size(), after.toString());
        }
    }

    /** The server's DUID, as a client learns it from an Advertise. */
    private static Duid serverDuid(Server server, int client) throws IOException {
        return server.relay().ask(mac(client), Dhcp6Messages.solicit(duid(client)).elapsedTime().iaNa(1).build(),
                ANSWER_MILLIS).orElseThrow().options().serverId().orElseThrow();
    }

    @Test
    void aServerThatKnowsNoneOfTheOthersLeasesLearnsTheirRunAtOneRefusal() throws Exception {
        try (Server first = start("run-first", database(""), POOL_SUBNET);
             Server second = start("run-second", database(""), POOL_SUBNET)) {
            int early = 10;
            for (int client = 0; client < early; client++) {
                int next = client;
                soon(client, () -> bindAdvertised(first.relay(), next));
            }
            // The second server advertises the pool's first address: refused, with the rows of the 63
            // addresses after it, so the Request served again gets the first address after the run
            assertEquals(Addresses.parse6("2001:db8:2::10a"), soon(early, () -> bindAdvertised(second.relay(), early)));
            assertEquals(1, counter(second.httpPort(), "tandem_dhcp6_lease_claim_retries_total"));
            assertEquals(0, dropped(second.httpPort(), "lease-conflict"));
            assertEquals(early + 1, table().size());
        }
    }

    @Test
    void aRequestRefusedAtEachOfItsThreeTriesIsDroppedAndItsClientBoundAtALaterOne() throws Exception {
        try (Server first = start("late-first", database(""), SPREAD_POOLS_SUBNET);
             Server second = start("late-second", database(""), SPREAD_POOLS_SUBNET)) {
            Map<Integer, Inet6Address> bound = new LinkedHashMap<>();
            int early = 4;
            for (int client = 0; client < early; client++) {
                int next = client;
                bound.put(client, soon(client, () -> bindAdvertised(first.relay(), next)));
            }
            // The second server knows none of these: its candidates ::100, ::200, ::300 are each taken
            // in the database and too far apart to be learnt at one refusal; three tries a Request
            bound.put(early, soon(early, () -> bindAdvertised(second.relay(), early)));
            long dropped = dropped(second.httpPort(), "lease-conflict");
            assertTrue(dropped >= 1, "a Request refused at each of its tries is dropped:\n" + second.daemon().output());
            assertTrue(second.daemon().output().contains("DHCP6_LEASE_CONFLICT"), second.daemon().output());
            assertTrue(counter(second.httpPort(), "tandem_dhcp6_lease_claim_retries_total") >= 2 * dropped);
            assertEquals(early + 1, bound.values().stream().distinct().count(), "no address given twice: " + bound);
            Map<String, String> rows = table();
            assertEquals(early + 1, rows.size(), rows.toString());
            for (Map.Entry<Integer, Inet6Address> entry : bound.entrySet()) {
                assertEquals(duid(entry.getKey()).toString().replace(":", "").toLowerCase(),
                        rows.get(Addresses.text(entry.getValue())), "client " + entry.getKey() + " holds its address");
            }
        }
    }

    /**
     * The lease commands and {@code /leases} read the database: a lease another server wrote after
     * this one started (so not in its memory) is found, and a database that is away is an error.
     */
    @Test
    void theLeaseCommandsAtOneServerReadWhatAnotherWrote() throws Exception {
        String keepServing = database("\"connect-timeout\": 1, \"max-reconnect-tries\": 600,"
                + " \"reconnect-wait-time\": 100, \"on-fail\": \"serve-retry-continue\"");
        try (Server first = start("commands-first", keepServing); Server second = start("commands-second", keepServing)) {
            Inet6Address address = bindSoon(first.relay(), 0);
            String duid = "00:03:00:01:" + mac(0).bytes().colonHex();
            String found = command(second.httpPort(), "lease6-get", "{\"ip-address\": \"" + Addresses.text(address)
                    + "\"}");
            assertTrue(found.contains("\"result\":0") && found.contains("\"duid\":\"" + duid + "\""), found);
            String byDuid = command(second.httpPort(), "lease6-get-by-duid", "{\"duid\": \"" + duid + "\"}");
            assertTrue(byDuid.contains("1 IPv6 lease(s) found.") && byDuid.contains(Addresses.text(address)), byDuid);
            String all = command(second.httpPort(), "lease6-get-all", "{\"subnets\": [2]}");
            assertTrue(all.contains("1 IPv6 lease(s) found."), all);
            HttpResponse<String> leases = get(second.httpPort(), "/leases?mac=" + mac(0));
            assertEquals(200, leases.statusCode());
            assertTrue(leases.body().contains("\"ip-address\":\"" + Addresses.text(address) + "\""), leases.body());

            cluster().stopServer();
            try {
                String down = command(second.httpPort(), "lease6-get", "{\"ip-address\": \""
                        + Addresses.text(address) + "\"}");
                assertTrue(down.contains("\"result\":1") && down.contains("cannot read lease6 from the lease database"
                        + " postgresql kea@127.0.0.1:" + cluster().port()), down);
                HttpResponse<String> unreadable = get(second.httpPort(), "/leases");
                assertEquals(503, unreadable.statusCode(), unreadable.body());
                assertTrue(unreadable.body().contains("cannot read lease6"), unreadable.body());
            } finally {
                cluster().startServer();
            }
        }
    }

    @Test
    void theDatabaseStoppedUnderLoadLosesNoAcknowledgedBinding() throws Exception {
        Map<Integer, Inet6Address> acknowledged = new LinkedHashMap<>();
        try (Server server = start("load", database("\"max-reconnect-tries\": 600, \"reconnect-wait-time\": 100,"
                + " \"on-fail\": \"serve-retry-continue\""))) {
            acknowledged.put(0, bindSoon(server.relay(), 0));
            int client = 1;
            for (; client <= 30; client++) {
                Optional<Inet6Address> address = client(server.relay(), client).bind();
                if (address.isPresent()) {
                    acknowledged.put(client, address.get());
                }
            }
            cluster().stopServer();
            int refusedWhileDown = 0;
            try {
                for (int down = 0; down < 10; down++, client++) {
                    ScriptedClient6 scripted = client(server.relay(), client);
                    assertTrue(scripted.solicit().isPresent(), "serve-retry-continue still advertises");
                    Optional<ClientServerMessage> reply = scripted.request();
                    if (reply.isPresent()) {
                        acknowledged.put(client, addressesIn(reply.get()).get(0).address());
                    } else {
                        refusedWhileDown++;
                    }
                }
                assertTrue(refusedWhileDown > 0, "no Request refused while the database was stopped");
                HttpResponse<String> health = get(server.httpPort(), "/health");
                assertEquals(503, health.statusCode());
                assertTrue(health.body().contains("the lease database postgresql kea@127.0.0.1:" + cluster().port()),
                        health.body());
                assertTrue(dropped(server.httpPort(), "lease-not-recorded") >= refusedWhileDown);
            } finally {
                cluster().startServer();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Optional<Inet6Address> resumed = Optional.empty();
            while (resumed.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "service never resumed:\n" + server.daemon().output());
                resumed = client(server.relay(), client).bind();
            }
            acknowledged.put(client, resumed.get());
            assertEquals(200, get(server.httpPort(), "/health").statusCode());
            server.daemon().awaitOutput("DHCP6_DB_RECONNECTED");
            assertEquals(1, counter(server.httpPort(), "tandem_dhcp6_lease_database_reconnects_total"));
        }
        Map<String, String> rows = table();
        for (Map.Entry<Integer, Inet6Address> entry : acknowledged.entrySet()) {
            assertEquals(duid(entry.getKey()).toString().replace(":", "").toLowerCase(),
                    rows.get(Addresses.text(entry.getValue())), "acknowledged client " + entry.getKey() + " is in the table");
        }
    }

    @Test
    void startErrorsAndOnFailStopRetryExit() throws Exception {
        String wrongPassword = failedStart(database("").replace(PostgresCluster.PASSWORD, "wrong-secret"));
        assertTrue(wrongPassword.contains("cannot use the lease database postgresql kea@127.0.0.1:" + cluster().port()
                + " as kea: FATAL: password authentication failed for user \"kea\""), wrongPassword);
        assertFalse(wrongPassword.contains("wrong-secret"), "the password is never printed");
        String unreachable = failedStart(database("").replace("\"port\": " + cluster().port(), "\"port\": 1"));
        assertTrue(unreachable.contains("cannot use the lease database postgresql kea@127.0.0.1:1 as kea: Connection to"
                + " 127.0.0.1:1 refused"), unreachable);
        cluster().sql("UPDATE schema_version SET version = 14");
        try {
            String newer = failedStart(database(""));
            assertTrue(newer.contains("has Kea's schema version 14.0; Tandem needs 13.0"), newer);
        } finally {
            cluster().sql("UPDATE schema_version SET version = 13");
        }

        // Kea's defaults: on-fail stop-retry-exit, max-reconnect-tries 0. A write that finds the
        // database gone stops the service and the server exits with the reason.
        try (Server server = start("stop", database(""))) {
            bindSoon(server.relay(), 0);
            cluster().stopServer();
            try {
                assertTrue(client(server.relay(), 1).bind().isEmpty());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (server.daemon().output().indexOf("still unreachable after 0 reconnection tries") < 0) {
                    assertTrue(System.nanoTime() < deadline, server.daemon().output());
                    Thread.sleep(100);
                }
                assertEquals(1, server.daemon().stop());
                assertTrue(server.daemon().output().contains("dhcp6d: the lease database postgresql kea@127.0.0.1:"
                        + cluster().port() + " is still unreachable after 0 reconnection tries"), server.daemon().output());
            } finally {
                cluster().startServer();
            }
        }
    }

    /** Starts dhcp6d with {@code leaseDatabase}, which must make it exit 1; its output. */
    private String failedStart(String leaseDatabase) throws Exception {
        Path folder = Files.createTempDirectory(directory, "failed");
        Path config = writeConfig(folder, leaseDatabase, MAC_SUBNET, LoopbackRelayIT.freeTcpPort());
        Process process = new ProcessBuilder(Launcher.repository().resolve("scripts/dhcp6d").toString(), "-cf",
                config.toString(), "-lf", folder.resolve("leases6.csv").toString(), "-p",
                Integer.toString(LoopbackRelayIT.freeUdpPort())).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), output);
        return output;
    }

    private long dropped(int httpPort, String reason) throws Exception {
        String metrics = get(httpPort, "/metrics").body();
        String sample = "tandem_dhcp6_packets_dropped_total{reason=\"" + reason + "\"} ";
        return metrics.lines().filter(line -> line.startsWith(sample)).mapToLong(line -> (long) Double.parseDouble(
                line.substring(sample.length()).trim())).findFirst().orElseThrow(() -> new AssertionError(metrics));
    }

    /** A sample without labels from {@code /metrics}. */
    private long counter(int httpPort, String name) throws Exception {
        String metrics = get(httpPort, "/metrics").body();
        return metrics.lines().filter(line -> line.startsWith(name + " ")).mapToLong(line -> (long) Double.parseDouble(
                line.substring(name.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError(metrics));
    }

    /** A control command, as Kea's HTTP control channel takes it: the answer's body. */
    private String command(int httpPort, String name, String arguments) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + httpPort + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\": \"" + name + "\", \"arguments\": "
                        + arguments + "}")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> get(int httpPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
