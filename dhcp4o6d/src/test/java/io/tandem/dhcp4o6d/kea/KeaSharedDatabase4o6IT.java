package io.tandem.dhcp4o6d.kea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.client.ClientMessages;
import io.tandem.common.config.Ipv4;
import io.tandem.common.testing.FreePorts;
import io.tandem.common.testing.KeaProcess;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.PostgresCluster;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp4o6d and Debian's kea-dhcp4 2.2 on one PostgreSQL lease database in Kea's schema (a throwaway
 * cluster), each on a port pair of its own on {@code [::1]} with the same DHCPv4 subnet; the test
 * plays the DHCPv6 half of each pair, as {@link Kea4o6ConformanceIT} does (the DHCPv6 half keeps no
 * lease). Clients that did DORA at one server send a RENEWING REQUEST (U flag) and then a
 * REBINDING one to the other and get a DHCPACK for their address, and {@code lease4} shows the same
 * client (hwaddr, client-id) on each address, in the same subnet, with {@code expire} moved forward
 * by each. Needs root (the cluster runs as {@code postgres}), {@code postgresql-15},
 * {@code kea-admin} and {@code kea-dhcp4}.
 */
@Tag("system")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KeaSharedDatabase4o6IT {
    private static final int CLIENTS = 8;
    private static final Duration ANSWER = Duration.ofMillis(1500);
    /** The 4o6 query's metadata: the DHCPv6 half received it on {@code lo}, where kea-dhcp4 has its socket. */
    private static final String INTERFACE = "lo";
    private static final Inet6Address CLIENT_ADDRESS = Addresses.parse6("fe80::5054:ff:fe00:1");
    private static final Inet4Address SERVER_ID = Addresses.parse4("192.0.2.1");
    private static final int SUBNET_ID = 5;
    private static final String BODY = """
            "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
            "lease-database": %s,
            "subnet4": [{"id": 5, "subnet": "192.0.2.0/24", "4o6-interface": "lo",
                         "option-data": [{"name": "dhcp-server-identifier", "data": "192.0.2.1"}],
                         "pools": [{"pool": "192.0.2.10 - 192.0.2.250"}]}]
            """;

    @RegisterExtension
    static final PostgresCluster.PerClass DATABASE = new PostgresCluster.PerClass();

    @TempDir
    Path directory;

    /** One DHCPv4 server behind its port pair, with the test as its DHCPv6 half. */
    private record Server(String name, AutoCloseable process, PartnerSocket partner) implements AutoCloseable {
        String output() throws IOException {
            return process instanceof LaunchedDaemon daemon ? daemon.output() : ((KeaProcess) process).output();
        }

        @Override
        public void close() throws Exception {
            process.close();
            partner.close();
        }
    }

    /** A lease4 row but its {@code expire}: what must stay the same when the other server extends it. */
    private record Holder(String hwaddr, String clientId, long subnetId, int state) {
    }

    private record Row(Holder holder, long expire) {
    }

    private static String body() {
        return BODY.formatted(DATABASE.cluster().leaseDatabaseJson());
    }

    private Server dhcp4o6d() throws Exception {
        PartnerSocket partner = PartnerSocket.bindFreePair();
        Path folder = Files.createDirectories(directory.resolve("dhcp4o6d"));
        Path config = Files.writeString(folder.resolve("dhcp4o6d.json"), "{\"Dhcp4\": {\n"
                + "\"events\": {\"channel\": \"\"}, \"http\": {\"listen\": \"[::1]:" + FreePorts.tcp() + "\"},\n"
                + body() + "}}\n");
        LaunchedDaemon daemon = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", folder,
                folder.resolve("dhcp4o6d.log"), "-4", "-4o6", Integer.toString(partner.port()), "-cf",
                config.toString(), "-lf", folder.resolve("leases4.csv").toString(), "--no-pid");
        return new Server("dhcp4o6d", daemon, partner);
    }

    /**
     * kea-dhcp4 on the port pair; it also serves {@code lo} on a free port of 127.0.0.1, since it
     * drops a 4o6 query that arrived on an interface where it has no IPv4 socket.
     */
    private Server kea() throws Exception {
        PartnerSocket partner = PartnerSocket.bindFreePair();
        KeaProcess kea = KeaProcess.start("kea-dhcp4", directory.resolve("kea"), "{\"Dhcp4\": {\n"
                + "\"interfaces-config\": {\"interfaces\": [\"lo\"], \"dhcp-socket-type\": \"udp\"},\n"
                + "\"dhcp4o6-port\": " + partner.port() + ",\n"
                + KeaProcess.STDOUT_LOGGER.formatted("kea-dhcp4") + ",\n" + body() + "}}\n",
                "-p", Integer.toString(FreePorts.udp()));
        return new Server("kea-dhcp4", kea, partner);
    }

    @Test
    void leasesBoundByDhcp4o6dRenewAndRebindAtKea() throws Exception {
        try (Server dhcp4o6d = dhcp4o6d(); Server kea = kea()) {
            bindThenExtendAtTheOther(dhcp4o6d, kea);
        }
    }

    /** dhcp4o6d started before Kea bound them: it holds none of these leases in memory when they come. */
    @Test
    void leasesBoundByKeaRenewAndRebindAtDhcp4o6d() throws Exception {
        try (Server kea = kea(); Server dhcp4o6d = dhcp4o6d()) {
            bindThenExtendAtTheOther(kea, dhcp4o6d);
        }
    }

    private static void bindThenExtendAtTheOther(Server binder, Server other) throws Exception {
        Map<Integer, Inet4Address> bound = new LinkedHashMap<>();
        for (int client = 0; client < CLIENTS; client++) {
            bound.put(client, doraSoon(binder, client));
        }
        assertEquals(CLIENTS, bound.values().stream().distinct().count(), "no address given twice: " + bound);
        Map<Long, Row> written = table();
        assertEquals(CLIENTS, written.size(), binder.name() + " wrote one row per client: " + written);
        for (Map.Entry<Integer, Inet4Address> entry : bound.entrySet()) {
            Row row = written.get(Ipv4.toLong(entry.getValue()));
            String mac = mac(entry.getKey()).hex();
            assertEquals(new Holder(mac, "01" + mac, SUBNET_ID, 0), row == null ? null : row.holder(),
                    "the row " + binder.name() + " wrote for client " + entry.getKey());
        }

        Map<Long, Row> renewed = extend(other, bound, written, true);
        extend(other, bound, renewed, false);
    }

    /**
     * Sends each client's RENEWING ({@code unicast}: the U flag) or REBINDING REQUEST for its
     * address to {@code server}, which must acknowledge that address and extend each row without
     * changing who holds it; the rows after.
     */
    private static Map<Long, Row> extend(Server server, Map<Integer, Inet4Address> bound, Map<Long, Row> before,
            boolean unicast) throws Exception {
        String state = unicast ? "RENEWING" : "REBINDING";
        // expire has whole seconds: extend in a later second than the rows were written
        Thread.sleep(1100);
        for (Map.Entry<Integer, Inet4Address> entry : bound.entrySet()) {
            int xid = (unicast ? 0x4000 : 0x5000) + entry.getKey();
            Optional<Dhcp4Message> ack = ask(server, client(entry.getKey()).renew(xid, entry.getValue()), unicast);
            String what = state + " REQUEST of client " + entry.getKey() + " at " + server.name();
            assertTrue(ack.isPresent(), what + " got no answer:\n" + tail(server));
            assertEquals(Optional.of(MessageType4.ACK), ack.get().messageType(), what + ": " + ack.get());
            assertEquals(entry.getValue(), ack.get().yiaddr(), what + " keeps its address");
            assertEquals(Optional.of(4000L), ack.get().options().leaseTime(), what);
        }
        Map<Long, Row> after = table();
        assertEquals(before.keySet(), after.keySet(), state + " at " + server.name() + " made no other row");
        for (Map.Entry<Long, Row> row : after.entrySet()) {
            Row earlier = before.get(row.getKey());
            String address = Addresses.text(Ipv4.fromLong(row.getKey()));
            assertEquals(earlier.holder(), row.getValue().holder(), "the same client holds " + address);
            assertTrue(row.getValue().expire() > earlier.expire(), state + " at " + server.name()
                    + " moved expire of " + address + " forward: " + earlier + " -> " + row.getValue());
        }
        return after;
    }

    /** DISCOVER, then the REQUEST for the offer, retrying while the server warms up (bounded): the address. */
    private static Inet4Address doraSoon(Server server, int client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int attempt = 0; ; attempt++) {
            int xid = (client << 8) + 2 * attempt;
            Optional<Dhcp4Message> offer = ask(server, client(client).discover(xid), false);
            Optional<Dhcp4Message> ack = offer.isEmpty() ? Optional.empty()
                    : ask(server, client(client).request(xid + 1, offer.get().yiaddr(), SERVER_ID), false);
            if (ack.isPresent()) {
                assertEquals(Optional.of(MessageType4.ACK), ack.get().messageType(), ack.get().toString());
                return ack.get().yiaddr();
            }
            assertTrue(System.nanoTime() < deadline, "client " + client + " never bound at " + server.name() + ":\n"
                    + tail(server));
        }
    }

    /** Sends {@code message} in a DHCPV4-QUERY through the port pair; the answer with its xid, if one came in time. */
    private static Optional<Dhcp4Message> ask(Server server, Dhcp4Message message, boolean unicast) throws Exception {
        server.partner().send(new Dhcp4o6Ipc.Envelope(ClientMessages.query(message, unicast), INTERFACE, CLIENT_ADDRESS,
                546));
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<Dhcp4o6Ipc.Envelope> answer = server.partner().receive(Duration.ofNanos(left).plusMillis(1));
            if (answer.isEmpty()) {
                return Optional.empty();
            }
            Optional<Dhcp4Message> reply = ClientMessages.answerOf(answer.get().message())
                    .map(ClientMessages.Answer::message).filter(candidate -> candidate.xid() == message.xid());
            if (reply.isPresent()) {
                return reply;
            }
        }
    }

    /** lease4, by address (Kea's number). */
    private static Map<Long, Row> table() throws Exception {
        Map<Long, Row> rows = new HashMap<>();
        String query = "SELECT address, encode(hwaddr, 'hex'), encode(client_id, 'hex'), subnet_id, state,"
                + " extract(epoch FROM expire)::bigint FROM lease4";
        for (String line : DATABASE.cluster().sql(query).lines().toList()) {
            String[] columns = line.split("\\|");
            rows.put(Long.parseLong(columns[0]), new Row(new Holder(columns[1], columns[2], Long.parseLong(columns[3]),
                    Integer.parseInt(columns[4])), Long.parseLong(columns[5])));
        }
        return rows;
    }

    private static Bytes mac(int client) {
        return ClientMessages.mac(0x5254_0002_0000L, client);
    }

    private static ClientMessages client(int client) {
        return new ClientMessages(mac(client));
    }

    private static String tail(Server server) throws IOException {
        String output = server.output();
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
