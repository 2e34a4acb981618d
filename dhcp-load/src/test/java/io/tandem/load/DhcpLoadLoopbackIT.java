package io.tandem.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/dhcp-load} against a real dhcp6d ({@code scripts/dhcp6d}) on [::1], at a low rate
 * for 2 s: relayed SARR (Relay-Forward with the Relay Source Port option) and direct SARR (from the
 * client port {@code -P}, each client's MAC in its DUID-LL since ::1 names none) each complete
 * every exchange, and each client's lease is the MAC-fixed address.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DhcpLoadLoopbackIT {
    @TempDir
    static Path directory;

    private static Process dhcp6d;
    private static Path log;
    private static int serverPort;
    private static int clientPort;

    @BeforeAll
    static void startDhcp6d() throws Exception {
        serverPort = freeUdpPort();
        clientPort = freeUdpPort();
        int httpPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("::1"))) {
            httpPort = probe.getLocalPort();
        }
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
                """.formatted(httpPort));
        log = directory.resolve("dhcp6d.log");
        dhcp6d = new ProcessBuilder(Launcher.repository().resolve("scripts/dhcp6d").toString(), "-cf", config.toString(),
                "--no-pid", "-lf", directory.resolve("leases6.csv").toString(), "-p", Integer.toString(serverPort),
                "-P", Integer.toString(clientPort)).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("DHCP6_LISTENING")) {
            if (!dhcp6d.isAlive() || System.nanoTime() > deadline) {
                fail("dhcp6d did not start:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stopDhcp6d() throws InterruptedException {
        if (dhcp6d != null) {
            dhcp6d.destroy();
            if (!dhcp6d.waitFor(30, TimeUnit.SECONDS)) {
                dhcp6d.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private JsonNode load(String name, String... route) throws Exception {
        Path json = directory.resolve(name + ".json");
        String[] arguments = new String[route.length + 10];
        System.arraycopy(route, 0, arguments, 0, route.length);
        System.arraycopy(new String[] {"--port", Integer.toString(serverPort), "--rate", "100", "--step-seconds", "2",
                "--timeout", "5000", "--json", json.toString()}, 0, arguments, route.length, 10);
        Launcher.Result result = Launcher.run("dhcp-load", directory, arguments);
        assertEquals(0, result.exitCode(), result.output());
        return new ObjectMapper().readTree(json.toFile());
    }

    private void assertAllCompleted(JsonNode report) throws IOException {
        JsonNode step = report.get("steps").get(0);
        String context = report + "\n" + Files.readString(log);
        assertTrue(step.get("completed").asLong() > 0, context);
        assertEquals(step.get("started").asLong(), step.get("completed").asLong(), context);
        assertEquals(0.0, step.get("loss-percent").asDouble(), context);
    }

    @Test
    void relayedClientsCompleteEverySarr() throws Exception {
        JsonNode report = load("relayed", "--server", "::1", "--relay-link", "2001:db8:2::1", "--mac",
                "02:00:00:00:20:00");
        assertEquals("sarr-relayed", report.get("exchange").asText());
        assertAllCompleted(report);
        assertTrue(Files.readString(directory.resolve("leases6.csv")).contains("2001:db8:2::200:0:2000,"
                + "00:03:00:01:02:00:00:00:20:00,"), "the first client's MAC-fixed lease");
    }

    @Test
    void directClientsCompleteEverySarr() throws Exception {
        JsonNode report = load("direct", "--server", "::1", "--client-port", Integer.toString(clientPort), "--mac",
                "02:00:00:00:30:00");
        assertEquals("sarr", report.get("exchange").asText());
        assertAllCompleted(report);
        assertTrue(Files.readString(directory.resolve("leases6.csv")).contains("2001:db8:3::200:0:3000,"
                + "00:03:00:01:02:00:00:00:30:00,"), "the first client's MAC-fixed lease");
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("::1", 0))) {
            return probe.getLocalPort();
        }
    }
}
