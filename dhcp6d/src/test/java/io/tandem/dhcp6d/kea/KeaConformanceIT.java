package io.tandem.dhcp6d.kea;

import io.tandem.common.testing.Differences;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.wire.dhcp6.Duid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance harness: Kea as the reference. Each data file of
 * {@code src/test/resources/conformance} is a Kea configuration that {@code kea-dhcp6} 2.2 and
 * dhcp6d both run (started once per file, in a network namespace, because Kea serves no DHCPv6 on
 * a loopback interface), and scenarios of client messages, relayed through a scripted relay or sent
 * directly by multicast or unicast from a second namespace on the servers' link. Each scenario is a
 * dynamic test named by its file and its name; it passes when both servers' answers mean the same
 * step by step (see {@link AnswerText} for what is compared), or differ only as
 * {@value Differences#FILE_NAME} records it (see {@link Differences}). Needs root and Debian's
 * kea-dhcp6-server ({@code scripts/install-test-deps}).
 *
 * <p>{@code -Dconformance.record=FILE} appends each unrecorded difference to FILE as a JSON line,
 * for classifying into {@value Differences#FILE_NAME}.
 */
@Tag("system")
class KeaConformanceIT {
    private static final int KEA_PORT = 10547;
    private static final int OURS_PORT = 11547;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);

    @TempDir
    static Path directory;
    private static Netns netns;
    private static RelaySockets sockets;
    private static Session.Link link;
    /** The relay's sockets on fixed ports (547, the servers' ports), for relays without the Relay Source Port option. */
    private static final Map<Integer, RelaySockets.Socket> FIXED_PORTS = new HashMap<>();
    private static final Map<String, RelaySockets.Socket> RELAY_SOCKETS = new HashMap<>();
    /** The direct clients' socket on port 546, where both servers answer them. */
    private static RelaySockets.Socket directSocket;
    private static ConformanceFile running;
    private static Session.Endpoint kea;
    private static Session.Endpoint ours;
    /** Files whose servers did not start, with the reason: their scenarios fail at once. */
    private static final Map<String, String> NOT_STARTED = new HashMap<>();

    @BeforeAll
    static void makeTheLink() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("needs root to make a network namespace (run as root, or leave out the tag \"system\": -Pquick)");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/kea-dhcp6"))) {
            fail("needs kea-dhcp6 (Debian's kea-dhcp6-server): run scripts/install-test-deps");
        }
        netns = Netns.create("tandem-conf-" + ProcessHandle.current().pid());
        sockets = RelaySockets.start(netns, directory.resolve("relay-sockets.log"));
        RELAY_SOCKETS.put("kea-dhcp6", sockets.open(Netns.RELAY_ADDRESS, 0));
        RELAY_SOCKETS.put("dhcp6d", sockets.open(Netns.RELAY_ADDRESS, 0));
        directSocket = sockets.open("::", 546);
        for (int port : List.of(547, KEA_PORT, OURS_PORT)) {
            FIXED_PORTS.put(port, sockets.open(Netns.RELAY_ADDRESS, port));
        }
        link = new Session.Link(sockets, FIXED_PORTS::get, netns.serverLinkLocal());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        stopServers();
        List<Exception> problems = new ArrayList<>();
        for (AutoCloseable resource : new AutoCloseable[] {sockets, netns}) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    @TestFactory
    List<DynamicContainer> scenarios() throws IOException {
        Path data = ConformanceFile.directory();
        Differences differences = Differences.read(data.resolve(Differences.FILE_NAME), "dhcp6d", "RFC 9915",
                AnswerText::meaning);
        List<DynamicContainer> files = new ArrayList<>();
        for (ConformanceFile file : ConformanceFile.all(data)) {
            List<DynamicTest> tests = new ArrayList<>();
            for (ConformanceFile.Scenario scenario : file.scenarios()) {
                tests.add(DynamicTest.dynamicTest(scenario.fullName(), () -> compare(file, scenario, differences)));
            }
            files.add(DynamicContainer.dynamicContainer(file.name(), tests));
        }
        return files;
    }

    private static void compare(ConformanceFile file, ConformanceFile.Scenario scenario, Differences differences) throws Exception {
        serve(file);
        Map<String, String> keaLines = new Session(kea, link, file, scenario).run(scenario);
        Map<String, String> ourLines = new Session(ours, link, file, scenario).run(scenario);
        differences.recordIfAsked(scenario.fullName(), keaLines, ourLines);
        Differences.Verdict verdict = differences.judge(scenario.fullName(), keaLines, ourLines);
        if (verdict instanceof Differences.Failed failed) {
            fail("kea-dhcp6 and dhcp6d answer differently in " + failed.report());
        } else if (verdict instanceof Differences.KnownBugs bugs) {
            Assumptions.abort(bugs.reason());
        }
    }

    /** Makes both servers run {@code file}'s configuration, stopping those of the previous file. */
    private static void serve(ConformanceFile file) throws Exception {
        String problem = NOT_STARTED.get(file.name());
        if (problem != null) {
            fail(problem);
        }
        if (running == file) {
            return;
        }
        stopServers();
        Path home = directory.resolve(file.name().replace(".json", ""));
        ServerProcess keaProcess = ServerProcess.kea(netns, home.resolve("kea"), KEA_PORT, file.dhcp6Body());
        ServerProcess ourProcess = ServerProcess.dhcp6d(netns, home.resolve("dhcp6d"), OURS_PORT, file.dhcp6Body());
        kea = new Session.Endpoint(keaProcess, null, RELAY_SOCKETS.get("kea-dhcp6"), directSocket);
        ours = new Session.Endpoint(ourProcess, null, RELAY_SOCKETS.get("dhcp6d"), directSocket);
        try {
            kea = started(kea, file, "DHCP6_STARTED");
            ours = started(ours, file, "DHCP6_LISTENING");
        } catch (AssertionError e) {
            NOT_STARTED.put(file.name(), e.getMessage());
            stopServers();
            throw e;
        }
        running = file;
    }

    /**
     * Waits until the server answers the probe or logs that it has started (a file whose
     * configuration leaves the probe unanswered), and reads the DUID it keeps in
     * {@code kea-dhcp6-serverid}, as both do.
     */
    private static Session.Endpoint started(Session.Endpoint endpoint, ConformanceFile file, String startedMessage)
            throws IOException, InterruptedException {
        ServerProcess server = endpoint.server();
        Session probe = new Session(endpoint, link, file, new ConformanceFile.Scenario(file.name(), "probe", false,
                List.of()));
        Path duidFile = server.directory.resolve("kea-dhcp6-serverid");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && server.isAlive()) {
            boolean up = probe.probeAnswered(Duration.ofMillis(250)) || server.log().contains(startedMessage);
            if (up && Files.isRegularFile(duidFile) && !Files.readString(duidFile).isBlank()) {
                Duid duid = Duid.fromHex(Files.readString(duidFile).strip().replace(":", ""));
                return new Session.Endpoint(server, duid, endpoint.relay(), endpoint.direct());
            }
            Thread.sleep(50);
        }
        throw new AssertionError(server.name + " does not start with " + file.name() + " (alive: " + server.isAlive()
                + "):\n" + server.logTail(40));
    }

    private static void stopServers() {
        for (Session.Endpoint endpoint : new Session.Endpoint[] {ours, kea}) {
            if (endpoint != null) {
                endpoint.server().close();
            }
        }
        kea = null;
        ours = null;
        running = null;
    }
}
