package io.tandem.dhcp6d.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.lease.LoadedLeases;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.LauncherChecks;
import io.tandem.common.testing.ScriptedClient6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/dhcp6d is a stable interface: it starts the packaged daemon from any working directory. */
class Dhcp6dLauncherIT {
    private static final Inet6Address LOOPBACK = Addresses.parse6("::1");
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");

    @TempDir
    Path elsewhere;

    @Test
    void startsThePackagedDaemonFromAnyWorkingDirectory() throws Exception {
        LauncherChecks.assertPackagedVersionAndHelp("dhcp6d", elsewhere);
    }

    @Test
    void rejectsAnUnknownOptionWithUsage() throws Exception {
        LauncherChecks.assertRejectsUnknownOption("dhcp6d", elsewhere);
    }

    @Test
    void startsOnALeaseFileWithAForeignHeaderKeepingItsGoodRowsAndCheckLeasesReportsTheSame() throws Exception {
        Inet6Address address = Addresses.parse6("2001:db8:2::5254:12:3456");
        Duid duid = Duid.fromHex("00030001525400123456");
        String good = LeaseCsv6.INSTANCE.encode(new Lease6(address, duid.bytes(), 4000,
                Instant.now().getEpochSecond() + 4000, 2, 3000, LeaseType.NA, 1, 128, false, false, "",
                Optional.of(HardwareAddress.ethernet(MAC.bytes(), HwAddrSource.IPV6_LINK_LOCAL)), LeaseState.DEFAULT,
                ""));
        String damaged = "address,duid,valid_lif\n" + good + "\n" + good.replace(",4000,", ",-1,") + "\n";
        Path leases = Files.writeString(elsewhere.resolve("leases6.csv"), damaged);

        Launcher.Result check = Launcher.run("dhcp6d", elsewhere, "--check-leases", leases.toString());
        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains(leases + " line 1: not a lease file header"), check.output());
        assertTrue(check.output().contains(leases + " line 3: valid_lifetime '-1'"), check.output());
        assertTrue(check.output().contains(leases + ": 1 rows read, 2 lines skipped"), check.output());

        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            port = probe.getLocalPort();
        }
        int httpPort;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            httpPort = probe.getLocalPort();
        }
        Path config = Files.writeString(elsewhere.resolve("dhcp6d.json"), """
                {"Dhcp6": {
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0},
                  "tftp": {"enabled": false}, "http": {"listen": "[::1]:%d"}, "events": {"channel": ""}
                }}
                """.formatted(httpPort));
        try (LaunchedDaemon daemon = LaunchedDaemon.start("dhcp6d", "DHCP6_LISTENING", elsewhere,
                elsewhere.resolve("dhcp6d.log"), "-cf", config.toString(), "-lf", leases.toString(), "--no-pid", "-p",
                Integer.toString(port))) {
            String log = daemon.output();
            assertTrue(log.contains("DHCP6_LEASE_ROW_SKIPPED " + leases + " line 1: not a lease file header"), log);
            assertTrue(log.contains("DHCP6_LEASE_ROW_SKIPPED " + leases + " line 3: valid_lifetime '-1'"), log);
            assertTrue(log.contains("DHCP6_LEASES_LOADED 1 bindings from " + leases + " (2 lines skipped)"), log);
            assertTrue(log.contains("LEASE_FILE_REWRITTEN " + leases), log);
            try (DatagramSocket relay = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                relay.setSoTimeout(5000);
                Optional<Inet6Address> bound = new ScriptedClient6(duid, 1, List.of(),
                        message -> relayed(relay, port, message)).bind();
                assertEquals(Optional.of(address), bound, daemon.output());
            }
            assertEquals(0, daemon.stop(), daemon.output());
        }
        LoadedLeases<Lease6> after = LeaseFile.load(leases, LeaseCsv6.INSTANCE);
        assertEquals(List.of(), after.problems(), "rewritten under Kea 2.2's header with its good rows");
        try (var listing = Files.list(elsewhere)) {
            Path kept = listing.filter(path -> path.getFileName().toString().startsWith("leases6.csv.damaged-"))
                    .findFirst().orElseThrow();
            assertEquals(damaged, Files.readString(kept));
        }
        Launcher.Result clean = Launcher.run("dhcp6d", elsewhere, "--check-leases", leases.toString());
        assertEquals(0, clean.exitCode(), clean.output());
    }

    /** Sends {@code message} as a relay on {@code [::1]} would and returns the answer inside the Relay-Reply. */
    private static Optional<ClientServerMessage> relayed(DatagramSocket relay, int port, ClientServerMessage message)
            throws IOException {
        RelayMessage forward = Dhcp6Messages.relayForward(message, 0, Addresses.parse6("2001:db8:2::1"),
                MAC.linkLocal(), Dhcp6Messages.relaySourcePort(relay.getLocalPort()));
        byte[] datagram = Dhcp6Codec.encode(forward);
        relay.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress(LOOPBACK, port)));
        byte[] buffer = new byte[65_536];
        DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
        try {
            relay.receive(answer);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(Dhcp6Messages.innermost(Dhcp6Codec.decode(Arrays.copyOf(buffer, answer.getLength()))));
        } catch (DecodeException e) {
            throw new AssertionError("dhcp6d sent an undecodable datagram", e);
        }
    }
}
