package io.tandem.dhcp4o6d.daemon;

import static io.tandem.common.testing.LoadWithReloads.assertEveryExchangeCompleted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.common.testing.FreePorts;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.LoadWithReloads;
import io.tandem.common.testing.LoadWithReloads.Reload;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Tandem pair on [::1] reloaded while 1,000 relayed 4o6 clients bind ({@code scripts/dhcp-load
 * --exchange dora}, 100 DORA/s for 10 s): dhcp4o6d by SIGHUP and by config-reload, each with a new
 * valid-lifetime, and dhcp6d by SIGHUP, all while clients bind. Every exchange started completes
 * (as in a run without reloads just before), each new lifetime shows in the rows written after its
 * reload, every acknowledged lease is in leases4.csv and dhcp4o6d's {@code GET /leases}, and neither
 * daemon closed and reopened a socket (its port-pair end included).
 */
@Tag("system")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PairReloadUnderLoadIT {
    private static final int CLIENTS = 1000;
    /**
     * 100/s for 10 s plans 1,000 exchanges (999 when the plan's last falls on the step's end); a
     * generator starved of CPU on a busy machine may not start the last few before the step ends.
     */
    private static final int AT_LEAST = 950;

    @TempDir
    Path directory;

    private int httpPort4;

    private String config4(int validLifetime) {
        return """
                {"Dhcp4": {
                  "valid-lifetime": %d,
                  "subnet4": [{"id": 1, "subnet": "10.64.0.0/16", "4o6-interface-id": "load",
                               "option-data": [{"name": "dhcp-server-identifier", "data": "10.64.0.1"}],
                               "pools": [{"pool": "10.64.0.10 - 10.64.255.250"}]}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0},
                  "http": {"listen": "[::1]:%d", "control-users": %s},
                  "events": {"channel": ""}
                }}
                """.formatted(validLifetime, httpPort4, LoadWithReloads.CONTROL_USERS);
    }

    @Test
    void sighupAndConfigReloadOfBothDaemonsWhileAThousandClientsBindLoseNoExchangeAndNoLease() throws Exception {
        int pairPort;
        try (PartnerSocket probe = PartnerSocket.bindFreePair()) {
            pairPort = probe.port();
        }
        int serverPort = FreePorts.udp();
        httpPort4 = FreePorts.tcp();
        Path config4 = Files.writeString(directory.resolve("dhcp4o6d.json"), config4(4000));
        Path config6 = Files.writeString(directory.resolve("dhcp6d.json"), """
                {"Dhcp6": {
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "http": {"listen": "[::1]:%d"},
                  "events": {"channel": ""}
                }}
                """.formatted(FreePorts.tcp()));
        Path leaseFile = directory.resolve("leases4.csv");
        try (LaunchedDaemon dhcp4o6d = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", directory,
                directory.resolve("dhcp4o6d.log"), "-4", "-4o6", Integer.toString(pairPort), "-cf", config4.toString(),
                "--no-pid", "-lf", leaseFile.toString());
             LaunchedDaemon dhcp6d = LaunchedDaemon.start("dhcp6d", "DHCP4O6_PAIRED", directory,
                     directory.resolve("dhcp6d.log"), "-4o6", Integer.toString(pairPort), "-cf", config6.toString(),
                     "--no-pid", "-lf", directory.resolve("leases6.csv").toString(), "-p",
                     Integer.toString(serverPort))) {
            Set<String> sockets4 = LoadWithReloads.socketInodes(dhcp4o6d.pid());
            Set<String> sockets6 = LoadWithReloads.socketInodes(dhcp6d.pid());
            LoadWithReloads.Run quiet = LoadWithReloads.run(directory, "quiet", leaseFile, List.of(),
                    load(serverPort, "02:00:00:01:00:00"));
            assertEveryExchangeCompleted(quiet, AT_LEAST, dhcp4o6d.output());

            int before = LoadWithReloads.rows(leaseFile);
            List<Reload> reloads = List.of(
                    new Reload(before + 150, "dhcp4o6d's SIGHUP with valid-lifetime 3001", () -> {
                        Files.writeString(config4, config4(3001));
                        dhcp4o6d.signal("HUP");
                    }),
                    new Reload(before + 400, "dhcp6d's SIGHUP", () -> dhcp6d.signal("HUP")),
                    new Reload(before + 600, "dhcp4o6d's config-reload with valid-lifetime 3002", () -> {
                        Files.writeString(config4, config4(3002));
                        LoadWithReloads.command(httpPort4, "config-reload");
                    }));
            LoadWithReloads.Run reloaded = LoadWithReloads.run(directory, "reloaded", leaseFile, reloads,
                    load(serverPort, "02:00:00:02:00:00"));
            String context = dhcp4o6d.output() + dhcp6d.output();
            assertEveryExchangeCompleted(reloaded, AT_LEAST, context);
            dhcp6d.awaitOutput("DHCP6_CONFIG_RELOADED");
            assertEquals(2, dhcp4o6d.output().split("DHCP4O6_CONFIG_RELOADED", -1).length - 1, context);

            Set<String> rows = LoadWithReloads.rowPrefixes(leaseFile, 4);
            Set<Long> lifetimes = new HashSet<>();
            Set<String> addressAndMac = new HashSet<>();
            for (String row : rows) {
                String[] fields = row.split(",");
                lifetimes.add(Long.parseLong(fields[3]));
                addressAndMac.add(fields[0] + "," + fields[1]);
            }
            assertTrue(lifetimes.containsAll(List.of(4000L, 3001L, 3002L)),
                    "each reload took effect while clients bound: " + lifetimes);
            Set<String> held = new HashSet<>();
            for (JsonNode lease : LoadWithReloads.leases(httpPort4)) {
                held.add(lease.get("ip-address").asText() + "," + lease.get("hw-address").asText());
            }
            LoadWithReloads.assertAckedLeasesHeld(List.of(quiet, reloaded), ack -> ack[1] + "," + ack[0],
                    addressAndMac, held);
            LoadWithReloads.report("PairReloadUnderLoadIT", quiet, reloaded);
            assertTrue(LoadWithReloads.socketInodes(dhcp4o6d.pid()).containsAll(sockets4), "dhcp4o6d's sockets");
            assertTrue(LoadWithReloads.socketInodes(dhcp6d.pid()).containsAll(sockets6), "dhcp6d's sockets");
        }
    }

    private static String[] load(int serverPort, String firstMac) {
        return new String[] {"--exchange", "dora", "--server", "::1", "--port", Integer.toString(serverPort),
            "--relay-link", "2001:db8:2::1", "--interface-id", "load", "--mac", firstMac, "--clients",
            Integer.toString(CLIENTS), "--rate", "100", "--step-seconds", "10", "--timeout", "10000"};
    }
}
