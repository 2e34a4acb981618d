package io.tandem.dhcp6d.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigProblem;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kea 2.2's own example configurations ({@code ../shared/kea-examples/kea6/}, beside the clone)
 * load without error; every warning names a Kea key that Tandem does not implement.
 */
class KeaExamplesConfigTest {
    private static final Pattern QUOTED = Pattern.compile("\"([a-z0-9-]+)\"");
    /** Values of Kea keys that Tandem implements, which Tandem ignores with a warning. */
    private static final Set<String> KEA_VALUES_NOT_IMPLEMENTED = Set.of("flex-id", "raw");

    static Path examples() {
        return Launcher.repository().resolve("../shared/kea-examples/kea6").normalize();
    }

    @TestFactory
    Stream<DynamicTest> everyKeaExampleLoads() throws IOException {
        Path directory = examples();
        Assumptions.assumeTrue(Files.isDirectory(directory),
                "Kea's examples are not at " + directory + " (CI has them beside the clone); skipped");
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "expected Kea's eleven examples in " + directory);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ConfigResult<Dhcp6Config> result;
            try {
                result = Dhcp6ConfigParser.parseFile(file);
            } catch (ConfigException e) {
                fail(file + " does not load:\n" + e.getMessage());
                return;
            }
            for (ConfigProblem warning : result.warnings()) {
                assertTrue(namesKeaKey(warning), "a warning that names no Kea key: " + warning);
            }
        }));
    }

    /** Whether the warning names a key (or a value) that Kea 2.2 has and Tandem ignores. */
    static boolean namesKeaKey(ConfigProblem warning) {
        Set<String> keaKeys = keaKeysNotImplemented();
        String location = warning.location();
        String last = location.substring(location.lastIndexOf('/') + 1);
        if (keaKeys.contains(last)) {
            return true;
        }
        Matcher quoted = QUOTED.matcher(warning.message());
        while (quoted.find()) {
            if (keaKeys.contains(quoted.group(1)) || KEA_VALUES_NOT_IMPLEMENTED.contains(quoted.group(1))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> keaKeysNotImplemented() {
        Set<String> keys = new HashSet<>();
        for (KeaKeys6.Level level : List.of(KeaKeys6.GLOBAL, KeaKeys6.SHARED_NETWORK, KeaKeys6.SUBNET, KeaKeys6.POOL,
                KeaKeys6.PD_POOL, KeaKeys6.RESERVATION, KeaKeys6.INTERFACES_CONFIG, KeaKeys6.LEASE_DATABASE,
                KeaKeys6.SERVER_ID, KeaKeys6.RELAY)) {
            keys.addAll(level.keaKeysNotImplemented());
        }
        keys.addAll(List.of("user-context", "comment"));
        return keys;
    }
}
