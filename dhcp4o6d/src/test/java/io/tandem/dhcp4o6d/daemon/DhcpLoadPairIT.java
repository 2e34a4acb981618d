package io.tandem.dhcp4o6d.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.Launcher;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/dhcp-load --exchange dora} against the Tandem pair on [::1] (dhcp4o6d, and dhcp6d
 * on a server port with {@code -4o6}), relayed with Interface-ID "load", 100 DORA/s for 2 s: every
 * exchange completes, and every acknowledged lease is a row of dhcp4o6d's lease file.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DhcpLoadPairIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path directory;

    @Test
    void relayedClientsCompleteEvery4o6DoraAndEachAckIsALeaseRow() throws Exception {
        int pairPort;
        try (PartnerSocket probe = PartnerSocket.bindFreePair()) {
            pairPort = probe.port();
        }
        int serverPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("::1", 0))) {
            serverPort = probe.getLocalPort();
        }
        Path config4 = Files.writeString(directory.resolve("dhcp4o6d.json"), """
                {"Dhcp4": {
                  "subnet4": [{"id": 1, "subnet": "10.64.0.0/16", "4o6-interface-id": "load",
                               "option-data": [{"name": "dhcp-server-identifier", "data": "10.64.0.1"}],
                               "pools": [{"pool": "10.64.0.10 - 10.64.255.250"}]}],
                  "http": {"listen": "[::1]:%d"},
                  "events": {"channel": ""}
                }}
                """.formatted(freeTcpPort()));
        Path config6 = Files.writeString(directory.resolve("dhcp6d.json"), """
                {"Dhcp6": {
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "tftp": {"enabled": false},
                  "http": {"listen": "[::1]:%d"},
                  "events": {"channel": ""}
                }}
                """.formatted(freeTcpPort()));
        Path acked = directory.resolve("acked.csv");
        Path json = directory.resolve("load.json");
        try (LaunchedDaemon dhcp4o6d = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", directory,
                directory.resolve("dhcp4o6d.log"), "-4", "-4o6", Integer.toString(pairPort), "-cf", config4.toString(),
                "--no-pid", "-lf", directory.resolve("leases4.csv").toString());
             LaunchedDaemon dhcp6d = LaunchedDaemon.start("dhcp6d", "DHCP4O6_PAIRED", directory,
                     directory.resolve("dhcp6d.log"), "-4o6", Integer.toString(pairPort), "-cf", config6.toString(),
                     "--no-pid", "-lf", directory.resolve("leases6.csv").toString(), "-p", Integer.toString(serverPort))) {
            Launcher.Result result = Launcher.run("dhcp-load", directory, "--exchange", "dora", "--server", "::1",
                    "--port", Integer.toString(serverPort), "--relay-link", "2001:db8:2::1", "--interface-id", "load",
                    "--mac", "02:00:00:00:40:00", "--rate", "100", "--step-seconds", "2", "--timeout", "5000",
                    "--json", json.toString(), "--acked", acked.toString());
            assertEquals(0, result.exitCode(), result.output());
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            JsonNode step = report.get("steps").get(0);
            String context = report + "\n" + dhcp6d.output() + dhcp4o6d.output();
            assertEquals("dora-4o6-relayed", report.get("exchange").asText());
            assertTrue(step.get("completed").asLong() > 0, context);
            assertEquals(step.get("started").asLong(), step.get("completed").asLong(), context);
            assertEquals(0.0, step.get("loss-percent").asDouble(), context);

            List<String> leases = Files.readAllLines(acked);
            assertEquals(step.get("completed").asLong() + 1, leases.size(), "a header and each ACK");
            String rows = Files.readString(directory.resolve("leases4.csv"));
            for (String lease : leases.subList(1, leases.size())) {
                String[] fields = lease.split(",");
                assertTrue(fields[1].startsWith("10.64."), lease);
                assertTrue(rows.contains(fields[1] + "," + fields[0] + ","), lease + " is a row of leases4.csv");
            }
        }
    }

    private static int freeTcpPort() throws java.io.IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }
}
