package io.tandem.dhcp6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigJson;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every dhcp6d configuration in {@code conf/} loads without an error or a warning, so the examples never rot. */
class ConfExamplesConfigTest {
    @TestFactory
    Stream<DynamicTest> everyDhcp6ConfigInConfLoadsCleanly() throws IOException, ConfigException {
        Path conf = Launcher.repository().resolve("conf");
        List<Path> files;
        try (Stream<Path> listing = Files.list(conf)) {
            files = listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        List<Path> dhcp6Files = new ArrayList<>();
        for (Path file : files) {
            if (ConfigJson.read(Files.readString(file), file.toString()).has("Dhcp6")) {
                dhcp6Files.add(file);
            }
        }
        assertFalse(dhcp6Files.isEmpty(), "conf/ has no dhcp6d configuration");
        return dhcp6Files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            try {
                ConfigResult<Dhcp6Config> result = Dhcp6ConfigParser.parseFile(file);
                assertEquals(List.of(), result.warnings(), file + " has warnings");
            } catch (ConfigException e) {
                fail(file + " does not load:\n" + e.getMessage());
            }
        }));
    }
}
