package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.testing.FreePorts;
import io.tandem.common.testing.KeaProcess;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.PostgresCluster;
import io.tandem.common.testing.ScriptedClient6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import java.io.IOException;
import java.net.Inet6Address;
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
 * dhcp6d and Debian's kea-dhcp6 2.2 on one PostgreSQL lease database in Kea's schema (a throwaway
 * cluster), both on {@code [::1]} with their own ports (Kea with the unicast address {@code lo/::1},
 * since it opens no multicast socket on a loopback interface), the same pool subnet and the same
 * server DUID (as a site moving from Kea to Tandem keeps Kea's): clients bound by one server, through
 * a scripted relay, Renew and then Rebind at the other and keep their addresses, and the table shows
 * the same client (DUID, IAID) on each address, in the same subnet, with {@code expire} moved forward
 * by each. Needs root (the cluster runs as {@code postgres}), {@code postgresql-15},
 * {@code kea-admin} and {@code kea-dhcp6}.
 */
@Tag("system")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KeaSharedDatabaseIT {
    private static final int CLIENTS = 8;
    private static final int ANSWER_MILLIS = 1500;
    private static final long IAID = 1;
    /** DUID-EN, ISC's enterprise number and "tandem": both servers' {@code server-id}. */
    private static final Duid SERVER_DUID = Duid.fromHex("0002000009bf74616e64656d");
    private static final String BODY = """
            "server-id": {"type": "EN", "enterprise-id": 2495, "identifier": "74616e64656d", "persist": false},
            "preferred-lifetime": 3000, "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
            "lease-database": %s,
            "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                         "pools": [{"pool": "2001:db8:2::100 - 2001:db8:2::1ff"}]}]
            """;

    @RegisterExtension
    static final PostgresCluster.PerClass DATABASE = new PostgresCluster.PerClass();

    @TempDir
    Path directory;

    /** One server on its port of [::1], with a relay in front of it. */
    private record Server(String name, AutoCloseable process, ScriptedRelay relay) implements AutoCloseable {
        String output() throws IOException {
            return process instanceof LaunchedDaemon daemon ? daemon.output() : ((KeaProcess) process).output();
        }

        @Override
        public void close() throws Exception {
            relay.close();
            process.close();
        }
    }

    /** A lease6 row but its {@code expire}: what must stay the same when the other server extends it. */
    private record Holder(String duid, long iaid, long subnetId, int leaseType, int state) {
    }

    private record Row(Holder holder, long expire) {
    }

    private static String body() {
        return BODY.formatted(DATABASE.cluster().leaseDatabaseJson());
    }

    private Server dhcp6d() throws Exception {
        int port = FreePorts.udp();
        Path folder = Files.createDirectories(directory.resolve("dhcp6d"));
        Path config = Files.writeString(folder.resolve("dhcp6d.json"), "{\"Dhcp6\": {\n"
                + "\"tftp\": {\"enabled\": false}, \"events\": {\"channel\": \"\"},"
                + " \"http\": {\"listen\": \"[::1]:" + FreePorts.tcp() + "\"},\n" + body() + "}}\n");
        LaunchedDaemon daemon = LaunchedDaemon.start("dhcp6d", "DHCP6_LISTENING", folder, folder.resolve("dhcp6d.log"),
                "-cf", config.toString(), "-lf", folder.resolve("leases6.csv").toString(), "-pf",
                folder.resolve("dhcp6d.pid").toString(), "-p", Integer.toString(port));
        return new Server("dhcp6d", daemon, new ScriptedRelay(port));
    }

    private Server kea() throws Exception {
        int port = FreePorts.udp();
        Path folder = directory.resolve("kea");
        KeaProcess kea = KeaProcess.start("kea-dhcp6", folder, "{\"Dhcp6\": {\n"
                + "\"interfaces-config\": {\"interfaces\": [\"lo/::1\"]},\n"
                + "\"data-directory\": \"" + folder + "\",\n"
                + KeaProcess.STDOUT_LOGGER.formatted("kea-dhcp6") + ",\n" + body() + "}}\n", "-p", Integer.toString(port));
        return new Server("kea-dhcp6", kea, new ScriptedRelay(port));
    }

    @Test
    void clientsBoundByDhcp6dRenewAndRebindAtKea() throws Exception {
        try (Server dhcp6d = dhcp6d(); Server kea = kea()) {
            bindThenExtendAtTheOther(dhcp6d, kea);
        }
    }

    /** dhcp6d started before Kea bound them: it holds none of these leases in memory when they come. */
    @Test
    void clientsBoundByKeaRenewAndRebindAtDhcp6d() throws Exception {
        try (Server kea = kea(); Server dhcp6d = dhcp6d()) {
            bindThenExtendAtTheOther(kea, dhcp6d);
        }
    }

    private static void bindThenExtendAtTheOther(Server binder, Server other) throws Exception {
        Map<Integer, Inet6Address> bound = new LinkedHashMap<>();
        for (int client = 0; client < CLIENTS; client++) {
            bound.put(client, bindSoon(binder, client));
        }
        assertEquals(CLIENTS, bound.values().stream().distinct().count(), "no address given twice: " + bound);
        Map<String, Row> written = table();
        assertEquals(CLIENTS, written.size(), binder.name() + " wrote one row per client: " + written);
        for (Map.Entry<Integer, Inet6Address> entry : bound.entrySet()) {
            Row row = written.get(Addresses.text(entry.getValue()));
            assertEquals(new Holder(hex(duid(entry.getKey())), IAID, 2, 0, 0), row == null ? null : row.holder(),
                    "the row " + binder.name() + " wrote for client " + entry.getKey());
        }

        Map<String, Row> renewed = extend(other, bound, written, MessageType6.RENEW);
        extend(other, bound, renewed, MessageType6.REBIND);
    }

    /**
     * Sends each client's Renew or Rebind for its address to {@code server}, which must answer with
     * that address alone, and extend each row without changing who holds it; the rows after.
     */
    private static Map<String, Row> extend(Server server, Map<Integer, Inet6Address> bound, Map<String, Row> before,
            MessageType6 type) throws Exception {
        // expire has whole seconds: extend in a later second than the rows were written
        Thread.sleep(1100);
        for (Map.Entry<Integer, Inet6Address> entry : bound.entrySet()) {
            Duid duid = duid(entry.getKey());
            Dhcp6Messages message = Dhcp6Messages.of(type).clientId(duid);
            if (type.equals(MessageType6.RENEW)) {
                message.serverId(SERVER_DUID);
            }
            ClientServerMessage sent = message.elapsedTime().iaNa(IAID, entry.getValue()).build();
            Optional<ClientServerMessage> reply = server.relay().ask(mac(entry.getKey()), sent, ANSWER_MILLIS);
            String what = type.name() + " of client " + entry.getKey() + " at " + server.name();
            assertTrue(reply.isPresent(), what + " got no answer:\n" + tail(server));
            assertEquals(MessageType6.REPLY, reply.get().type(), what);
            List<Option6.IaAddress> kept = reply.get().options().iaNas().stream()
                    .flatMap(ia -> ia.options().iaAddresses().stream())
                    .filter(address -> address.validLifetime() > 0).toList();
            assertEquals(List.of(entry.getValue()), kept.stream().map(Option6.IaAddress::address).toList(),
                    what + " keeps its address and gets no other: " + reply.get());
            assertEquals(4000, kept.get(0).validLifetime(), what);
        }
        Map<String, Row> after = table();
        assertEquals(before.keySet(), after.keySet(), "the " + type + "s at " + server.name() + " made no other row");
        for (Map.Entry<String, Row> row : after.entrySet()) {
            Row earlier = before.get(row.getKey());
            assertEquals(earlier.holder(), row.getValue().holder(), "the same client holds " + row.getKey());
            assertTrue(row.getValue().expire() > earlier.expire(), "the " + type + " at " + server.name()
                    + " moved expire of " + row.getKey() + " forward: " + earlier + " -> " + row.getValue());
        }
        return after;
    }

    /** Binds {@code client} at {@code server}, retrying while the server warms up (bounded). */
    private static Inet6Address bindSoon(Server server, int client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Optional<Inet6Address> address = new ScriptedClient6(duid(client), IAID, List.of(),
                    message -> server.relay().ask(mac(client), message, ANSWER_MILLIS)).bind();
            if (address.isPresent()) {
                return address.get();
            }
            assertTrue(System.nanoTime() < deadline, "client " + client + " never bound at " + server.name() + ":\n"
                    + tail(server));
        }
    }

    /** lease6, by address. */
    private static Map<String, Row> table() throws Exception {
        Map<String, Row> rows = new HashMap<>();
        String query = "SELECT address, encode(duid, 'hex'), iaid, subnet_id, lease_type, state,"
                + " extract(epoch FROM expire)::bigint FROM lease6";
        for (String line : DATABASE.cluster().sql(query).lines().toList()) {
            String[] columns = line.split("\\|");
            rows.put(columns[0], new Row(new Holder(columns[1], Integer.toUnsignedLong(Integer.parseInt(columns[2])),
                    Long.parseLong(columns[3]), Integer.parseInt(columns[4]), Integer.parseInt(columns[5])),
                    Long.parseLong(columns[6])));
        }
        return rows;
    }

    private static MacAddress mac(int client) {
        return MacAddress.fromLong(0x5254_0001_0000L + client);
    }

    private static Duid duid(int client) {
        return Duid.fromHex("00030001" + mac(client).bytes().colonHex().replace(":", ""));
    }

    private static String hex(Duid duid) {
        return duid.toString().replace(":", "").toLowerCase();
    }

    private static String tail(Server server) throws IOException {
        String output = server.output();
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
