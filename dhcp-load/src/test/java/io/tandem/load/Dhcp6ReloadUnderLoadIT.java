package io.tandem.load;

import static io.tandem.common.testing.LoadWithReloads.assertEveryExchangeCompleted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.common.testing.FreePorts;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.LoadWithReloads;
import io.tandem.common.testing.LoadWithReloads.Reload;
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
 * dhcp6d reloaded while 1,000 relayed clients bind from a pool ({@code scripts/dhcp-load} on a server
 * port of [::1], 200 SARR/s): first a run without reloads, then one with two SIGHUPs and two
 * config-reload commands, each while clients bind and three of them with a new valid-lifetime.
 * Both runs complete every exchange they start; in the reloaded one each new lifetime shows in the
 * rows written after its reload, every acknowledged lease is in the lease file and in
 * {@code GET /leases}, and the daemon still holds every socket it had before (none closed and
 * reopened). The pair's reload: dhcp4o6d's {@code PairReloadUnderLoadIT}.
 */
@Tag("system")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class Dhcp6ReloadUnderLoadIT {
    private static final int CLIENTS = 1000;
    /**
     * 200/s for 5 s plans 1,000 exchanges (999 when the plan's last falls on the step's end); a
     * generator starved of CPU on a busy machine may not start the last few before the step ends.
     */
    private static final int AT_LEAST = 950;
    private static final String DUID_LL = "00:03:00:01:";

    @TempDir
    Path directory;

    private int httpPort;

    private String config(int validLifetime) {
        return """
                {"Dhcp6": {
                  "valid-lifetime": %d,
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "pools": [{"pool": "2001:db8:2::1:0 - 2001:db8:2::1:ffff"}]}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0},
                  "http": {"listen": "[::1]:%d", "control-users": %s},
                  "events": {"channel": ""}
                }}
                """.formatted(validLifetime, httpPort, LoadWithReloads.CONTROL_USERS);
    }

    @Test
    void sighupAndConfigReloadWhileAThousandClientsBindLoseNoExchangeAndNoLease() throws Exception {
        int serverPort = FreePorts.udp();
        httpPort = FreePorts.tcp();
        Path config = Files.writeString(directory.resolve("dhcp6d.json"), config(4000));
        Path leaseFile = directory.resolve("leases6.csv");
        try (LaunchedDaemon dhcp6d = LaunchedDaemon.start("dhcp6d", "DHCP6_LISTENING", directory,
                directory.resolve("dhcp6d.log"), "-cf", config.toString(), "--no-pid", "-lf", leaseFile.toString(),
                "-p", Integer.toString(serverPort))) {
            Set<String> sockets = LoadWithReloads.socketInodes(dhcp6d.pid());
            LoadWithReloads.Run quiet = LoadWithReloads.run(directory, "quiet", leaseFile, List.of(),
                    load(serverPort, "02:00:00:01:00:00"));
            assertEveryExchangeCompleted(quiet, AT_LEAST, dhcp6d.output());

            int before = LoadWithReloads.rows(leaseFile);
            List<Reload> reloads = List.of(
                    new Reload(before + 100, "SIGHUP with valid-lifetime 3001", () -> {
                        Files.writeString(config, config(3001));
                        dhcp6d.signal("HUP");
                    }),
                    new Reload(before + 350, "config-reload with valid-lifetime 3002", () -> {
                        Files.writeString(config, config(3002));
                        LoadWithReloads.command(httpPort, "config-reload");
                    }),
                    new Reload(before + 600, "SIGHUP with valid-lifetime 3003", () -> {
                        Files.writeString(config, config(3003));
                        dhcp6d.signal("HUP");
                    }),
                    new Reload(before + 850, "config-reload of the same file", () ->
                            LoadWithReloads.command(httpPort, "config-reload")));
            LoadWithReloads.Run reloaded = LoadWithReloads.run(directory, "reloaded", leaseFile, reloads,
                    load(serverPort, "02:00:00:02:00:00"));
            String context = dhcp6d.output();
            assertEveryExchangeCompleted(reloaded, AT_LEAST, context);
            dhcp6d.awaitOutput("DHCP6_CONFIG_RELOADED");
            assertEquals(reloads.size(), context.split("DHCP6_CONFIG_RELOADED", -1).length - 1, context);

            Set<String> rows = LoadWithReloads.rowPrefixes(leaseFile, 3);
            Set<String> held = new HashSet<>();
            for (JsonNode lease : LoadWithReloads.leases(httpPort)) {
                held.add(lease.get("ip-address").asText() + "," + lease.get("duid").asText());
            }
            Set<Long> lifetimes = new HashSet<>();
            for (String row : rows) {
                lifetimes.add(Long.parseLong(row.substring(row.lastIndexOf(',') + 1)));
            }
            assertTrue(lifetimes.containsAll(List.of(4000L, 3001L, 3002L, 3003L)),
                    "each reload took effect while clients bound: " + lifetimes);
            LoadWithReloads.assertAckedLeasesHeld(List.of(quiet, reloaded), ack -> ack[1] + "," + DUID_LL + ack[0],
                    LoadWithReloads.rowPrefixes(leaseFile, 2), held);
            LoadWithReloads.report("Dhcp6ReloadUnderLoadIT", quiet, reloaded);
            Set<String> after = LoadWithReloads.socketInodes(dhcp6d.pid());
            assertTrue(after.containsAll(sockets), "no socket closed and reopened: " + sockets + " then " + after);
        }
    }

    private static String[] load(int serverPort, String firstMac) {
        return new String[] {"--server", "::1", "--port", Integer.toString(serverPort), "--relay-link",
            "2001:db8:2::1", "--mac", firstMac, "--clients", Integer.toString(CLIENTS), "--rate", "200",
            "--step-seconds", "5", "--timeout", "5000"};
    }
}
