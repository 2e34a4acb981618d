package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Kea 2.2's own example configurations ({@code ../shared/kea-examples/kea6/} and {@code kea4/},
 * beside the clone), and the check both daemons make of them: each loads without error, and
 * every warning names something of Kea's that Tandem does not implement; except the
 * reservations keyed only by an identifier Tandem does not implement (Kea's {@code flex-id},
 * which needs a hook library), which are errors that name their JSON path.
 */
public final class KeaExamples {
    /** How a daemon compiles a file. */
    @FunctionalInterface
    public interface Parser {
        ConfigResult<?> parseFile(Path file) throws ConfigException;
    }

    private static final Pattern QUOTED = Pattern.compile("\"([a-z0-9-]+)\"");

    private KeaExamples() {
    }

    /** The examples of one server: {@code kea6} or {@code kea4}. */
    public static Path directory(String server) {
        return Launcher.repository().resolve("../shared/kea-examples/" + server).normalize();
    }

    /** One example file; the test is skipped, saying so, where the examples are not beside the clone. */
    public static Path example(String server, String name) {
        Path directory = directory(server);
        Assumptions.assumeTrue(Files.isDirectory(directory),
                "Kea's examples are not at " + directory + " (CI has them beside the clone); skipped");
        return directory.resolve(name);
    }

    /**
     * One test per example of {@code server}: it loads, and {@code keaWarning} accepts each warning;
     * or, for a file named in {@code errors}, it fails with exactly those errors.
     *
     * @param atLeast how many examples Kea 2.2 has, so that a missing file is noticed
     * @param errors  the errors of the examples that do not load, by file name
     */
    public static Stream<DynamicTest> everyExampleLoads(String server, int atLeast, Parser parser,
                                                        Predicate<ConfigProblem> keaWarning,
                                                        Map<String, List<String>> errors) throws IOException {
        Path directory = example(server, "");
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= atLeast, "expected Kea's " + atLeast + " examples in " + directory);
        assertTrue(files.stream().map(file -> file.getFileName().toString()).toList().containsAll(errors.keySet()),
                "every example expected to fail is in " + directory);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            List<String> expected = errors.get(file.getFileName().toString());
            if (expected != null) {
                ConfigException e = assertThrows(ConfigException.class, () -> parser.parseFile(file));
                assertEquals(expected, e.errors().stream().map(ConfigProblem::toString).toList());
                return;
            }
            ConfigResult<?> result;
            try {
                result = parser.parseFile(file);
            } catch (ConfigException e) {
                fail(file + " does not load:\n" + e.getMessage());
                return;
            }
            for (ConfigProblem warning : result.warnings()) {
                assertTrue(keaWarning.test(warning), "a warning that names no Kea key: " + warning);
            }
        }));
    }

    /**
     * Whether the warning names a key of {@code levels} that Kea 2.2 has and Tandem ignores (or
     * {@code user-context}, {@code comment}), by its location or quoted in its message, or quotes
     * one of {@code keaValuesNotImplemented}.
     */
    public static boolean namesKeaKey(ConfigProblem warning, List<KeaKeys> levels,
                                      Set<String> keaValuesNotImplemented) {
        Set<String> keaKeys = new HashSet<>(List.of("user-context", "comment"));
        levels.forEach(level -> keaKeys.addAll(level.keaKeysNotImplemented()));
        String location = warning.location();
        if (keaKeys.contains(location.substring(location.lastIndexOf('/') + 1))) {
            return true;
        }
        Matcher quoted = QUOTED.matcher(warning.message());
        while (quoted.find()) {
            if (keaKeys.contains(quoted.group(1)) || keaValuesNotImplemented.contains(quoted.group(1))) {
                return true;
            }
        }
        return false;
    }
}
