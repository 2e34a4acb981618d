package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LoadedLeases;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.testing.Launcher;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d as an operator runs it, on a custom port and with its own files in a temporary
 * directory, answering a scripted relay on [::1]: no root, no interface, only unicast. The relay
 * sends the Relay Source Port option (RFC 8357), so the answers come back to its own socket.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoopbackRelayIT {
    private static final Inet6Address LOOPBACK = Addresses.parse6("::1");
    private static final Inet6Address LINK = Addresses.parse6("2001:db8:2::1");
    /** The client's link-local address: EUI-64 of the (locally administered) MAC 52:54:00:12:34:56. */
    private static final Inet6Address PEER = Addresses.parse6("fe80::5054:ff:fe12:3456");
    private static final Bytes MAC = Bytes.fromHex("525400123456");
    /** The mac-addressing prefix 2001:db8:2::/80 with the MAC in the low 48 bits. */
    private static final Inet6Address MAC_ADDRESS = Addresses.parse6("2001:db8:2::5254:12:3456");
    /** A DUID-UUID, as firmware sends: it holds no MAC, so the MAC comes from the peer-address. */
    private static final Duid CLIENT = Duid.fromHex("000400112233445566778899aabbccddeeff");
    private static final long IAID = 0x0a0b0c0d;
    private static final String INTERFACE_ID = "swp7";
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path directory;

    private Path config;
    private Path leaseFile;
    private Path pidFile;
    private int serverPort;
    private int httpPort;
    private ScriptedRelay relay;
    private final List<Daemon> daemons = new ArrayList<>();

    @BeforeEach
    void files() throws IOException {
        config = directory.resolve("dhcp6d.json");
        leaseFile = directory.resolve("leases6.csv");
        pidFile = directory.resolve("run/dhcp6d.pid");
        serverPort = freeUdpPort();
        httpPort = freeTcpPort();
        writeConfig("2001:db8::53");
        relay = new ScriptedRelay(serverPort);
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Daemon daemon : daemons) {
            daemon.kill();
        }
        relay.close();
    }

    private void writeConfig(String dnsServer) throws IOException {
        Files.writeString(config, """
                // A Tandem subnet behind a relay: prefix + MAC for every client whose MAC is known.
                {"Dhcp6": {
                  "preferred-lifetime": 3000, "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
                  "option-data": [{"name": "dns-servers", "data": "%s"}],
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0},
                  "tftp": {"enabled": false},
                  "http": {"listen": "[::1]:%d"}
                }}
                """.formatted(dnsServer, httpPort));
    }

    @Test
    void answersARelayedClientWithPrefixPlusMacAndRecordsTheLease() throws Exception {
        Daemon daemon = start();
        RelayMessage advertise = ask(message(MessageType6.SOLICIT).iaNa(IAID).oro(23).build())
                .orElseThrow(() -> new AssertionError("no answer to the Solicit:\n" + daemon.log()));
        assertEquals(MessageType6.RELAY_REPL, advertise.type());
        assertEquals(LINK, advertise.linkAddress());
        assertEquals(PEER, advertise.peerAddress());
        assertEquals(Optional.of(Bytes.utf8(INTERFACE_ID)), advertise.options().interfaceId(), "Interface-ID echoed");
        ClientServerMessage offer = inner(advertise);
        assertEquals(MessageType6.ADVERTISE, offer.type());
        assertEquals(Optional.of(CLIENT), offer.options().clientId());
        assertEquals(List.of(MAC_ADDRESS), addresses(offer), "prefix + MAC: " + offer);
        assertEquals(List.of(Addresses.parse6("2001:db8::53")), offer.options().dnsServers());
        Duid server = offer.options().serverId().orElseThrow();

        ClientServerMessage reply = inner(ask(message(MessageType6.REQUEST).serverId(server).iaNa(IAID, MAC_ADDRESS).build())
                .orElseThrow(() -> new AssertionError("no answer to the Request:\n" + daemon.log())));
        assertEquals(MessageType6.REPLY, reply.type());
        assertEquals(List.of(MAC_ADDRESS), addresses(reply));
        Option6.IaNa ia = reply.options().iaNas().get(0);
        assertEquals(List.of(IAID, 1000L, 2000L), List.of(ia.iaid(), ia.t1(), ia.t2()));

        // The row is written before the Reply leaves.
        Lease6 lease = binding(LeaseFile.load(leaseFile, LeaseCsv6.INSTANCE));
        assertEquals(CLIENT.bytes(), lease.duid());
        assertEquals(IAID, lease.iaid());
        assertEquals(4000, lease.validLifetime());
        assertEquals(2, lease.subnetId());
        assertEquals(MAC, lease.hardwareAddress().orElseThrow().address());
        assertEquals(HwAddrSource.IPV6_LINK_LOCAL, lease.hardwareAddress().orElseThrow().source());
    }

    @Test
    void checkModeNamesTheJsonPointerOfABadValue() throws Exception {
        Files.writeString(config, Files.readString(config).replace("\"valid-lifetime\": 4000", "\"valid-lifetime\": \"soon\""));
        Launcher.Result result = Launcher.run("dhcp6d", directory, "-t", "-cf", config.toString());
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("/Dhcp6/valid-lifetime"), result.output());

        writeConfig("2001:db8::53");
        Launcher.Result good = Launcher.run("dhcp6d", directory, "-t", "-cf", config.toString());
        assertEquals(0, good.exitCode(), good.output());
    }

    @Test
    void onePidFileOneInstanceAndARestartKeepsServerDuidAndBindings() throws Exception {
        Daemon first = start();
        assertEquals(Long.toString(first.process.pid()), Files.readString(pidFile).strip());
        ClientServerMessage offer = inner(ask(message(MessageType6.SOLICIT).iaNa(IAID).build()).orElseThrow());
        Duid server = offer.options().serverId().orElseThrow();
        ask(message(MessageType6.REQUEST).serverId(server).iaNa(IAID, MAC_ADDRESS).build()).orElseThrow();

        Daemon second = launch();
        assertTrue(second.process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "a second instance stops by itself");
        assertNotEquals(0, second.process.exitValue(), second.log());
        assertTrue(second.log().contains("another instance (pid " + first.process.pid() + ") is running"),
                second.log());
        assertTrue(first.process.isAlive(), "the first instance keeps running");
        assertEquals(Long.toString(first.process.pid()), Files.readString(pidFile).strip());

        assertEquals(0, first.terminate(), "SIGTERM is a clean stop:\n" + first.log());
        assertFalse(Files.exists(pidFile), "the pid file is removed");

        Daemon restarted = start();
        ClientServerMessage again = inner(ask(message(MessageType6.SOLICIT).iaNa(IAID).build()).orElseThrow());
        assertEquals(Optional.of(server), again.options().serverId(), "the server DUID survives a restart");
        ClientServerMessage renewed = inner(ask(message(MessageType6.RENEW).serverId(server).iaNa(IAID, MAC_ADDRESS).build())
                .orElseThrow(() -> new AssertionError("no answer to the Renew:\n" + restarted.log())));
        assertEquals(List.of(MAC_ADDRESS), addresses(renewed));
        // The MAC would give the address anyway; that the binding itself came back shows in a
        // Release, which finds it (NoBinding otherwise).
        ClientServerMessage released = inner(ask(message(MessageType6.RELEASE).serverId(server).iaNa(IAID, MAC_ADDRESS)
                .build()).orElseThrow());
        Option6.IaNa ia = released.options().iaNas().get(0);
        assertEquals(Optional.of(Option6.StatusCode.SUCCESS), ia.options().statusCode().map(Option6.StatusCode::status),
                "the binding was read back from the lease file: " + released);
        assertEquals(0, restarted.terminate(), restarted.log());
    }

    @Test
    void sighupReloadsAGoodConfigurationAndKeepsServingOnABadOne() throws Exception {
        Daemon daemon = start();
        assertEquals(List.of(Addresses.parse6("2001:db8::53")), dnsServers());

        Files.writeString(config, "{\"Dhcp6\": {\"subnet6\": [{\"id\": \"two\"}]}}");
        daemon.hangUp();
        daemon.awaitLog("DHCP6_CONFIG_RELOAD_FAILED");
        assertTrue(daemon.process.isAlive(), daemon.log());
        assertEquals(List.of(Addresses.parse6("2001:db8::53")), dnsServers(), "the running configuration stays");

        writeConfig("2001:db8::54");
        daemon.hangUp();
        daemon.awaitLog("DHCP6_CONFIG_RELOADED");
        assertEquals(List.of(Addresses.parse6("2001:db8::54")), dnsServers(), "the new configuration serves");
        assertEquals(0, daemon.terminate(), daemon.log());
    }

    // ---- the daemon ----

    /** One dhcp6d process started by scripts/dhcp6d, its output in a file. */
    private final class Daemon {
        final Process process;
        final Path output;

        Daemon(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        String log() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        void hangUp() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
            assertTrue(kill.waitFor(WAIT_SECONDS, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP");
        }

        void awaitLog(String text) throws InterruptedException {
            await(() -> log().contains(text), "dhcp6d logs " + text, this);
        }

        /** SIGTERM, and the exit code (fails if it does not stop). */
        int terminate() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                fail("dhcp6d does not stop on SIGTERM:\n" + log());
            }
            return process.exitValue();
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    private Daemon launch() throws IOException {
        Path output = directory.resolve("dhcp6d-" + daemons.size() + ".log");
        List<String> command = List.of(Launcher.repository().resolve("scripts/dhcp6d").toString(), "-cf",
                config.toString(), "-lf", leaseFile.toString(), "-pf", pidFile.toString(), "-p",
                Integer.toString(serverPort));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        Daemon daemon = new Daemon(process, output);
        daemons.add(daemon);
        return daemon;
    }

    /** Starts dhcp6d and waits until it answers an Information-Request. */
    private Daemon start() throws IOException, InterruptedException {
        Daemon daemon = launch();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline && daemon.process.isAlive()) {
            if (ask(message(MessageType6.INFORMATION_REQUEST).build(), 200).isPresent()) {
                return daemon;
            }
        }
        fail("dhcp6d does not answer on [::1]:" + serverPort + ":\n" + daemon.log());
        return daemon;
    }

    private static void await(BooleanSupplier condition, String what, Daemon daemon) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " within " + WAIT_SECONDS + " s:\n" + daemon.log());
            }
            Thread.sleep(20);
        }
    }

    // ---- the relay ----

    private Optional<RelayMessage> ask(ClientServerMessage message) throws IOException {
        return ask(message, 5_000);
    }

    /** Sends {@code message} as the relay forwards it (Interface-ID, Relay Source Port) and returns the Relay-Reply. */
    private Optional<RelayMessage> ask(ClientServerMessage message, int timeoutMillis) throws IOException {
        return relay.forward(Dhcp6Messages.relayForward(message, 0, LINK, PEER, Dhcp6Messages.interfaceId(INTERFACE_ID),
                Dhcp6Messages.relaySourcePort(relay.port())), timeoutMillis);
    }

    private List<Inet6Address> dnsServers() throws IOException {
        return inner(ask(message(MessageType6.INFORMATION_REQUEST).oro(23).build()).orElseThrow()).options()
                .dnsServers();
    }

    private static ClientServerMessage inner(RelayMessage reply) {
        return (ClientServerMessage) reply.relayed().orElseThrow();
    }

    private static List<Inet6Address> addresses(ClientServerMessage reply) {
        return reply.options().iaNas().stream().flatMap(ia -> ia.options().iaAddresses().stream())
                .filter(address -> address.validLifetime() > 0).map(Option6.IaAddress::address).toList();
    }

    private static Lease6 binding(LoadedLeases<Lease6> loaded) {
        assertEquals(List.of(), loaded.problems());
        List<Lease6> rows = loaded.leases().stream().filter(row -> row.address().equals(MAC_ADDRESS)).toList();
        assertEquals(1, rows.size(), "one row for " + Addresses.text(MAC_ADDRESS) + ": " + loaded.leases());
        return rows.get(0);
    }

    // ---- the client ----

    /** A message of the client: its Client Identifier and an Elapsed Time already in. */
    private static Dhcp6Messages message(MessageType6 type) {
        return Dhcp6Messages.of(type).clientId(CLIENT).elapsedTime();
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(Addresses.parse6("::"), 0))) {
            return probe.getLocalPort();
        }
    }

    static int freeTcpPort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }
}
