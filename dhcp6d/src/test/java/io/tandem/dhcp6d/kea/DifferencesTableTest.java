package io.tandem.dhcp6d.kea;

import io.tandem.common.testing.Differences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README.md's "Where Tandem differs from Kea" table is the deliberate entries of the conformance
 * harness's differences.json, row for row, and every scenario the file names exists in a data file.
 */
class DifferencesTableTest {
    private static final String START = "<!-- generated from dhcp6d/src/test/resources/conformance/differences.json -->\n";
    private static final String END = "<!-- end of the generated table -->";

    @Test
    void theReadmeTableIsTheDeliberateDifferences() throws IOException {
        Differences differences = Differences.read(ConformanceFile.directory().resolve(Differences.FILE_NAME), "dhcp6d",
                "RFC 9915", AnswerText::meaning);
        String readme = Files.readString(Launcher.repository().resolve("README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertTrue(start >= 0 && end > start, "README.md has no generated differences table");
        assertEquals(differences.readmeTable(), readme.substring(start + START.length(), end),
                "README.md's differences table: paste this between the markers");
    }

    @Test
    void everyRecordedDifferenceNamesAScenarioStep() throws IOException {
        Path data = ConformanceFile.directory();
        Differences differences = Differences.read(data.resolve(Differences.FILE_NAME), "dhcp6d", "RFC 9915",
                AnswerText::meaning);
        var scenarios = ConformanceFile.all(data).stream().flatMap(file -> file.scenarios().stream()).toList();
        for (Differences.Entry entry : differences.entries()) {
            assertTrue(scenarios.stream().anyMatch(scenario -> scenario.fullName().equals(entry.scenario())
                    && scenario.steps().stream().anyMatch(step -> step.name().equals(entry.step()))),
                    () -> Differences.FILE_NAME + " names no scenario step " + entry.scenario() + ", " + entry.step());
        }
    }
}
