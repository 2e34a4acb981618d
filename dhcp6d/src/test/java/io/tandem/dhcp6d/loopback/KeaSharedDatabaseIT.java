package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.testing.FreePorts;
import io.tandem.common.testing.KeaProcess;
import io.tandem.common.testing.KeaSharedDatabaseScenarios;
import io.tandem.common.testing.LaunchedDaemon;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d and Debian's kea-dhcp6 2.2 on one PostgreSQL lease database, through
 * {@link KeaSharedDatabaseScenarios}: both on {@code [::1]} with their own ports (Kea with the
 * unicast address {@code lo/::1}, since it opens no multicast socket on a loopback interface), the
 * same pool subnet and the same server DUID (as a site moving from Kea to Tandem keeps Kea's),
 * clients behind a scripted relay; {@code lease6} keeps each address's DUID, IAID, subnet, type and
 * state. Needs {@code kea-dhcp6} too.
 */
class KeaSharedDatabaseIT extends KeaSharedDatabaseScenarios<KeaSharedDatabaseIT.Server6, Inet6Address> {
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

    @TempDir
    Path directory;

    /** One server on its port of [::1], with a relay in front of it. */
    record Server6(String name, LaunchedDaemon process, ScriptedRelay relay) implements Server {
        @Override
        public String output() throws IOException {
            return tail(process.output(), 6000);
        }

        @Override
        public void close() {
            relay.close();
            process.close();
        }
    }

    /** A lease6 row but its {@code expire}. */
    private record Holder(String duid, long iaid, long subnetId, int leaseType, int state) {
    }

    private static String body() {
        return BODY.formatted(DATABASE.cluster().leaseDatabaseJson());
    }

    @Override
    protected Server6 tandem() throws Exception {
        int port = FreePorts.udp();
        Path folder = Files.createDirectories(directory.resolve("dhcp6d"));
        Path config = Files.writeString(folder.resolve("dhcp6d.json"), "{\"Dhcp6\": {\n"
                + "\"tftp\": {\"enabled\": false}, \"events\": {\"channel\": \"\"},"
                + " \"http\": {\"listen\": \"[::1]:0\"},\n" + body() + "}}\n");
        LaunchedDaemon daemon = LaunchedDaemon.start("dhcp6d", "DHCP6_LISTENING", folder, folder.resolve("dhcp6d.log"),
                "-cf", config.toString(), "-lf", folder.resolve("leases6.csv").toString(), "--no-pid", "-p",
                Integer.toString(port));
        return new Server6("dhcp6d", daemon, new ScriptedRelay(port));
    }

    @Override
    protected Server6 kea() throws Exception {
        int port = FreePorts.udp();
        return new Server6("kea-dhcp6", KeaProcess.dhcp6OnLoopback(directory.resolve("kea"), port, body()),
                new ScriptedRelay(port));
    }

    @Override
    protected Inet6Address bind(Server6 server, int client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Optional<Inet6Address> address = new ScriptedClient6(duid(client), IAID, List.of(),
                    message -> server.relay().ask(mac(client), message, ANSWER_MILLIS)).bind();
            if (address.isPresent()) {
                return address.get();
            }
            assertTrue(System.nanoTime() < deadline, "client " + client + " never bound at " + server.name() + ":\n"
                    + server.output());
        }
    }

    /** A Renew names the server DUID both servers share; a Rebind names none. */
    @Override
    protected void extend(Server6 server, int client, Inet6Address address, boolean renew) throws Exception {
        MessageType6 type = renew ? MessageType6.RENEW : MessageType6.REBIND;
        Dhcp6Messages message = Dhcp6Messages.of(type).clientId(duid(client));
        if (renew) {
            message.serverId(SERVER_DUID);
        }
        ClientServerMessage sent = message.elapsedTime().iaNa(IAID, address).build();
        Optional<ClientServerMessage> reply = server.relay().ask(mac(client), sent, ANSWER_MILLIS);
        String what = sent.type().name() + " of client " + client + " at " + server.name();
        assertTrue(reply.isPresent(), what + " got no answer:\n" + server.output());
        assertEquals(MessageType6.REPLY, reply.get().type(), what);
        List<Option6.IaAddress> kept = reply.get().options().iaNas().stream()
                .flatMap(ia -> ia.options().iaAddresses().stream())
                .filter(given -> given.validLifetime() > 0).toList();
        assertEquals(List.of(address), kept.stream().map(Option6.IaAddress::address).toList(),
                what + " keeps its address and gets no other: " + reply.get());
        assertEquals(4000, kept.get(0).validLifetime(), what);
    }

    @Override
    protected Object holder(int client) {
        return new Holder(duid(client).toString().replace(":", "").toLowerCase(), IAID, 2, 0, 0);
    }

    @Override
    protected String tableQuery() {
        return "SELECT address, encode(duid, 'hex'), iaid, subnet_id, lease_type, state,"
                + " extract(epoch FROM expire)::bigint FROM lease6";
    }

    @Override
    protected Inet6Address address(String column) {
        return Addresses.parse6(column);
    }

    @Override
    protected Object holder(String[] columns) {
        return new Holder(columns[1], Integer.toUnsignedLong(Integer.parseInt(columns[2])), Long.parseLong(columns[3]),
                Integer.parseInt(columns[4]), Integer.parseInt(columns[5]));
    }

    private static MacAddress mac(int client) {
        return MacAddress.fromLong(0x5254_0001_0000L + client);
    }

    private static Duid duid(int client) {
        return Duid.fromHex("00030001" + mac(client).bytes().colonHex().replace(":", ""));
    }
}
