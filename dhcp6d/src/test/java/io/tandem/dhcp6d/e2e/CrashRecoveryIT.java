package io.tandem.dhcp6d.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.NetnsLab;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of dhcp6d while two clients keep renewing (dhclient with a DUID-LL and a universally
 * administered MAC, dhcpcd with a DUID-LLT and a locally administered one), then a restart on
 * the same files: every binding is back (the lease file, the daemon's own count), the server
 * DUID is the same (the file, and the Server Identifier in the Replies the clients get to their
 * next Renew, which a server with another DUID would have to ignore), and Debian's kea-dhcp6
 * reads the lease file and the server DUID file without complaint.
 *
 * <p>Timers of a few seconds make the clients renew every 2 s: renew 2, rebind 3, preferred 8,
 * valid 12 (dhclient and dhcpcd both accept these; the valid lifetime leaves room for the restart
 * before any binding expires).
 */
@Tag("system")
class CrashRecoveryIT {
    private static final String CONFIG = """
            {"Dhcp6": {
              "interfaces-config": {"interfaces": ["srv0", "srv1"]},
              "preferred-lifetime": 8, "valid-lifetime": 12, "renew-timer": 2, "rebind-timer": 3,
              "subnet6": [
                {"id": 1, "subnet": "2001:db8:1::/64", "interface": "srv0",
                 "mac-addressing": {"prefix": "2001:db8:1::/80"}},
                {"id": 2, "subnet": "2001:db8:2::/64", "interface": "srv1",
                 "mac-addressing": {"prefix": "2001:db8:2::/80"}}
              ]}}
            """;
    private static final Pattern KEA_LEASE = Pattern.compile(
            "DHCPSRV_MEMFILE_LEASE_LOAD loading lease .*?Address:\\s+(\\S+).*?DUID:\\s+(\\S+)", Pattern.DOTALL);

    @TempDir
    Path work;
    private NetnsLab lab;
    private NetnsLab.Namespace server;
    private Dhcp6dProcess daemon;
    private final List<Dhcp6dProcess> daemons = new ArrayList<>();
    private Dhclient dhclient;
    private Dhcpcd dhcpcd;
    private LabProcess kea;

    @AfterEach
    void cleanUp() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyBindingAndTheServerDuidSurviveKill9AndKeaReadsTheFiles() throws IOException {
        NetnsLab.requireCommands("dhclient", "dhcpcd", "kea-dhcp6");
        lab = NetnsLab.create(work.resolve("lab"));
        server = lab.namespace("srv");
        NetnsLab.Namespace clientA = lab.namespace("cla");
        NetnsLab.Namespace clientB = lab.namespace("clb");
        String macA = NetnsLab.universalMac(0x50);
        String macB = NetnsLab.localMac(0x51);
        lab.veth(clientA, "cli0", macA, server, "srv0", NetnsLab.universalMac(0xfe));
        lab.veth(clientB, "cli0", macB, server, "srv1", NetnsLab.universalMac(0xfd));
        daemon = Dhcp6dProcess.start(lab, server, work.resolve("dhcp6d"), CONFIG);
        daemons.add(daemon);

        dhclient = Dhclient.start(lab, clientA, "cli0", work.resolve("dhclient"), true);
        dhcpcd = Dhcpcd.start(lab, clientB, "cli0", work.resolve("dhcpcd"), false);
        RealClient.Bound a = dhclient.awaitBound(Duration.ofSeconds(20), this::evidence);
        RealClient.Bound b = dhcpcd.awaitBound(Duration.ofSeconds(20), this::evidence);
        assertEquals(PrefixPlusMac.address("2001:db8:1::/80", macA), a.address(), this::message);
        assertEquals(PrefixPlusMac.address("2001:db8:2::/80", macB), b.address(), this::message);

        // Both renew every 2 s; after their second renewal, dhcp6d dies without warning.
        long renewing = System.currentTimeMillis();
        NetnsLab.await(Duration.ofSeconds(20), "two renewals by each client",
                () -> dhclient.hooks().count("RENEW6", renewing) >= 2 && dhcpcd.hooks().count("RENEW6", renewing) >= 2,
                this::message);
        String serverDuid = daemon.storedServerDuid();
        assertEquals(serverDuid, daemon.loggedServerDuid(), this::message);
        Instant killed = Instant.now();
        daemon.kill9();
        assertEquals(Optional.of(137), daemon.process().exitCode(), "kill -9 ends the JVM with status 128 + 9");
        assertTrue(Files.exists(daemon.pidFile()), "a killed daemon cannot remove its pid file");

        // What the file says was acknowledged: both clients' bindings, live.
        Bindings.awaitWholeFile(daemon, this::message);
        List<Lease6> live = LeaseFile.latestPerBinding(daemon.leases().leases()).stream()
                .filter(row -> !row.isExpired(killed)).toList();
        assertHolds(live, a, "before the restart");
        assertHolds(live, b, "before the restart");
        long rowsBefore = daemon.leases().leases().size();

        // Restart on the same files (the stale pid file is taken over).
        long restarted = System.currentTimeMillis();
        daemon = Dhcp6dProcess.start(lab, server, daemon.config(), daemon.leaseFile(), daemon.pidFile());
        daemons.add(daemon);
        assertEquals(live.size(), daemon.leasesLoaded().orElse(-1),
                () -> "DHCP6_LEASES_LOADED should count the " + live.size() + " live bindings " + live + message());
        assertEquals(serverDuid, daemon.loggedServerDuid(), () -> "the server DUID changed" + message());
        assertEquals(serverDuid, daemon.storedServerDuid(), () -> "the server DUID file changed" + message());

        // Each client's next Renew names the server's DUID; the restarted daemon answers it, with that DUID.
        Bytes serverDuidBytes = Bytes.fromHex(serverDuid);
        for (HookLog hooks : List.of(dhclient.hooks(), dhcpcd.hooks())) {
            NetnsLab.await(Duration.ofSeconds(20), "a Reply to a Renew from the restarted dhcp6d in " + hooks.file(),
                    () -> hooks.events().stream().anyMatch(event -> event.millis() >= restarted
                            && event.reason().equals("RENEW6")
                            && event.bytes("new_dhcp6_server_id").equals(Optional.of(serverDuidBytes))),
                    this::message);
        }
        assertHolds(LeaseFile.latestPerBinding(daemon.leases().leases()), a, "after the restart");
        assertHolds(LeaseFile.latestPerBinding(daemon.leases().leases()), b, "after the restart");
        assertTrue(daemon.leases().leases().size() > rowsBefore, this::message);
        Bindings.assertRecorded(daemon, a, a.address(), macA, 1, HwAddrSource.IPV6_LINK_LOCAL, this::message);
        Bindings.assertRecorded(daemon, b, b.address(), macB, 2, HwAddrSource.IPV6_LINK_LOCAL, this::message);

        // A clean stop: status 0, pid file gone. The clients stop without releasing.
        dhclient.stop();
        dhcpcd.stop();
        assertEquals(0, daemon.stop(), () -> "dhcp6d's exit status after SIGTERM" + message());
        assertFalse(Files.exists(daemon.pidFile()), () -> "SIGTERM should remove the pid file" + message());

        keaReadsTheFiles(serverDuid, List.of(a, b));
    }

    /** kea-dhcp6 started on the same lease file and server DUID, logging at debug level, then stopped. */
    private void keaReadsTheFiles(String serverDuid, List<RealClient.Bound> bindings) throws IOException {
        Path keaDirectory = Files.createDirectories(work.resolve("kea"));
        Path config = keaDirectory.resolve("kea-dhcp6.json");
        // data-directory is where Kea keeps kea-dhcp6-serverid: the lease file's directory.
        Files.writeString(config, """
                {"Dhcp6": {
                  "interfaces-config": {"interfaces": ["srv0", "srv1"]},
                  "data-directory": "%s",
                  "lease-database": {"type": "memfile", "name": "%s", "lfc-interval": 0},
                  "subnet6": [
                    {"id": 1, "subnet": "2001:db8:1::/64", "interface": "srv0", "pools": [{"pool": "2001:db8:1::/80"}]},
                    {"id": 2, "subnet": "2001:db8:2::/64", "interface": "srv1", "pools": [{"pool": "2001:db8:2::/80"}]}
                  ],
                  "loggers": [{"name": "kea-dhcp6", "output_options": [{"output": "stdout"}],
                               "severity": "DEBUG", "debuglevel": 99}]
                }}
                """.formatted(daemon.leaseFile().getParent(), daemon.leaseFile()));
        String serverDuidFile = Evidence.read(daemon.serverDuidFile());
        kea = lab.start("kea-dhcp6", server, "env", "KEA_PIDFILE_DIR=" + keaDirectory,
                "KEA_LOCKFILE_DIR=" + keaDirectory, "kea-dhcp6", "-c", config.toString());
        NetnsLab.await(Duration.ofSeconds(20), "kea-dhcp6 to start (DHCP6_STARTED)",
                () -> !kea.isAlive() || kea.output().contains("DHCP6_STARTED"), this::message);
        int status = kea.stop(Duration.ofSeconds(10));
        String log = kea.output();
        assertTrue(log.contains("DHCP6_STARTED"), () -> "kea-dhcp6 did not start" + message());
        List<String> complaints = log.lines().filter(line -> line.contains(" ERROR ") || line.contains(" FATAL ")
                || line.contains(" WARN ")
                        && Stream.of("LEASE", "MEMFILE", "SERVERID", "DUID").anyMatch(line::contains))
                .toList();
        List<String> loaded = new ArrayList<>();
        Matcher matcher = KEA_LEASE.matcher(log);
        while (matcher.find()) {
            loaded.add(matcher.group(2) + " " + Addresses.parse6(matcher.group(1)).getHostAddress());
        }
        List<String> wanted = bindings.stream()
                .map(binding -> binding.duid().bytes().colonHex() + " " + binding.address().getHostAddress()).toList();
        // One report for everything Kea thought of the files; the evidence once, after the findings.
        assertAll("kea-dhcp6 on dhcp6d's files (what was seen follows the failures)" + message(),
                () -> assertEquals(0, status, "kea-dhcp6's exit status after SIGTERM"),
                () -> assertTrue(complaints.isEmpty(), () -> "kea-dhcp6 complained: " + complaints),
                () -> assertTrue(log.contains("DHCPSRV_MEMFILE_LEASE_FILE_LOAD loading leases from file "
                        + daemon.leaseFile()), "kea-dhcp6 did not say it loaded the lease file"),
                () -> assertTrue(loaded.containsAll(wanted),
                        () -> "kea-dhcp6 should load " + wanted + " (DUID address); it loaded " + loaded),
                () -> assertTrue(log.contains("DHCP6_USING_SERVERID server is using server-id " + serverDuid),
                        () -> "kea-dhcp6 did not take dhcp6d's server DUID " + serverDuid + " from "
                                + daemon.serverDuidFile() + ", which held '" + serverDuidFile.replace("\n", "\\n")
                                + "' (Kea 2.2 reads that file token by token and repeats the last token after a "
                                + "trailing newline); it logged "
                                + log.lines().filter(line -> line.contains("SERVERID")).toList()
                                + " and the file now holds '" + Evidence.read(daemon.serverDuidFile()) + "'"));
    }

    private void assertHolds(List<Lease6> rows, RealClient.Bound bound, String when) {
        Inet6Address address = bound.address();
        assertTrue(rows.stream().anyMatch(row -> row.duid().equals(bound.duid().bytes()) && row.iaid() == bound.iaid()
                && row.address().equals(address) && !row.isRelease()),
                () -> "no live binding for " + bound + " " + when + " among " + rows + message());
    }

    private Evidence evidence() {
        Evidence evidence = new Evidence();
        for (Dhcp6dProcess each : daemons) {
            evidence.section("dhcp6d (" + each.process() + ") log", each.log());
        }
        if (daemon != null) {
            evidence.file("lease file", daemon.leaseFile()).file("server DUID file", daemon.serverDuidFile());
        }
        if (dhclient != null) {
            dhclient.describe(evidence);
        }
        if (dhcpcd != null) {
            dhcpcd.describe(evidence);
        }
        if (kea != null) {
            evidence.section("kea-dhcp6 (" + kea + ") output", kea.output());
        }
        return evidence;
    }

    private String message() {
        return evidence().toString();
    }
}
