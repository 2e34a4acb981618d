package io.tandem.dhcp4o6d.kea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.Differences;
import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README.md's 4o6 table of deliberate differences is the deliberate entries of the 4o6 harness's
 * differences.json, row for row, and every entry names a step of a scenario of a data file.
 */
class Differences4o6TableTest {
    private static final String START =
            "<!-- generated from dhcp4o6d/src/test/resources/conformance4o6/differences.json -->\n";
    private static final String END = "<!-- end of the generated table -->";

    private static Differences differences() throws IOException {
        return Differences.read(Conformance4o6File.directory().resolve(Differences.FILE_NAME), "dhcp4o6d",
                "RFC 2131", Kea4o6ConformanceIT.SAME_TEXT);
    }

    @Test
    void theReadmeTableIsTheDeliberateDifferences() throws IOException {
        String readme = Files.readString(Launcher.repository().resolve("README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END, start);
        assertTrue(start >= 0 && end > start, "README.md has no generated 4o6 differences table");
        assertEquals(differences().readmeTable(), readme.substring(start + START.length(), end),
                "README.md's 4o6 differences table: paste this between the markers");
    }

    @Test
    void everyRecordedDifferenceNamesAScenarioStep() throws IOException {
        Path data = Conformance4o6File.directory();
        List<Conformance4o6File.Scenario> scenarios = Conformance4o6File.all(data).stream()
                .flatMap(file -> file.scenarios().stream()).toList();
        for (Differences.Entry entry : differences().entries()) {
            assertTrue(scenarios.stream().anyMatch(scenario -> scenario.fullName().equals(entry.scenario())
                    && scenario.steps().stream().anyMatch(step -> step.name().equals(entry.step()))),
                    () -> Differences.FILE_NAME + " names no scenario step " + entry.scenario() + ", " + entry.step());
        }
    }
}
