package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LoadedLeases;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.ScriptedClient6;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Duid;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d with its lease file on a 64 KiB tmpfs that the test fills: a Request whose row cannot be
 * written gets no Reply, the drop is counted in {@code /metrics}, {@code /health} is degraded, the
 * file holds whole rows only, and a compaction that cannot finish leaves the file as it was; once
 * space is freed the same daemon binds again and is healthy. Needs root (mount), hence
 * {@code system}.
 */
@Tag("system")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FullDiskIT {
    private static final int ANSWER_MILLIS = 1500;
    /** Rows are ~200 bytes and the lease file's last page is all the room left: far fewer fit. */
    private static final int MAX_CLIENTS = 100;

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFullDiskAcknowledgesNothingDegradesHealthAndServiceResumesWhenSpaceReturns() throws Exception {
        Path mount = Files.createDirectory(directory.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString());
        try {
            serveOnAFullDisk(mount);
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    private void serveOnAFullDisk(Path mount) throws Exception {
        Path leaseFile = mount.resolve("leases6.csv");
        int serverPort = LoopbackRelayIT.freeUdpPort();
        int httpPort = LoopbackRelayIT.freeTcpPort();
        Path config = directory.resolve("dhcp6d.json");
        Files.writeString(config, """
                {"Dhcp6": {
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0, "durability": "write"},
                  "tftp": {"enabled": false},
                  "events": {"channel": ""},
                  "http": {"listen": "[::1]:%d"}
                }}
                """.formatted(httpPort));
        try (LaunchedDaemon daemon = LaunchedDaemon.start("dhcp6d", "DHCP6_LISTENING", directory,
                directory.resolve("dhcp6d.log"), "-cf", config.toString(), "-lf", leaseFile.toString(),
                "-pf", directory.resolve("dhcp6d.pid").toString(), "-p", Integer.toString(serverPort));
             ScriptedRelay relay = new ScriptedRelay(serverPort)) {
            awaitFirstBinding(relay, daemon);
            Path filler = mount.resolve("filler");
            fill(filler);

            int bound = 1;
            int refused = -1;
            for (int client = 1; client < MAX_CLIENTS && refused < 0; client++) {
                ScriptedClient6 scripted = client(relay, client);
                Optional<ClientServerMessage> advertise = scripted.solicit();
                assertTrue(advertise.isPresent(), "an Advertise writes no row, so it still leaves");
                if (scripted.request().isPresent()) {
                    bound++;
                } else {
                    refused = client;
                }
            }
            assertTrue(refused > 0, "no Request went unanswered on a full disk:\n" + daemon.output());
            daemon.awaitOutput("DHCP6_LEASE_WRITE_FAILED");
            assertEquals(1, droppedAsNotRecorded(httpPort), "counted as lease-not-recorded");
            HttpResponse<String> health = get(httpPort, "/health");
            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("\"degraded\"") && health.body().contains("No space left on device"),
                    health.body());
            assertWhole(leaseFile, bound, "after the failed write");

            byte[] before = Files.readAllBytes(leaseFile);
            try (LeaseFile<Lease6> file = LeaseFile.open(leaseFile, LeaseCsv6.INSTANCE)) {
                List<Lease6> live = LeaseFile.latestPerBinding(LeaseFile.load(leaseFile, LeaseCsv6.INSTANCE).leases());
                assertThrows(IOException.class, () -> file.compact(() -> live), "no room for the new file");
            }
            assertArrayEquals(before, Files.readAllBytes(leaseFile), "a compaction that failed left the file as it was");
            assertTrue(Files.notExists(mount.resolve("leases6.csv.new")), "nor its unfinished new file");

            Files.delete(filler);
            assertTrue(bind(relay, refused).isPresent(), "the refused client binds once space returns:\n"
                    + daemon.output());
            daemon.awaitOutput("DHCP6_LEASE_WRITES_RESUMED");
            assertEquals(200, get(httpPort, "/health").statusCode());
            assertEquals(1, droppedAsNotRecorded(httpPort));
            assertWhole(leaseFile, bound + 1, "after space returned");
            assertEquals(0, daemon.stop());
        }
    }

    private static ScriptedClient6 client(ScriptedRelay relay, int number) {
        MacAddress mac = MacAddress.fromLong(0x5254_0000_0000L + number);
        Duid duid = Duid.fromHex("00030001" + mac.bytes().colonHex().replace(":", ""));
        return new ScriptedClient6(duid, 1, List.of(), message -> relay.ask(mac, message, ANSWER_MILLIS));
    }

    private static Optional<?> bind(ScriptedRelay relay, int number) throws IOException {
        return client(relay, number).bind();
    }

    /** Binds client 0, retrying while the daemon's JVM warms up (bounded). */
    private static void awaitFirstBinding(ScriptedRelay relay, LaunchedDaemon daemon) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (bind(relay, 0).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no binding while there is room:\n" + daemon.output());
        }
    }

    /** Writes {@code filler} until the file system is full. */
    private static void fill(Path filler) throws IOException {
        byte[] page = new byte[4096];
        try (OutputStream out = new FileOutputStream(filler.toFile())) {
            for (int pages = 0; pages < 1024; pages++) {
                out.write(page);
            }
        } catch (IOException full) {
            assertTrue(full.getMessage().contains("No space left on device"), full.toString());
            return;
        }
        throw new AssertionError("4 MiB went into a 64 KiB file system");
    }

    /** The lease file reads back without a skipped line, with {@code bindings} bindings. */
    private static void assertWhole(Path leaseFile, int bindings, String when) throws IOException {
        LoadedLeases<Lease6> loaded = LeaseFile.load(leaseFile, LeaseCsv6.INSTANCE);
        assertEquals(List.of(), loaded.problems(), "no torn row " + when);
        assertEquals(bindings, LeaseFile.latestPerBinding(loaded.leases()).size(), when);
    }

    private long droppedAsNotRecorded(int httpPort) throws Exception {
        String metrics = get(httpPort, "/metrics").body();
        String sample = "tandem_dhcp6_packets_dropped_total{reason=\"lease-not-recorded\"} ";
        return metrics.lines().filter(line -> line.startsWith(sample)).mapToLong(line -> (long) Double.parseDouble(
                line.substring(sample.length()).trim())).findFirst().orElseThrow(() -> new AssertionError(metrics));
    }

    private HttpResponse<String> get(int httpPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command));
    }
}
