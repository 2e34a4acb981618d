package io.tandem.dhcp4o6d.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.client.ClientMessages;
import io.tandem.common.config.Ipv4;
import io.tandem.common.config.PostgresqlDatabase;
import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.lease.Lease4;
import io.tandem.common.leasedb.PostgresLeaseDatabase;
import io.tandem.common.leasedb.PostgresLeaseStore4;
import io.tandem.common.ops.MetricsText;
import io.tandem.common.testing.PostgresCluster;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import io.tandem.dhcp4o6d.engine.DropReason4;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dhcp4o6d engines and transports on real [::1] port pairs, with one PostgreSQL lease database
 * in Kea 2.2's schema (a throwaway cluster) and ONE pool: a REQUEST for an address the other server
 * leased first is refused by the database, the server learns who holds it and answers the REQUEST
 * again (a DHCPNAK, as RFC 2131 §4.3.2 wants for an address the client cannot have), and the client's
 * next DHCPDISCOVER is offered another address. No address is leased twice; each client renews
 * through the server that did not lease it. Needs root (the cluster runs as {@code postgres}),
 * {@code postgresql-15} and {@code kea-admin}.
 */
@Tag("system")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SharedDatabase4Test {
    private static final Duration ANSWER = Duration.ofSeconds(5);
    @RegisterExtension
    static final PostgresCluster.PerClass DATABASE = new PostgresCluster.PerClass();

    @TempDir
    Path directory;

    /** One server's dhcp4o6d with its own partner socket; only its server identifier differs from the other's. */
    private record Server(Inet4Address identifier, PostgresLeaseDatabase database, LeaseCommit<Lease4> commit,
                          ClientLookup<Lease4, Lease4.Owner> lookup, Dhcp4o6Transport transport, PartnerSocket partner)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            transport.close();
            lookup.close();
            commit.close();
            database.close();
            partner.close();
        }
    }

    private Server start(String identifier) throws Exception {
        Dhcp4o6Engine engine = new Dhcp4o6Engine(Dhcp4ConfigParser.parse("""
                { "Dhcp4": { "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "4o6-interface": "link0",
                    "option-data": [ { "name": "dhcp-server-identifier", "data": "%s" } ],
                    "pools": [ { "pool": "192.0.2.10 - 192.0.2.99" } ] } ] } }
                """.formatted(identifier), directory).config(), name -> List.of());
        PostgresLeaseDatabase database = PostgresLeaseDatabase.open(new PostgresqlDatabase(PostgresCluster.DATABASE,
                "127.0.0.1", DATABASE.cluster().port(), PostgresCluster.USER, PostgresCluster.PASSWORD,
                Duration.ofSeconds(5), 0, Duration.ZERO, PostgresqlDatabase.OnFail.SERVE_RETRY_CONTINUE),
                "tandem-test", "DHCP4O6", () -> { });
        PostgresLeaseStore4 store = new PostgresLeaseStore4(database);
        LeaseCommit<Lease4> commit = LeaseCommit.toDatabase(store, "DHCP4O6", engine::learnHolder);
        ClientLookup<Lease4, Lease4.Owner> lookup = new ClientLookup<>(store.byClient(), engine::learnHolder, "DHCP4O6");
        PartnerSocket partner = PartnerSocket.bindFreePair();
        Dhcp4o6Transport transport = new Dhcp4o6Transport(engine, commit, Clock.systemUTC());
        transport.lookUpStrangersIn(lookup);
        transport.start(partner.port());
        return new Server(Addresses.parse4(identifier), database, commit, lookup, transport, partner);
    }

    private static Dhcp4o6Ipc.Envelope direct(Dhcp4Message message) {
        return new Dhcp4o6Ipc.Envelope(ClientMessages.query(message, false), "link0",
                Addresses.parse6("fe80::200:5eff:fe00:5301"), 546);
    }

    private static Dhcp4Message ask(Server server, Dhcp4Message message) throws Exception {
        server.partner().send(direct(message));
        return ClientMessages.answer(server.partner().receive(ANSWER).orElseThrow(() -> new AssertionError(
                "no answer to " + message.messageType())).message());
    }

    private static ClientMessages client(int client) {
        return new ClientMessages(ClientMessages.mac(0x5254_0000_0000L, client));
    }

    /** DISCOVER and REQUEST until ACKed, at most three rounds; the NAKs seen go to {@code naks}. */
    private static Inet4Address bind(Server server, int client, int[] naks) throws Exception {
        ClientMessages messages = client(client);
        for (int round = 0; round < 3; round++) {
            Dhcp4Message offer = ask(server, messages.discover(client * 10 + round));
            assertEquals(MessageType4.OFFER, offer.messageType().orElseThrow());
            Dhcp4Message answer = ask(server, messages.request(client * 10 + round, offer.yiaddr(),
                    server.identifier()));
            if (answer.messageType().orElseThrow() == MessageType4.ACK) {
                assertEquals(offer.yiaddr(), answer.yiaddr());
                return answer.yiaddr();
            }
            assertEquals(MessageType4.NAK, answer.messageType().orElseThrow());
            naks[0]++;
        }
        throw new AssertionError("client " + client + " was not bound in three rounds");
    }

    /**
     * {@code tandem_dhcp4o6d_lease_<what>_total} of the server's {@code /metrics}: claim_retries,
     * conflicts, lookup_rows.
     */
    private static long metric(Server server, String what) {
        MetricsText out = new MetricsText();
        server.commit().metrics(out, "tandem_dhcp4o6d");
        server.lookup().metrics(out, "tandem_dhcp4o6d");
        String name = "tandem_dhcp4o6d_lease_" + what + "_total ";
        return out.toString().lines().filter(line -> line.startsWith(name))
                .mapToLong(line -> Long.parseLong(line.substring(name.length()).trim())).findFirst()
                .orElseThrow(() -> new AssertionError(out.toString()));
    }

    /** The table: address (as Kea's number) → hardware address (hex). */
    private static Map<Long, String> table() throws Exception {
        Map<Long, String> rows = new HashMap<>();
        for (String line : DATABASE.cluster().sql("SELECT address, encode(hwaddr, 'hex') FROM lease4").lines()
                .toList()) {
            String[] columns = line.split("\\|");
            rows.put(Long.parseLong(columns[0]), columns[1]);
        }
        return rows;
    }

    @Test
    void twoServersLeaseFromOnePoolAndMoveOnFromAddressesTheOtherLeased() throws Exception {
        int clients = 30;
        Map<Integer, Inet4Address> bound = new LinkedHashMap<>();
        int[] naks = {0};
        try (Server first = start("192.0.2.1"); Server second = start("192.0.2.2")) {
            List<Server> servers = List.of(first, second);
            // Each server's next candidate is the one the other just leased
            for (int client = 0; client < clients; client++) {
                bound.put(client, bind(servers.get(client % 2), client, naks));
            }
            assertEquals(clients, bound.values().stream().distinct().count(), "no address leased twice: " + bound);
            Map<Long, String> rows = table();
            assertEquals(clients, rows.size(), rows.toString());
            for (Map.Entry<Integer, Inet4Address> entry : bound.entrySet()) {
                assertEquals(client(entry.getKey()).mac().colonHex().replace(":", ""),
                        rows.get(Ipv4.toLong(entry.getValue())), "client " + entry.getKey() + " holds its address");
            }
            long retries = metric(first, "claim_retries") + metric(second, "claim_retries");
            assertTrue(naks[0] > 0, "the other server's addresses were offered and refused");
            assertEquals(naks[0], retries, "each refused REQUEST answered again, with a NAK");
            assertEquals(retries, metric(first, "conflicts") + metric(second, "conflicts"));
            for (Server server : servers) {
                assertEquals(0L, server.transport().drops().getOrDefault(DropReason4.LEASE_CONFLICT, 0L));
            }

            // REBINDING through the server that did not lease it: the same address, the database agreeing
            for (Map.Entry<Integer, Inet4Address> entry : bound.entrySet()) {
                Server other = servers.get((entry.getKey() + 1) % 2);
                Dhcp4Message ack = ask(other, client(entry.getKey()).renew(1000 + entry.getKey(), entry.getValue()));
                assertEquals(MessageType4.ACK, ack.messageType().orElseThrow(), "client " + entry.getKey());
                assertEquals(entry.getValue(), ack.yiaddr());
            }
            assertEquals(rows, table(), "the same client holds each address");
        }
    }

    @Test
    void aServerThatKnowsNoneOfTheOthersLeasesLearnsTheirRunAtOneRefusal() throws Exception {
        int early = 10;
        int[] naks = {0};
        try (Server first = start("192.0.2.1"); Server second = start("192.0.2.2")) {
            for (int client = 0; client < early; client++) {
                assertEquals(Addresses.parse4("192.0.2." + (10 + client)), bind(first, client, naks));
            }
            // The second server offers the pool's first address: refused, and the rows read with it
            // are the whole run, so its next offer is the first address after it
            assertEquals(Addresses.parse4("192.0.2." + (10 + early)), bind(second, early, naks));
            assertEquals(1, naks[0], "one DHCPNAK, not one per address of the run");
            assertEquals(1, metric(second, "claim_retries"));
            assertEquals(early + 1, table().size());
        }
    }

    @Test
    void aClientAnotherServerBoundIsLookedUpInTheDatabase() throws Exception {
        int clients = 3;
        int[] naks = {0};
        try (Server first = start("192.0.2.1"); Server second = start("192.0.2.2")) {
            Map<Integer, Inet4Address> bound = new LinkedHashMap<>();
            for (int client = 0; client < clients; client++) {
                bound.put(client, bind(first, client, naks));
            }
            Map<Long, String> rows = table();

            // A DHCPDISCOVER at the server that knows nothing of client 2: offered the address it holds
            // (not the pool's first, which this server would offer a client it does not know), ACKed
            Dhcp4Message offer = ask(second, client(2).discover(100));
            assertEquals(MessageType4.OFFER, offer.messageType().orElseThrow());
            assertEquals(bound.get(2), offer.yiaddr());
            Dhcp4Message ack = ask(second, client(2).request(100, offer.yiaddr(), second.identifier()));
            assertEquals(MessageType4.ACK, ack.messageType().orElseThrow());
            assertEquals(bound.get(2), ack.yiaddr());

            // INIT-REBOOT of client 1 at the server that did not bind it: ACKed with its address
            Dhcp4Message reboot = ask(second, client(1).initReboot(101, bound.get(1)));
            assertEquals(MessageType4.ACK, reboot.messageType().orElseThrow());
            assertEquals(bound.get(1), reboot.yiaddr());
            assertEquals(rows, table(), "no second row, the same client holding each address");
            assertEquals(0, naks[0]);
            assertEquals(2, metric(second, "lookup_rows"), "one row learnt per client looked up");

            // DHCPRELEASE of client 0 at the server that did not bind it: its row is deleted
            second.partner().send(direct(client(0).release(102, bound.get(0), second.identifier())));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (table().containsKey(Ipv4.toLong(bound.get(0)))) {
                assertTrue(System.nanoTime() < deadline, "the released row is still there: " + table());
                Thread.sleep(50);
            }
            assertEquals(clients - 1, table().size());
        }
    }

    /**
     * A client on a link both servers hear: its DHCPREQUEST naming the other server comes while this
     * server still looks the client up for its DHCPDISCOVER (the look-up held here by a lock on
     * {@code lease4}; a REQUEST read while its DISCOVER still waits in the lanes drops the DISCOVER
     * there, {@code QueryQueueTest}).
     * The REQUEST waits behind the look-up and withdraws the offer made for the DISCOVER; dropped,
     * it left this server holding the offer for 30 s, and the client the other server then bound to
     * that address was NAKed here when it rebound (what {@code TwoPairsIT} saw with a pool of as many
     * addresses as clients).
     */
    @Test
    void aRequestForTheOtherServerThatComesDuringTheLookUpWithdrawsTheOffer() throws Exception {
        int[] naks = {0};
        try (Server first = start("192.0.2.1"); Server second = start("192.0.2.2")) {
            Inet4Address offered;
            try (Connection lock = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                    + DATABASE.cluster().port() + "/" + PostgresCluster.DATABASE, PostgresCluster.USER,
                    PostgresCluster.PASSWORD); Statement statement = lock.createStatement()) {
                lock.setAutoCommit(false);
                statement.execute("LOCK TABLE lease4 IN ACCESS EXCLUSIVE MODE");
                second.partner().send(direct(client(0).discover(7)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (metric(second, "lookup_clients") == 0) {
                    assertTrue(System.nanoTime() < deadline, "the DHCPDISCOVER's look-up did not start");
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                second.partner().send(direct(client(0).request(7, Addresses.parse4("192.0.2.10"),
                        first.identifier())));
                TimeUnit.MILLISECONDS.sleep(100);
                assertTrue(second.partner().receive(Duration.ofMillis(1)).isEmpty(),
                        "nothing answered while the look-up waits");
                lock.commit();
                offered = ClientMessages.answer(second.partner().receive(ANSWER).orElseThrow().message()).yiaddr();
                assertTrue(second.partner().receive(Duration.ofMillis(300)).isEmpty(),
                        "no answer to the REQUEST naming the other server");
            }
            assertEquals(1L, second.transport().drops().get(DropReason4.OTHER_SERVER), "the REQUEST was served");

            // The other server binds another client to that address; it rebinds here and keeps it
            assertEquals(offered, bind(first, 1, naks));
            Dhcp4Message ack = ask(second, client(1).renew(8, offered));
            assertEquals(MessageType4.ACK, ack.messageType().orElseThrow(), "the address was offered to nobody else");
            assertEquals(offered, ack.yiaddr());
        }
    }
}
