package io.tandem.dhcp4o6d.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.client.ClientMessages;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseCsv4;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LoadedLeases;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.LauncherChecks;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/dhcp4o6d is a stable interface: it starts the packaged daemon from any working directory. */
class Dhcp4o6dLauncherIT {
    @TempDir
    Path elsewhere;

    @Test
    void startsThePackagedDaemonFromAnyWorkingDirectory() throws Exception {
        LauncherChecks.assertPackagedVersionAndHelp("dhcp4o6d", elsewhere);
    }

    @Test
    void rejectsAnUnknownOptionWithUsage() throws Exception {
        LauncherChecks.assertRejectsUnknownOption("dhcp4o6d", elsewhere);
    }

    @Test
    void checksTheExampleConfiguration() throws Exception {
        Launcher.Result result = Launcher.run("dhcp4o6d", elsewhere, "-t", "-cf",
                Launcher.repository().resolve("conf/dhcp4o6d.json").toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("configuration is valid"), result.output());
        assertFalse(result.output().contains("warning"), result.output());
    }

    @Test
    void checkingReportsErrorsWithTheirPointersAndWarnsAboutServerIdentifiers() throws Exception {
        Path bad = Files.writeString(elsewhere.resolve("bad.json"), "{\"Dhcp4\": {\"subnet4\": [{\"subnet\": \"192.0.2.1\"}]}}");
        Launcher.Result result = Launcher.run("dhcp4o6d", elsewhere, "-t", "-cf", bad.toString());
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("error: /Dhcp4/subnet4/0/subnet: expected an IPv4 prefix"), result.output());

        Path noServerId = Files.writeString(elsewhere.resolve("plain.json"),
                "{\"Dhcp4\": {\"loggers\": [], \"subnet4\": [{\"subnet\": \"192.0.2.0/24\"}]}}");
        Launcher.Result warned = Launcher.run("dhcp4o6d", elsewhere, "-t", "-cf", noServerId.toString());
        assertEquals(0, warned.exitCode(), warned.output());
        assertTrue(warned.output().contains("warning: /Dhcp4/loggers: Kea key not implemented by Tandem, ignored"),
                warned.output());
        assertTrue(warned.output().contains("warning: /Dhcp4/subnet4/0: subnet 1 (192.0.2.0/24) has no"
                + " dhcp-server-identifier"), warned.output());
    }

    @Test
    void refusesToRunWithoutAConfigurationOrAPortPair() throws Exception {
        Launcher.Result noConfig = Launcher.run("dhcp4o6d", elsewhere, "-4", "-4o6", "6767");
        assertEquals(2, noConfig.exitCode(), noConfig.output());
        assertTrue(noConfig.output().contains("-cf FILE"), noConfig.output());

        Path config = Files.writeString(elsewhere.resolve("noport.json"), "{\"Dhcp4\": {\"valid-lifetime\": 7200}}");
        Launcher.Result noPort = Launcher.run("dhcp4o6d", elsewhere, "-cf", config.toString(), "--no-pid", "-lf",
                elsewhere.resolve("leases4.csv").toString());
        assertEquals(1, noPort.exitCode(), noPort.output());
        assertTrue(noPort.output().contains("give -4o6 PORT or set dhcp4o6-port"), noPort.output());
    }

    /**
     * The pair's example copied onto a host whose interface is not eth0: dhcp4o6d says so at
     * start, and the queries that then land in no subnet are WARN lines, not silence.
     */
    @Test
    void aForeignFourOverSixInterfaceIsWarnedAboutAndItsDropsAreWarnings() throws Exception {
        Path config = Files.writeString(elsewhere.resolve("dhcp4o6d.json"), """
                { "Dhcp4": { "subnet4": [
                  { "id": 1, "subnet": "192.0.2.0/24", "4o6-interface": "tnd-absent0",
                    "option-data": [ { "name": "dhcp-server-identifier", "data": "192.0.2.1" } ],
                    "pools": [ { "pool": "192.0.2.10 - 192.0.2.20" } ] },
                  { "id": 2, "subnet": "198.51.100.0/24", "4o6-interface": "lo",
                    "option-data": [ { "name": "dhcp-server-identifier", "data": "198.51.100.1" } ] } ] } }
                """);
        try (PartnerSocket partner = PartnerSocket.bindFreePair();
             LaunchedDaemon daemon = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", elsewhere,
                     elsewhere.resolve("dhcp4o6d.log"), "-4", "-4o6", Integer.toString(partner.port()), "-cf",
                     config.toString(), "-lf", elsewhere.resolve("leases4.csv").toString(), "--no-pid")) {
            assertTrue(Pattern.compile("WARN +Dhcp4o6Daemon DHCP4O6_INTERFACE_UNKNOWN subnet 1 has 4o6-interface"
                    + " tnd-absent0, which is not an interface of this host").matcher(daemon.output()).find(),
                    daemon.output());
            assertFalse(daemon.output().contains("4o6-interface lo,"), "lo is one: " + daemon.output());
            partner.send(new Dhcp4o6Ipc.Envelope(ClientMessages.query(new ClientMessages(Bytes.fromHex("00005e005301"))
                    .discover(0x601), false), "eth7", Addresses.parse6("fe80::200:5eff:fe00:5301"), 546));
            daemon.awaitOutput("DHCP4O6_PACKET_DROPPED no-subnet: DHCPDISCOVER from");
            assertTrue(Pattern.compile("WARN +Dhcp4o6PacketHandler DHCP4O6_PACKET_DROPPED no-subnet")
                    .matcher(daemon.output()).find(), daemon.output());
            assertEquals(0, daemon.stop(), daemon.output());
            // Addresses in the short form, drop counts by their metric labels: no Java object dumps.
            assertTrue(daemon.output().contains("DHCP4O6_EVENTS_CHANNEL events go to [::1]:6316 (UDP)"), daemon.output());
            assertTrue(daemon.output().contains(", dropped no-subnet 1;"), daemon.output());
        }
    }

    @Test
    void startsOnADamagedLeaseFileWithEveryGoodRowAndCheckLeasesReportsTheSame() throws Exception {
        Inet4Address kept = Addresses.parse4("192.0.2.15");
        Bytes mac = Bytes.fromHex("00005e005301");
        long expire = Instant.now().getEpochSecond() + 600;
        String good = LeaseCsv4.INSTANCE.encode(new Lease4(kept, mac, Bytes.EMPTY, 600, expire, 1, false, false, "",
                LeaseState.DEFAULT, ""));
        String other = LeaseCsv4.INSTANCE.encode(new Lease4(Addresses.parse4("192.0.2.16"),
                Bytes.fromHex("00005e005302"), Bytes.EMPTY, 600, expire, 1, false, false, "", LeaseState.DEFAULT, ""));
        Path leases = Files.writeString(elsewhere.resolve("leases4.csv"), LeaseCsv4.INSTANCE.keaHeader().line() + "\n"
                + good + "\n" + other.replace(",600,", ",six hundred,") + "\n" + other.substring(0, 25));

        Launcher.Result check = Launcher.run("dhcp4o6d", elsewhere, "--check-leases", leases.toString());
        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains(leases + " line 3: valid_lifetime 'six hundred'"), check.output());
        assertTrue(check.output().contains(leases + " line 4: "), check.output());
        assertTrue(check.output().contains("(a write cut short)"), check.output());
        assertTrue(check.output().contains(leases + ": 1 rows read, 2 lines skipped"), check.output());

        Path config = Files.writeString(elsewhere.resolve("dhcp4o6d.json"), """
                { "Dhcp4": { "valid-lifetime": 600, "subnet4": [
                  { "id": 1, "subnet": "192.0.2.0/24", "4o6-interface": "link0",
                    "option-data": [ { "name": "dhcp-server-identifier", "data": "192.0.2.1" } ],
                    "pools": [ { "pool": "192.0.2.10 - 192.0.2.20" } ] } ] } }
                """);
        try (PartnerSocket partner = PartnerSocket.bindFreePair();
             LaunchedDaemon daemon = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", elsewhere,
                     elsewhere.resolve("dhcp4o6d.log"), "-4", "-4o6", Integer.toString(partner.port()), "-cf",
                     config.toString(), "-lf", leases.toString(), "--no-pid")) {
            daemon.awaitOutput("DHCP4O6_LEASES_LOADED 1 leases from " + leases + " (2 lines skipped)");
            assertTrue(daemon.output().contains("DHCP4O6_LEASE_ROW_SKIPPED " + leases + " line 3: valid_lifetime"),
                    daemon.output());
            assertTrue(daemon.output().contains("DHCP4O6_LEASE_ROW_SKIPPED " + leases + " line 4: "), daemon.output());
            // The good row was kept: its client, RENEWING, is acknowledged on its address.
            partner.send(new Dhcp4o6Ipc.Envelope(ClientMessages.query(new ClientMessages(mac).renew(0x501, kept), true),
                    "link0", Addresses.parse6("fe80::200:5eff:fe00:5301"), 546));
            Dhcp4Message ack = ClientMessages.answer(partner.receive(Duration.ofSeconds(5)).orElseThrow(
                    () -> new AssertionError("no answer to the renewal")).message());
            assertEquals(MessageType4.ACK, ack.messageType().orElseThrow());
            assertEquals(kept, ack.yiaddr());
            assertEquals(0, daemon.stop(), daemon.output());
        }
        // The renewal's row starts on a line of its own: only the two damaged lines are skipped.
        LoadedLeases<Lease4> after = LeaseFile.load(leases, LeaseCsv4.INSTANCE);
        assertEquals(List.of(3L, 4L), after.problems().stream().map(LoadedLeases.Problem::line).toList());
        assertEquals(2, after.leases().size());

        Path clean = Files.writeString(elsewhere.resolve("clean.csv"), LeaseCsv4.INSTANCE.keaHeader().line() + "\n"
                + good + "\n");
        Launcher.Result cleanCheck = Launcher.run("dhcp4o6d", elsewhere, "--check-leases", clean.toString());
        assertEquals(0, cleanCheck.exitCode(), cleanCheck.output());
        assertTrue(cleanCheck.output().contains(clean + ": 1 rows read, 0 lines skipped"), cleanCheck.output());
    }
}
