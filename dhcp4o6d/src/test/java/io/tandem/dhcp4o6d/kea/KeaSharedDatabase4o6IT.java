package io.tandem.dhcp4o6d.kea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.client.ClientMessages;
import io.tandem.client.QuerySocket;
import io.tandem.client.Route;
import io.tandem.client.Session;
import io.tandem.common.config.Ipv4;
import io.tandem.common.testing.FreePorts;
import io.tandem.common.testing.KeaProcess;
import io.tandem.common.testing.KeaSharedDatabaseScenarios;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem's 4o6 pair (dhcp6d in front of dhcp4o6d) and Kea's (Debian's kea-dhcp6 in front of
 * kea-dhcp4, 2.2) on one PostgreSQL lease database, through {@link KeaSharedDatabaseScenarios}:
 * each pair on a port pair of its own on {@code [::1]} (Kea's DHCPv6 half with the unicast address
 * {@code lo/::1}), with the same DHCPv4 subnet, chosen by the relay's Interface-ID; clients behind
 * a scripted relay bind by DORA, renew by a RENEWING REQUEST (U flag) and rebind by a REBINDING
 * one; {@code lease4} keeps each address's hwaddr, client-id, subnet and state. Needs
 * {@code kea-dhcp6} and {@code kea-dhcp4} too.
 */
class KeaSharedDatabase4o6IT extends KeaSharedDatabaseScenarios<KeaSharedDatabase4o6IT.Pair, Inet4Address> {
    /** 20 tries of 1.5 s: a pair just started may still be warming up. */
    private static final Session.Patience WARM_UP = new Session.Patience(20, 1500);
    private static final Inet6Address LOOPBACK = Addresses.parse6("::1");
    private static final Inet6Address LINK = Addresses.parse6("2001:db8:2::1");
    private static final Inet6Address PEER = Addresses.parse6("fe80::5054:ff:fe00:1");
    private static final String INTERFACE_ID = "kea-db";
    private static final int SUBNET_ID = 5;
    private static final String BODY4 = """
            "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
            "lease-database": %s,
            "subnet4": [{"id": 5, "subnet": "192.0.2.0/24", "4o6-interface-id": "kea-db",
                         "option-data": [{"name": "dhcp-server-identifier", "data": "192.0.2.1"}],
                         "pools": [{"pool": "192.0.2.10 - 192.0.2.250"}]}]
            """;
    private static final String SUBNET6 = """
            "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                         "pools": [{"pool": "2001:db8:2::100 - 2001:db8:2::1ff"}]}]
            """;

    @TempDir
    Path directory;

    /**
     * A 4o6 pair: its DHCPv6 half, its DHCPv4 half behind the port pair, and the queries' socket,
     * which relays them to the DHCPv6 half.
     */
    record Pair(String name, LaunchedDaemon front, LaunchedDaemon back, QuerySocket queries) implements Server {
        @Override
        public String output() throws IOException {
            return "--- its DHCPv6 half:\n" + tail(front.output(), 4000) + "\n--- its DHCPv4 half:\n"
                    + tail(back.output(), 4000);
        }

        @Override
        public void close() {
            queries.close();
            front.close();
            back.close();
        }
    }

    /** A lease4 row but its {@code expire}. */
    private record Holder(String hwaddr, String clientId, long subnetId, int state) {
    }

    private static String body4() {
        return BODY4.formatted(DATABASE.cluster().leaseDatabaseJson());
    }

    /** A free port P of [::1] whose P+1 is free too: a pair's port pair. */
    private static int freePortPair() throws IOException {
        try (PartnerSocket probe = PartnerSocket.bindFreePair()) {
            return probe.port();
        }
    }

    /** Queries relayed to [::1]:{@code port} from a free port, with the Interface-ID and the Relay Source Port. */
    private static QuerySocket relayedTo(int port) throws IOException {
        return new QuerySocket(new Route(new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, port),
                Optional.empty(), Optional.of(new Route.Relay(LINK, PEER, INTERFACE_ID, true))));
    }

    /** dhcp4o6d, then dhcp6d in front of it. */
    @Override
    protected Pair tandem() throws Exception {
        int pairPort = freePortPair();
        int port = FreePorts.udp();
        Path folder = Files.createDirectories(directory.resolve("tandem"));
        Path config4 = Files.writeString(folder.resolve("dhcp4o6d.json"), "{\"Dhcp4\": {\n"
                + "\"events\": {\"channel\": \"\"}, \"http\": {\"listen\": \"[::1]:0\"},\n" + body4() + "}}\n");
        LaunchedDaemon dhcp4o6d = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", folder,
                folder.resolve("dhcp4o6d.log"), "-4", "-4o6", Integer.toString(pairPort), "-cf", config4.toString(),
                "-lf", folder.resolve("leases4.csv").toString(), "--no-pid");
        try {
            Path config6 = Files.writeString(folder.resolve("dhcp6d.json"), "{\"Dhcp6\": {\n"
                    + "\"tftp\": {\"enabled\": false}, \"events\": {\"channel\": \"\"},"
                    + " \"http\": {\"listen\": \"[::1]:0\"},\n" + SUBNET6 + "}}\n");
            LaunchedDaemon dhcp6d = LaunchedDaemon.start("dhcp6d", "DHCP4O6_PAIRED", folder,
                    folder.resolve("dhcp6d.log"), "-cf", config6.toString(), "-lf",
                    folder.resolve("leases6.csv").toString(), "--no-pid", "-p", Integer.toString(port), "-4o6",
                    Integer.toString(pairPort));
            return new Pair("Tandem's pair", dhcp6d, dhcp4o6d, relayedTo(port));
        } catch (IOException | RuntimeException | Error e) {
            dhcp4o6d.close();
            throw e;
        }
    }

    /**
     * kea-dhcp4, then kea-dhcp6 in front of it. kea-dhcp4 also serves {@code lo} on a free port of
     * 127.0.0.1: it drops a 4o6 query that arrived on an interface (kea-dhcp6's {@code lo}) where it
     * has no IPv4 socket.
     */
    @Override
    protected Pair kea() throws Exception {
        int pairPort = freePortPair();
        int port = FreePorts.udp();
        Path folder = directory.resolve("kea");
        LaunchedDaemon dhcp4 = KeaProcess.start("kea-dhcp4", folder, "{\"Dhcp4\": {\n"
                + "\"interfaces-config\": {\"interfaces\": [\"lo\"], \"dhcp-socket-type\": \"udp\"},\n"
                + "\"dhcp4o6-port\": " + pairPort + ",\n"
                + KeaProcess.STDOUT_LOGGER.formatted("kea-dhcp4") + ",\n" + body4() + "}}\n",
                "-p", Integer.toString(FreePorts.udp()));
        try {
            LaunchedDaemon dhcp6 = KeaProcess.dhcp6OnLoopback(folder, port, "\"dhcp4o6-port\": " + pairPort + ",\n"
                    + "\"lease-database\": {\"type\": \"memfile\", \"persist\": false},\n" + SUBNET6);
            return new Pair("Kea's pair", dhcp6, dhcp4, relayedTo(port));
        } catch (IOException | RuntimeException | Error e) {
            dhcp4.close();
            throw e;
        }
    }

    /** DORA, waiting out the pair's warm-up (bounded): the address. */
    @Override
    protected Inet4Address bind(Pair pair, int client) throws Exception {
        try {
            return new Session(pair.queries(), client(client), WARM_UP).dora(new HashMap<>()).address();
        } catch (Session.Failure failure) {
            throw new AssertionError("client " + client + " never bound at " + pair.name() + ": " + failure.getMessage()
                    + "\n" + pair.output(), failure);
        }
    }

    /** A RENEWING REQUEST (ciaddr, the U flag) or a REBINDING one (ciaddr, no U flag). */
    @Override
    protected void extend(Pair pair, int client, Inet4Address address, boolean renew) throws Exception {
        int xid = (renew ? 0x4000 : 0x5000) + client;
        Optional<Dhcp4Message> ack = pair.queries().exchange(ClientMessages.query(client(client).renew(xid, address),
                        renew), QuerySocket.dhcp4Key(xid), 3, 1000, received -> true)
                .map(received -> ClientMessages.answer(received.message()));
        String what = (renew ? "RENEWING" : "REBINDING") + " REQUEST of client " + client + " at " + pair.name();
        assertTrue(ack.isPresent(), what + " got no answer:\n" + pair.output());
        assertEquals(Optional.of(MessageType4.ACK), ack.get().messageType(), what + ": " + ack.get());
        assertEquals(address, ack.get().yiaddr(), what + " keeps its address");
        assertEquals(Optional.of(4000L), ack.get().options().leaseTime(), what);
    }

    @Override
    protected Object holder(int client) {
        String mac = mac(client).hex();
        return new Holder(mac, "01" + mac, SUBNET_ID, 0);
    }

    @Override
    protected String tableQuery() {
        return "SELECT address, encode(hwaddr, 'hex'), encode(client_id, 'hex'), subnet_id, state,"
                + " extract(epoch FROM expire)::bigint FROM lease4";
    }

    /** Kea's {@code lease4.address} is the address's number. */
    @Override
    protected Inet4Address address(String column) {
        return Ipv4.fromLong(Long.parseLong(column));
    }

    @Override
    protected Object holder(String[] columns) {
        return new Holder(columns[1], columns[2], Long.parseLong(columns[3]), Integer.parseInt(columns[4]));
    }

    private static Bytes mac(int client) {
        return ClientMessages.mac(0x5254_0002_0000L, client);
    }

    private static ClientMessages client(int client) {
        return new ClientMessages(mac(client));
    }
}
