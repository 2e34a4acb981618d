package io.tandem.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.testing.FreePorts;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/dhcp-load} against dhcp6d ({@code scripts/dhcp6d} on a server port of [::1]), at
 * a low rate for 2 s each: relayed SARR (Relay-Forward with the Relay Source Port option) and
 * direct SARR (from the client port {@code -P}; each client's MAC in its DUID-LL, since ::1 names
 * none) each complete every exchange, and each client's lease is its MAC-fixed address. The 4o6
 * pair's DORA: dhcp4o6d's {@code DhcpLoadPairIT}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DhcpLoadLoopbackIT {
    @TempDir
    static Path directory;

    private static LaunchedDaemon dhcp6d;
    private static int serverPort;
    private static int clientPort;

    @BeforeAll
    static void startDhcp6d() throws Exception {
        serverPort = FreePorts.udp();
        clientPort = FreePorts.udp();
        Path config = Files.writeString(directory.resolve("dhcp6d.json"), """
                {"Dhcp6": {
                  "interfaces-config": {"interfaces": ["lo"]},
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}},
                              {"id": 3, "subnet": "2001:db8:3::/64", "interface": "lo",
                               "mac-addressing": {"prefix": "2001:db8:3::/80"}}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0},
                  "tftp": {"enabled": false},
                  "http": {"listen": "[::1]:%d"},
                  "events": {"channel": ""}
                }}
                """.formatted(FreePorts.tcp()));
        dhcp6d = LaunchedDaemon.start("dhcp6d", "DHCP6_LISTENING", directory, directory.resolve("dhcp6d.log"),
                "-cf", config.toString(), "--no-pid", "-lf", directory.resolve("leases6.csv").toString(), "-p",
                Integer.toString(serverPort), "-P", Integer.toString(clientPort));
    }

    @AfterAll
    static void stopDhcp6d() {
        if (dhcp6d != null) {
            dhcp6d.close();
        }
    }

    private static JsonNode load(String name, String... route) throws Exception {
        Path json = directory.resolve(name + ".json");
        List<String> arguments = new ArrayList<>(List.of(route));
        arguments.addAll(List.of("--port", Integer.toString(serverPort), "--rate", "100", "--step-seconds", "2",
                "--timeout", "5000", "--json", json.toString()));
        Launcher.Result result = Launcher.run("dhcp-load", directory, arguments.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.output());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        JsonNode step = report.get("steps").get(0);
        String context = report + "\n" + dhcp6d.output();
        assertTrue(step.get("completed").asLong() > 0, context);
        assertEquals(step.get("started").asLong(), step.get("completed").asLong(), context);
        assertEquals(0.0, step.get("loss-percent").asDouble(), context);
        return report;
    }

    @Test
    void relayedClientsCompleteEverySarr() throws Exception {
        JsonNode report = load("relayed", "--server", "::1", "--relay-link", "2001:db8:2::1", "--mac",
                "02:00:00:00:20:00");
        assertEquals("sarr-relayed", report.get("exchange").asText());
        assertTrue(Files.readString(directory.resolve("leases6.csv")).contains("2001:db8:2::200:0:2000,"
                + "00:03:00:01:02:00:00:00:20:00,"), "the first client's MAC-fixed lease");
    }

    @Test
    void directClientsCompleteEverySarr() throws Exception {
        JsonNode report = load("direct", "--server", "::1", "--client-port", Integer.toString(clientPort), "--mac",
                "02:00:00:00:30:00");
        assertEquals("sarr", report.get("exchange").asText());
        assertTrue(Files.readString(directory.resolve("leases6.csv")).contains("2001:db8:3::200:0:3000,"
                + "00:03:00:01:02:00:00:00:30:00,"), "the first client's MAC-fixed lease");
    }

    /**
     * Mix mode: 50 clients at 100/s for 2 s, so each returns about three times: new bindings, Renews
     * and (one turn in four) Releases all complete, and a released client binds again.
     */
    @Test
    void returningClientsRenewAndRelease() throws Exception {
        JsonNode report = load("mix", "--server", "::1", "--relay-link", "2001:db8:2::1", "--mac",
                "02:00:00:00:40:00", "--clients", "50", "--mix", "25");
        JsonNode byKind = report.get("completed-by-kind");
        long completed = report.get("steps").get(0).get("completed").asLong();
        assertEquals(completed, byKind.get("new").asLong() + byKind.get("renew").asLong()
                + byKind.get("release").asLong(), report.toString());
        assertTrue(byKind.get("new").asLong() > 50, "released clients bound again: " + report);
        assertTrue(byKind.get("renew").asLong() > 0 && byKind.get("release").asLong() > 0, report.toString());
        assertEquals(0, report.get("unexpected-datagrams").asLong(), report.toString());
    }
}
