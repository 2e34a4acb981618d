package io.tandem.common.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Kea 2.2 reads what Tandem writes: its lease file cleanup tool {@code kea-lfc} and the
 * servers themselves load Tandem's files without a row error, and what they make of each lease
 * (kea-lfc's output file, the servers' {@code lease6-get-all}/{@code lease4-get-all} answers) is
 * what Tandem wrote. The servers run without interfaces, so no network and no root is needed.
 */
@Tag("system")
class KeaReadsTandemLeaseFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern READ_STATS = Pattern.compile("LFC_READ_STATS Leases: (\\d+), attempts: \\d+, errors: (\\d+)");

    @TempDir
    Path directory;

    /**
     * Rows of every kind, written in several appends and with a compaction in between. The
     * hostname holds a tab, not a newline: kea-lfc reads an escaped newline back but writes it
     * raw, splitting its own row (Kea escapes only commas and ampersands).
     */
    private static List<Lease6> rows6() {
        Lease6 firmware = LeaseSamples.lease6("2001:db8:1::5", "00040011223344556677889900aabbccddee", 1);
        Lease6 installer = LeaseSamples.lease6("2001:db8:1::5", "00030001525400123456", 7);
        Lease6 annotated = new Lease6(Addresses.parse6("2001:db8:1::6"), Bytes.fromHex("00030001525400abcdef"), 7200,
                LeaseSamples.EXPIRE, 7, 3600, LeaseType.NA, 42, 128, true, false, "pxe,host&co\texample.org",
                Optional.of(HardwareAddress.ethernet(Bytes.fromHex("525400abcdef"), HwAddrSource.CLIENT_LINK_ADDR_OPTION)),
                LeaseState.DEFAULT, "{\"tandem\":{\"mac-source\":\"client-link-addr-option\",\"note\":\"a, b & c\"}}");
        Lease6 prefix = new Lease6(Addresses.parse6("2001:db8:80::"), Bytes.fromHex("00030001525400123456"),
                Lease6.INFINITE_LIFETIME, LeaseSamples.EXPIRE + Lease6.INFINITE_LIFETIME, 7, Lease6.INFINITE_LIFETIME,
                LeaseType.PD, 9, 56, false, false, "", Optional.empty(), LeaseState.DEFAULT, "");
        Lease6 declined = new Lease6(Addresses.parse6("2001:db8:1::7"), Lease6.EMPTY_DUID, 86400,
                LeaseSamples.EXPIRE, 7, 0, LeaseType.NA, 0, 128, false, false, "", Optional.empty(),
                LeaseState.DECLINED, "");
        Lease6 gone = LeaseSamples.lease6("2001:db8:1::8", "00030001525400000008", 1);
        return List.of(firmware, installer, annotated, prefix, declined, gone, gone.released());
    }

    private static List<Lease4> rows4() {
        Lease4 plain = LeaseSamples.lease4("192.0.2.10", "52:54:00:12:34:56");
        Lease4 annotated = new Lease4(Addresses.parse4("192.0.2.11"), Bytes.fromHex("525400abcdef"),
                Bytes.fromHex("01525400abcdef"), 600, LeaseSamples.EXPIRE, 9, true, true, "boot,er&x",
                LeaseState.DEFAULT, "{\"tandem\":{\"note\":\"x,y\"}}");
        Lease4 byClientId = new Lease4(Addresses.parse4("192.0.2.12"), Bytes.EMPTY, Bytes.fromHex("ff0000000100010001"),
                600, LeaseSamples.EXPIRE, 9, false, false, "", LeaseState.EXPIRED_RECLAIMED, "");
        Lease4 gone = LeaseSamples.lease4("192.0.2.13", "52:54:00:00:00:13");
        return List.of(plain, annotated, byClientId, gone, gone.released());
    }

    /** Writes {@code rows} to a new file in several appends, with a compaction in between. */
    private static <L extends Lease> void write(Path leases, LeaseCsv<L> csv, List<L> rows) throws IOException {
        try (LeaseFile<L> file = LeaseFile.open(leases, csv)) {
            file.append(rows.subList(0, 2));
            file.compact(() -> rows.subList(0, 2));
            file.append(rows.subList(2, rows.size()));
        }
    }

    /** Has kea-lfc clean up the file Tandem writes with {@code rows}; the rows of kea-lfc's output. */
    private <L extends Lease> List<L> keaLfcRewrites(int family, LeaseCsv<L> csv, List<L> rows) throws Exception {
        Path leases = directory.resolve("leases" + family + ".csv");
        write(leases, csv, rows);
        LoadedLeases<L> result = LeaseFile.load(runKeaLfc("-" + family, leases, rows.size()), csv);
        assertEquals(List.of(), result.problems());
        return result.leases();
    }

    @Test
    void keaLfcReadsEveryV6RowAndWritesBackWhatTandemWrote() throws Exception {
        List<Lease6> cleaned = keaLfcRewrites(6, LeaseCsv6.INSTANCE, rows6());
        // Kea keeps one lease per address, the last row's.
        assertEquals(canonical6(LeaseFile.latest(rows6(), Lease6::address)), canonical6(cleaned));
    }

    @Test
    void keaLfcReadsEveryV4RowAndWritesBackWhatTandemWrote() throws Exception {
        List<Lease4> cleaned = keaLfcRewrites(4, LeaseCsv4.INSTANCE, rows4());
        assertEquals(canonical4(LeaseFile.latestPerBinding(rows4())), canonical4(cleaned));
    }

    @Test
    void keaLfcReadsRowsTandemAppendedToAKea24File() throws Exception {
        Path leases = directory.resolve("leases6.csv");
        Files.copy(LeaseFilesFromKeaTest.resource("kea-2.4-leases6.csv"), leases);
        try (LeaseFile<Lease6> file = LeaseFile.open(leases, LeaseCsv6.INSTANCE)) {
            file.append(rows6());
        }
        runKeaLfc("-6", leases, 3 + rows6().size());
    }

    @Test
    void keaDhcp6LoadsTandemsFileWithoutARowError() throws Exception {
        Path leases = directory.resolve("leases6.csv");
        Lease6 newline = new Lease6(Addresses.parse6("2001:db8:1::9"), Bytes.fromHex("00030001525400000009"), 4000,
                LeaseSamples.EXPIRE, 7, 3000, LeaseType.NA, 1, 128, false, false, "two\nlines", Optional.empty(),
                LeaseState.DEFAULT, "");
        List<Lease6> rows = Stream.concat(rows6().stream(), Stream.of(newline)).toList();
        write(leases, LeaseCsv6.INSTANCE, rows);
        Map<String, JsonNode> kea = leasesKeaLoads("kea-dhcp6", "Dhcp6", "subnet6", "2001:db8::/32", leases,
                "lease6-get-all");
        List<Lease6> expected = LeaseFile.latest(rows, Lease6::address);
        assertEquals(expected.size(), kea.size(), kea.keySet().toString());
        for (Lease6 lease : expected) {
            JsonNode seen = kea.get(Addresses.text(lease.address()));
            assertEquals(lease.duid().colonHex(), seen.get("duid").asText());
            assertEquals(lease.iaid(), seen.get("iaid").asLong());
            assertEquals(lease.type() == LeaseType.PD ? "IA_PD" : "IA_NA", seen.get("type").asText());
            assertEquals(lease.validLifetime(), seen.get("valid-lft").asLong());
            assertEquals(lease.cltt(), seen.get("cltt").asLong());
            assertEquals(lease.hostname(), seen.get("hostname").asText());
            assertEquals(lease.state().code(), seen.get("state").asInt());
            assertEquals(lease.hardwareAddress().map(h -> h.address().colonHex()).orElse(null),
                    Optional.ofNullable(seen.get("hw-address")).map(JsonNode::asText).orElse(null));
            assertEquals(lease.userContext().isEmpty() ? null : JSON.readTree(lease.userContext()),
                    seen.get("user-context"));
        }
    }

    @Test
    void keaDhcp4LoadsTandemsFileWithoutARowError() throws Exception {
        Path leases = directory.resolve("leases4.csv");
        write(leases, LeaseCsv4.INSTANCE, rows4());
        Map<String, JsonNode> kea = leasesKeaLoads("kea-dhcp4", "Dhcp4", "subnet4", "192.0.2.0/24", leases,
                "lease4-get-all");
        List<Lease4> expected = LeaseFile.latestPerBinding(rows4());
        assertEquals(expected.size(), kea.size(), kea.keySet().toString());
        for (Lease4 lease : expected) {
            JsonNode seen = kea.get(Addresses.text(lease.address()));
            assertEquals(lease.hwaddr().colonHex(), seen.get("hw-address").asText());
            assertEquals(lease.clientId().isEmpty() ? null : lease.clientId().colonHex(),
                    Optional.ofNullable(seen.get("client-id")).map(JsonNode::asText).orElse(null));
            assertEquals(lease.cltt(), seen.get("cltt").asLong());
            assertEquals(lease.hostname(), seen.get("hostname").asText());
            assertEquals(lease.state().code(), seen.get("state").asInt());
            assertEquals(lease.userContext().isEmpty() ? null : JSON.readTree(lease.userContext()),
                    seen.get("user-context"));
        }
    }

    /** The leases with each user context as Kea renders JSON, which it reformats. */
    private static Set<Lease6> canonical6(List<Lease6> leases) {
        return leases.stream().map(l -> new Lease6(l.address(), l.duid(), l.validLifetime(), l.expire(), l.subnetId(),
                l.preferredLifetime(), l.type(), l.iaid(), l.prefixLength(), l.fqdnForward(), l.fqdnReverse(),
                l.hostname(), l.hardwareAddress(), l.state(), canonicalJson(l.userContext()))).collect(Collectors.toSet());
    }

    private static Set<Lease4> canonical4(List<Lease4> leases) {
        return leases.stream().map(l -> new Lease4(l.address(), l.hwaddr(), l.clientId(), l.validLifetime(), l.expire(),
                l.subnetId(), l.fqdnForward(), l.fqdnReverse(), l.hostname(), l.state(), canonicalJson(l.userContext())))
                .collect(Collectors.toSet());
    }

    private static String canonicalJson(String json) {
        try {
            return json.isEmpty() ? json : JSON.writeValueAsString(JSON.readTree(json));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Runs {@code kea-lfc} on a copy of {@code leases} as Kea's server does, checks that it read
     * {@code rows} leases without an error, and returns the file it wrote.
     */
    private Path runKeaLfc(String family, Path leases, int rows) throws Exception {
        Path input = directory.resolve("lfc.1");
        Files.copy(leases, input);
        Path previous = directory.resolve("lfc.2");
        Path config = Files.writeString(directory.resolve("lfc.json"), "{}");
        String output = run(List.of(tool("kea-lfc").toString(), family, "-d", "-p", directory.resolve("lfc.pid").toString(),
                "-x", previous.toString(), "-i", input.toString(), "-o", directory.resolve("lfc.output").toString(),
                "-f", directory.resolve("lfc.completed").toString(), "-c", config.toString()));
        Matcher stats = READ_STATS.matcher(output);
        assertTrue(stats.find(), output);
        assertEquals(rows + " leases, 0 errors", stats.group(1) + " leases, " + stats.group(2) + " errors", output);
        assertFalse(output.contains("ERROR"), output);
        return previous;
    }

    /**
     * Starts a Kea server on {@code leases} with no interface, asks it for all its leases over
     * its control socket, and stops it; the leases by address.
     */
    private Map<String, JsonNode> leasesKeaLoads(String server, String top, String subnets, String subnet, Path leases,
            String command) throws Exception {
        Path socket = directory.resolve("kea.sock");
        Map<String, Object> settings = new HashMap<>(Map.of(
                "interfaces-config", Map.of("interfaces", List.of()),
                "lease-database", Map.of("type", "memfile", "name", leases.toString(), "lfc-interval", 0),
                "control-socket", Map.of("socket-type", "unix", "socket-name", socket.toString()),
                "hooks-libraries", List.of(Map.of("library", leaseCommandsHook().toString())),
                subnets, List.of(Map.of("id", top.equals("Dhcp6") ? 7 : 9, "subnet", subnet)),
                "loggers", List.of(Map.of("name", server, "severity", "INFO",
                        "output_options", List.of(Map.of("output", "stdout"))))));
        if (top.equals("Dhcp6")) {
            // Where kea-dhcp6 keeps its server DUID file (kea-dhcp4 has no such setting).
            settings.put("data-directory", directory.toString());
        }
        Map<String, Object> config = Map.of(top, settings);
        Path configFile = directory.resolve(server + ".json");
        JSON.writeValue(configFile.toFile(), config);

        Process kea = process(List.of(tool(server).toString(), "-c", configFile.toString())).start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(kea.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> readUntilStarted(log, lines));
            assertTrue(started.get(30, TimeUnit.SECONDS), server + " did not start:\n" + String.join("\n", lines));
            String startup = String.join("\n", lines);
            assertFalse(startup.contains("ROW_ERROR") || startup.contains("SANITY_FAIL"), startup);

            JsonNode answer = JSON.readTree(ask(socket, "{\"command\": \"" + command + "\"}"));
            assertEquals(0, answer.get("result").asInt(), answer.toString());
            Map<String, JsonNode> byAddress = new HashMap<>();
            answer.get("arguments").get("leases").forEach(lease -> byAddress.put(lease.get("ip-address").asText(), lease));
            return byAddress;
        } finally {
            kea.destroy();
            if (!kea.waitFor(10, TimeUnit.SECONDS)) {
                kea.destroyForcibly();
            }
        }
    }

    private static boolean readUntilStarted(BufferedReader log, List<String> lines) {
        try {
            for (String line = log.readLine(); line != null; line = log.readLine()) {
                lines.add(line);
                if (line.contains("_STARTED")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            lines.add(e.toString());
            return false;
        }
    }

    /** Sends one command to a Kea control socket; Kea answers and closes the connection. */
    private static String ask(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer request = StandardCharsets.UTF_8.encode(command);
            while (request.hasRemaining()) {
                channel.write(request);
            }
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
                // keeps reading until Kea closes the connection
            }
            buffer.flip();
            return StandardCharsets.UTF_8.decode(buffer).toString();
        }
    }

    private String run(List<String> command) throws Exception {
        Process process = process(command).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish:\n" + output);
        }
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /** Kea with its pid, lock and log lock files in the test's directory. */
    private ProcessBuilder process(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("KEA_PIDFILE_DIR", directory.toString());
        builder.environment().put("KEA_LOCKFILE_DIR", directory.toString());
        return builder;
    }

    private static Path tool(String name) {
        return Stream.concat(Stream.of(System.getenv("PATH").split(":")), Stream.of("/usr/sbin", "/sbin"))
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> fail(name + " is not installed; this test needs Debian's Kea 2.2 "
                        + "(scripts/install-test-deps installs it; -Pquick leaves system tests out)"));
    }

    private static Path leaseCommandsHook() throws IOException {
        try (Stream<Path> libraries = Files.list(Path.of("/usr/lib"))) {
            return libraries.map(library -> library.resolve("kea/hooks/libdhcp_lease_cmds.so"))
                    .filter(Files::exists)
                    .findFirst()
                    .orElseGet(() -> fail("Kea's lease_cmds hook library is not installed under /usr/lib/*/kea/hooks "
                            + "(it comes with kea-dhcp4-server and kea-dhcp6-server)"));
        }
    }
}
