package io.tandem.dhcp4o6d.kea;

import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.daemon.WarmUpLoop;
import io.tandem.common.testing.Differences;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.wire.Addresses;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 4o6 half of the conformance harness: Kea's {@code kea-dhcp4} 2.2 as the reference for
 * dhcp4o6d. Each data file of {@code src/test/resources/conformance4o6} is a Kea {@code Dhcp4}
 * configuration both run, and scenarios of DHCPv4 client messages; for each scenario both servers
 * are started afresh on a port pair of their own on loopback (the port pair lives there; no
 * namespace is needed, and the interfaces the queries name are this host's, which kea-dhcp4
 * requires), the test plays the DHCPv6 partner towards both, and the answers' lines (see
 * {@link Session4o6}) are compared step by step, or differ only as {@value Differences#FILE_NAME}
 * records it. Needs Debian's kea-dhcp4-server ({@code scripts/install-test-deps}) and the built
 * launcher ({@code mvn -Pquick package -DskipTests}).
 *
 * <p>{@code -Dconformance.record=FILE} appends each unrecorded difference to FILE as a JSON line.
 */
@Tag("system")
class Kea4o6ConformanceIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Answers are lines of DHCPv4 fields: two lines mean the same when they are the same. */
    static final UnaryOperator<String> SAME_TEXT = UnaryOperator.identity();

    @TempDir
    static Path directory;

    @TestFactory
    List<DynamicContainer> scenarios() throws IOException {
        if (!Files.isExecutable(Path.of("/usr/sbin/kea-dhcp4"))) {
            fail("needs kea-dhcp4 (Debian's kea-dhcp4-server): run scripts/install-test-deps");
        }
        Path data = Conformance4o6File.directory();
        Differences differences = Differences.read(data.resolve(Differences.FILE_NAME), "dhcp4o6d", "RFC 2131",
                SAME_TEXT);
        List<DynamicContainer> files = new ArrayList<>();
        for (Conformance4o6File file : Conformance4o6File.all(data)) {
            List<DynamicTest> tests = new ArrayList<>();
            for (Conformance4o6File.Scenario scenario : file.scenarios()) {
                tests.add(DynamicTest.dynamicTest(scenario.fullName(), () -> compare(file, scenario, differences)));
            }
            files.add(DynamicContainer.dynamicContainer(file.name(), tests));
        }
        return files;
    }

    private static void compare(Conformance4o6File file, Conformance4o6File.Scenario scenario,
            Differences differences) throws Exception {
        Path home = Files.createTempDirectory(directory, "scenario");
        Map<String, String> keaLines;
        Map<String, String> ourLines;
        try (PartnerSocket keaPartner = PartnerSocket.bindFreePair();
                PartnerSocket ourPartner = PartnerSocket.bindFreePair();
                KeaDhcp4 kea = KeaDhcp4.start(home.resolve("kea"), keaPartner.port(), file.dhcp4Body());
                LaunchedDaemon ours = dhcp4o6d(home.resolve("dhcp4o6d"), ourPartner.port(), file.dhcp4Body())) {
            kea.awaitStarted();
            keaLines = new Session4o6(keaPartner, file, scenario).run(scenario);
            ourLines = new Session4o6(ourPartner, file, scenario).run(scenario);
        }
        differences.recordIfAsked(scenario.fullName(), keaLines, ourLines);
        Differences.Verdict verdict = differences.judge(scenario.fullName(), keaLines, ourLines);
        if (verdict instanceof Differences.Failed failed) {
            fail("kea-dhcp4 and dhcp4o6d answer differently in " + failed.report());
        } else if (verdict instanceof Differences.KnownBugs bugs) {
            Assumptions.abort(bugs.reason());
        }
    }

    /**
     * dhcp4o6d on the port pair, with its HTTP listener on a free port and no events channel; without
     * its warm-up, which answers nothing here and would add seconds to each of the cases' starts.
     */
    private static LaunchedDaemon dhcp4o6d(Path home, int port, String dhcp4Body)
            throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path config = Files.writeString(home.resolve("dhcp4o6d.json"), "{\"Dhcp4\": {\n"
                + "\"http\": {\"listen\": \"[::1]:0\"}, \"events\": {\"channel\": \"\"},\n" + dhcp4Body + "}}\n");
        return LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", home, home.resolve("dhcp4o6d.log"),
                Map.of("TANDEM_JAVA_OPTS", "-D" + WarmUpLoop.LISTEN_BY_PROPERTY + "=0"), "-4",
                "-4o6", Integer.toString(port), "-cf", config.toString(), "-lf", home.resolve("leases4.csv").toString(),
                "--no-pid");
    }

    /**
     * kea-dhcp4 on the port pair, its leases in memory, its log (DEBUG) in its directory. It also
     * serves {@code lo} on a free port of 127.0.0.1: Kea drops a 4o6 query that arrived on an
     * interface where it has no IPv4 socket, whose address is its server identifier.
     */
    private record KeaDhcp4(Process process, Path log) implements AutoCloseable {
        static KeaDhcp4 start(Path home, int port, String dhcp4Body) throws IOException {
            Files.createDirectories(home);
            Path config = Files.writeString(home.resolve("kea-dhcp4.json"), "{\"Dhcp4\": {\n"
                    + "\"interfaces-config\": {\"interfaces\": [\"lo\"], \"dhcp-socket-type\": \"udp\"},\n"
                    + "\"dhcp4o6-port\": " + port + ",\n"
                    + "\"lease-database\": {\"type\": \"memfile\", \"persist\": false},\n"
                    + "\"loggers\": [{\"name\": \"kea-dhcp4\", \"severity\": \"DEBUG\", \"debuglevel\": 50,"
                    + " \"output_options\": [{\"output\": \"stdout\"}]}],\n"
                    + dhcp4Body + "}}\n");
            Path log = home.resolve("kea-dhcp4.log");
            int dhcpPort;
            try (DatagramSocket free = new DatagramSocket(new InetSocketAddress(Addresses.parse4("127.0.0.1"), 0))) {
                dhcpPort = free.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder("kea-dhcp4", "-p", Integer.toString(dhcpPort), "-c",
                    config.toString());
            builder.environment().put("KEA_PIDFILE_DIR", home.toString());
            builder.environment().put("KEA_LOCKFILE_DIR", home.toString());
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return new KeaDhcp4(builder.start(), log);
        }

        void awaitStarted() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("DHCP4_STARTED")) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("kea-dhcp4 does not start:\n" + Files.readString(log));
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
