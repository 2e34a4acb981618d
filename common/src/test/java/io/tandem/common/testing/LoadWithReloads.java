package io.tandem.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reload under load, for both daemons' tests: {@code scripts/dhcp-load} runs in the background while
 * reloads fire, each once the lease file holds a given number of rows (so each lands while clients
 * bind); then every exchange the generator started must have completed and every lease it was
 * acknowledged must be in the lease file and in the daemon's {@code GET /leases}.
 */
public final class LoadWithReloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadWithReloads() {
    }

    /** One reload: what fires it (a signal, a control command, after rewriting the config), at a row count. */
    public record Reload(int atRows, String what, Action action) {
    }

    @FunctionalInterface
    public interface Action {
        void fire() throws Exception;
    }

    /** The generator's JSON report, its acknowledged leases (CSV lines mac,address,at-ms) and the rows at each reload. */
    public record Run(JsonNode report, List<String[]> acked, List<Integer> rowsAtReloads) {
    }

    /**
     * Runs {@code scripts/dhcp-load ARGS --json --acked} from {@code directory}, firing {@code reloads}
     * in order as {@code leaseFile} reaches their row counts; fails if the load ends before one fired.
     */
    public static Run run(Path directory, String name, Path leaseFile, List<Reload> reloads, String... arguments)
            throws Exception {
        Path json = directory.resolve(name + ".json");
        Path acked = directory.resolve(name + "-acked.csv");
        List<String> command = new ArrayList<>(List.of(arguments));
        command.addAll(List.of("--json", json.toString(), "--acked", acked.toString()));
        CompletableFuture<Launcher.Result> load = CompletableFuture.supplyAsync(() -> {
            try {
                return Launcher.run("dhcp-load", directory, command.toArray(String[]::new));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        List<Integer> rowsAtReloads = new ArrayList<>();
        for (Reload reload : reloads) {
            int rows = rows(leaseFile);
            while (rows < reload.atRows() && !load.isDone()) {
                Thread.sleep(5);
                rows = rows(leaseFile);
            }
            assertTrue(rows >= reload.atRows(), "the load ended before " + reload.what() + " (" + rows + " rows): "
                    + (load.isDone() ? load.get().output() : ""));
            reload.action().fire();
            rowsAtReloads.add(rows);
        }
        Launcher.Result result = load.get();
        assertEquals(0, result.exitCode(), result.output());
        List<String[]> leases;
        try (Stream<String> lines = Files.lines(acked)) {
            leases = lines.skip(1).map(line -> line.split(",")).toList();
        }
        return new Run(JSON.readTree(json.toFile()), leases, rowsAtReloads);
    }

    /**
     * At least {@code exchanges} started (a plan of R/s for S s starts R×S, give or take one), every
     * one completed (none lost, none refused) and each was acknowledged once.
     */
    public static void assertEveryExchangeCompleted(Run run, long exchanges, String context) {
        JsonNode step = run.report().get("steps").get(0);
        long started = step.get("started").asLong();
        assertTrue(started >= exchanges, run.report() + "\n" + context);
        assertEquals(started, step.get("completed").asLong(), run.report() + "\n" + context);
        assertEquals(started, run.acked().size(), run.report().toString());
    }

    /**
     * Every lease acknowledged in {@code runs}, as {@code leaseOf} writes it from the generator's
     * (mac, address) in the daemon's terms, is one of the lease file's rows and one of {@code /leases}.
     */
    public static void assertAckedLeasesHeld(List<Run> runs, Function<String[], String> leaseOf, Set<String> inFile,
                                             Set<String> inTable) {
        for (Run run : runs) {
            for (String[] ack : run.acked()) {
                String lease = leaseOf.apply(ack);
                assertTrue(inFile.contains(lease), "acknowledged " + lease + " is in the lease file");
                assertTrue(inTable.contains(lease), "acknowledged " + lease + " is in /leases");
            }
        }
    }

    /** Prints the test's figures: each run's, and the rows at which the reloads fired. */
    public static void report(String test, Run quiet, Run reloaded) {
        System.out.println(test + ": " + summary(quiet) + " without reloads, " + summary(reloaded) + " with "
                + reloaded.rowsAtReloads().size() + " reloads at lease-file rows " + reloaded.rowsAtReloads());
    }

    /** Completed of started, and the latency percentiles. */
    private static String summary(Run run) {
        JsonNode step = run.report().get("steps").get(0);
        JsonNode millis = step.get("latency-ms");
        return step.get("completed") + " of " + step.get("started") + " completed, p50 " + millis.get("p50")
                + " ms, p99 " + millis.get("p99") + " ms, max " + millis.get("max") + " ms";
    }

    /** The lease file's rows, header included (0 before it exists). */
    public static int rows(Path leaseFile) throws IOException {
        if (!Files.exists(leaseFile)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(leaseFile)) {
            return (int) lines.count();
        }
    }

    /** The lease file's lines, for a containment check of whole rows' leading fields. */
    public static Set<String> rowPrefixes(Path leaseFile, int fields) throws IOException {
        Set<String> prefixes = new HashSet<>();
        try (Stream<String> lines = Files.lines(leaseFile)) {
            lines.skip(1).forEach(line -> {
                String[] parts = line.split(",", fields + 1);
                prefixes.add(String.join(",", List.of(parts).subList(0, Math.min(fields, parts.length))));
            });
        }
        return prefixes;
    }

    /** The user of the control commands in these tests' configurations (config-reload needs one). */
    public static final String CONTROL_USERS = "[{\"user\": \"admin\", \"password\": \"s3cret\"}]";
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
            "admin:s3cret".getBytes(StandardCharsets.UTF_8));

    /** {@code GET /leases} of the daemon listening on {@code [::1]:httpPort}: its "leases" array. */
    public static JsonNode leases(int httpPort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://[::1]:" + httpPort + "/leases")).header("Authorization", ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("leases");
    }

    /** Sends a control command as the user of {@link #CONTROL_USERS} to {@code [::1]:httpPort}; asserts result 0 and returns the result. */
    public static JsonNode command(int httpPort, String command) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://[::1]:" + httpPort + "/")).header("Authorization", ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\": \"" + command + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = JSON.readTree(response.body()).get(0);
        assertEquals(0, result.get("result").asInt(), response.body());
        return result;
    }

    /** The inodes of the sockets process {@code pid} has open (from /proc/PID/fd). */
    public static Set<String> socketInodes(long pid) throws IOException {
        Set<String> sockets = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        sockets.add(target);
                    }
                } catch (IOException gone) {
                    // A descriptor closed while we listed them.
                }
            }
        }
        return sockets;
    }
}
