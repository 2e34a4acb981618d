package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.NetnsLab;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Config parity with Kea 2.2: a daemon's {@code -t} (its parser and compiler, run in this JVM)
 * and Kea's {@code -t} (Debian's kea-dhcp6 or kea-dhcp4, run as a process) accept and refuse
 * the same files. The corpus is Kea's example configurations, the daemon's files in
 * {@code conf/} and mutations of a valid base configuration ({@link KeaConfigMutations}).
 *
 * <p>Tandem's own keys are outside the comparison, decided in one place: the
 * {@link KeaKeys#tandemOnly()} of each level of the {@link Level} tree are removed from a file
 * before both sides see it, and the test's name says which were removed. The few cases where
 * Tandem refuses on purpose what Kea accepts (or the reverse) are listed with their reason in
 * {@code kea-parity/deliberate-differences.txt} ({@code kea-dhcp6: <case> | <reason>}, {@code *}
 * standing for any text); each listed line must still match a case that differs, so the list
 * cannot go stale.
 *
 * <p>Kea's {@code -t} looks at the machine's interfaces (an {@code interface} it cannot find,
 * an {@code interfaces-config} address the interface does not have, is an error), so Kea runs
 * in a network namespace of its own with the interfaces the corpus names: {@code eth0} with
 * {@code 2001:db8:1::1} and {@code 192.0.2.1}, {@code eth1}, {@code srv0} and {@code cli0}.
 */
public final class KeaConfigParity {
    /** How a daemon compiles a configuration file, as its {@code -t} does. */
    @FunctionalInterface
    public interface Parser {
        ConfigResult<?> parseFile(Path file) throws ConfigException;
    }

    /** A level of the configuration: its keys, and the levels below it by key (an object, or an array of objects). */
    public record Level(KeaKeys keys, Map<String, Level> children) {
        public Level(KeaKeys keys) {
            this(keys, Map.of());
        }
    }

    /**
     * A daemon compared with Kea.
     *
     * @param keaCommand {@code kea-dhcp6} or {@code kea-dhcp4}
     * @param examples   Kea's examples for it: {@code kea6} or {@code kea4}
     * @param rootKey    {@code Dhcp6} or {@code Dhcp4}
     * @param global     the levels of its configuration
     * @param owner      the test class, whose class path has {@code /kea-parity/<base>} and {@code <mutations>}
     */
    public record Daemon(String keaCommand, String examples, String rootKey, Level global, Parser parser,
                         Class<?> owner, String base, String mutations) {
    }

    /** One file of the corpus: what the test is called, and the text both sides check. */
    public record Case(String name, String json) {
    }

    /** What one side said: accepted or refused, and why. */
    public record Verdict(boolean accepts, String text) {
        @Override
        public String toString() {
            return (accepts ? "accepts" : "refuses") + (text.isEmpty() ? "" : ": " + text);
        }
    }

    private static final String DIFFERENCES = "/kea-parity/deliberate-differences.txt";
    private static final Duration KEA_TIMEOUT = Duration.ofMinutes(3);
    private static final int PARALLEL = 4;

    private KeaConfigParity() {
    }

    /** Reads a configuration as the daemons do (comments allowed). */
    public static ObjectNode read(String text, String location) {
        try {
            return (ObjectNode) ConfigJson.read(text, location);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The case of a corpus file: its text with the Tandem-only keys of every level removed (the
     * name says which), or as it is when it has none.
     */
    static Case corpusFile(String name, Path file, String rootKey, Level global) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode tree = read(text, file.toString());
        List<String> removed = new ArrayList<>();
        if (tree.get(rootKey) instanceof ObjectNode object) {
            removeTandemKeys(object, "/" + rootKey, global, removed);
        }
        return removed.isEmpty() ? new Case(name, text)
                : new Case(name + " without Tandem's " + String.join(", ", removed), tree.toPrettyString());
    }

    /**
     * The corpus files of a server: Kea's examples ({@code kea6} or {@code kea4}, skipped with a
     * message where they are not beside the clone) and the files of {@code conf/} whose object
     * is {@code rootKey}.
     */
    static List<Case> corpus(String server, String rootKey, Level global) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (Path file : jsonFiles(KeaExamples.example(server, ""))) {
            cases.add(corpusFile(server + "/" + file.getFileName(), file, rootKey, global));
        }
        for (Path file : jsonFiles(Launcher.repository().resolve("conf"))) {
            if (read(Files.readString(file), file.toString()).has(rootKey)) {
                cases.add(corpusFile("conf/" + file.getFileName(), file, rootKey, global));
            }
        }
        return cases;
    }

    private static List<Path> jsonFiles(Path directory) throws IOException {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static void removeTandemKeys(ObjectNode node, String path, Level level, List<String> removed) {
        for (String key : level.keys().tandemOnly()) {
            if (node.remove(key) != null) {
                removed.add(path + "/" + key);
            }
        }
        level.children().forEach((key, child) -> {
            JsonNode value = node.get(key);
            if (value instanceof ObjectNode object) {
                removeTandemKeys(object, path + "/" + key, child, removed);
            } else if (value instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i) instanceof ObjectNode element) {
                        removeTandemKeys(element, path + "/" + key + "/" + i, child, removed);
                    }
                }
            }
        });
    }

    /**
     * The comparison of a daemon with Kea on its whole corpus: Kea's examples, {@code conf/}, its
     * base configuration and the mutations of it (hand-written, then generated).
     */
    public static Stream<DynamicTest> compare(Path workDirectory, Daemon daemon) throws IOException {
        String baseText;
        try (InputStream in = daemon.owner().getResourceAsStream("/kea-parity/" + daemon.base())) {
            if (in == null) {
                throw new IllegalStateException("no /kea-parity/" + daemon.base() + " on the class path");
            }
            baseText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode base = read(baseText, daemon.base());
        List<Case> cases = new ArrayList<>(corpus(daemon.examples(), daemon.rootKey(), daemon.global()));
        cases.add(new Case(daemon.base(), baseText));
        cases.addAll(KeaConfigMutations.listed(base, daemon.owner(), "/kea-parity/" + daemon.mutations()));
        cases.addAll(KeaConfigMutations.generated(base, daemon.rootKey(), daemon.global()));
        return compare(workDirectory, daemon.keaCommand(), cases, daemon.parser());
    }

    /**
     * One test per case: Tandem's verdict equals Kea's, or the case is a deliberate difference
     * and they differ as listed. Kea's checks run first, in parallel, in a namespace of their own.
     *
     * @param keaCommand {@code kea-dhcp6} or {@code kea-dhcp4}
     */
    static Stream<DynamicTest> compare(Path workDirectory, String keaCommand, List<Case> cases, Parser parser)
            throws IOException {
        NetnsLab.requireCommands(keaCommand);
        Map<String, String> differences = deliberateDifferences();
        Map<Case, Verdict> kea = keaVerdicts(workDirectory, keaCommand, cases);
        Map<Case, Verdict> tandem = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            tandem.put(cases.get(i), tandemVerdict(parser, cases.get(i), workDirectory.resolve("case-" + i)));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Case parityCase : cases) {
            Verdict ours = tandem.get(parityCase);
            Verdict theirs = kea.get(parityCase);
            String listed = listedDifference(differences, keaCommand + ": " + parityCase.name());
            tests.add(DynamicTest.dynamicTest(parityCase.name(), () -> {
                // A listed difference is reported as skipped, with its reason.
                Assumptions.assumeTrue(listed == null || ours.accepts() == theirs.accepts(),
                        "deliberate difference: " + listed + "\nTandem " + ours + "\n" + keaCommand + " " + theirs);
                assertEquals(theirs.accepts(), ours.accepts(), parityCase.name() + "\nTandem " + ours + "\n"
                        + keaCommand + " " + theirs + "\n" + parityCase.json());
            }));
        }
        tests.add(DynamicTest.dynamicTest("every deliberate difference of " + keaCommand + " still differs", () -> {
            List<String> stale = differences.keySet().stream().filter(pattern -> pattern.startsWith(keaCommand + ": "))
                    .filter(pattern -> cases.stream().noneMatch(parityCase ->
                            matches(pattern, keaCommand + ": " + parityCase.name())
                                    && tandem.get(parityCase).accepts() != kea.get(parityCase).accepts()))
                    .toList();
            assertEquals(List.of(), stale, "listed differences that no case shows");
        }));
        return tests.stream();
    }

    private static Verdict tandemVerdict(Parser parser, Case parityCase, Path directory) throws IOException {
        Path file = Files.createDirectories(directory).resolve("config.json");
        Files.writeString(file, parityCase.json(), StandardCharsets.UTF_8);
        try {
            parser.parseFile(file);
            return new Verdict(true, "");
        } catch (ConfigException e) {
            return new Verdict(false, String.join("; ", e.errors().stream().map(ConfigProblem::toString).toList()));
        }
    }

    /** Kea's verdicts, from its exit code; the text is its error (the line saying why), if any. */
    private static Map<Case, Verdict> keaVerdicts(Path workDirectory, String keaCommand, List<Case> cases)
            throws IOException {
        Map<Case, Verdict> verdicts = new LinkedHashMap<>();
        try (NetnsLab lab = NetnsLab.create(workDirectory.resolve("lab"))) {
            NetnsLab.Namespace kea = lab.namespace("kea");
            lab.veth(kea, "eth0", NetnsLab.universalMac(1), kea, "eth1", NetnsLab.universalMac(2));
            lab.veth(kea, "srv0", NetnsLab.universalMac(3), kea, "cli0", NetnsLab.universalMac(4));
            lab.addAddress(kea, "eth0", "2001:db8:1::1/64");
            lab.execOk(kea, "ip", "-4", "address", "add", "192.0.2.1/24", "dev", "eth0");
            Path directory = Files.createDirectories(workDirectory.resolve("kea"));
            for (int i = 0; i < cases.size(); i++) {
                Files.writeString(directory.resolve(i + ".json"), cases.get(i).json(), StandardCharsets.UTF_8);
            }
            // One shell in the namespace runs every check, PARALLEL at a time: a process per check
            // from the JVM would cost more than Kea's check itself.
            NetnsLab.Result run = lab.exec(kea, KEA_TIMEOUT, "sh", "-c",
                    "cd \"$1\" && ls | grep '\\.json$' | xargs -P " + PARALLEL + " -I{} sh -c '\"$0\" -t {} > {}.out 2>&1;"
                            + " echo $? > {}.rc' \"$2\"", "sh", directory.toString(), keaCommand);
            if (!run.ok()) {
                throw new IllegalStateException("the Kea checks did not run: " + run);
            }
            for (int i = 0; i < cases.size(); i++) {
                int exitCode = Integer.parseInt(Files.readString(directory.resolve(i + ".json.rc")).strip());
                String output = Files.readString(directory.resolve(i + ".json.out"), StandardCharsets.ISO_8859_1);
                verdicts.put(cases.get(i), keaVerdict(exitCode, output));
            }
        }
        return verdicts;
    }

    private static Verdict keaVerdict(int exitCode, String output) {
        if (exitCode != 0 && exitCode != 1) {
            fail("kea did not finish its check (exit " + exitCode + "):\n" + output);
        }
        String why = output.lines()
                .filter(line -> line.startsWith("Syntax check failed") || line.startsWith("Error encountered"))
                .findFirst().orElse(exitCode == 0 ? "" : output.strip());
        return new Verdict(exitCode == 0, why);
    }

    /** The reason listed for {@code name}, if a pattern of the list matches it. */
    private static String listedDifference(Map<String, String> differences, String name) {
        return differences.entrySet().stream().filter(entry -> matches(entry.getKey(), name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Whether {@code name} matches {@code pattern}, where {@code *} stands for any text. */
    private static boolean matches(String pattern, String name) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return name.matches(regex.toString());
    }

    /** The deliberate differences, case-name pattern to reason. */
    static Map<String, String> deliberateDifferences() throws IOException {
        Map<String, String> differences = new LinkedHashMap<>();
        try (InputStream in = KeaConfigParity.class.getResourceAsStream(DIFFERENCES)) {
            if (in == null) {
                throw new IllegalStateException("no " + DIFFERENCES + " on the class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf(" | ");
                if (bar < 0) {
                    throw new IllegalStateException(DIFFERENCES + ": expected \"case | reason\", got " + line);
                }
                differences.put(line.substring(0, bar).strip(), line.substring(bar + 3).strip());
            }
        }
        return differences;
    }
}
