package io.tandem.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What every daemon's launcher in {@code scripts/} promises, checked the same way for each. */
public final class LauncherChecks {
    private LauncherChecks() {
    }

    /**
     * {@code scripts/NAME --version} names the packaged jar's version (not a development build)
     * and {@code --help} prints the usage, both with exit code 0, from {@code workingDirectory}.
     *
     * @return what {@code --help} printed, for the daemon's own checks
     */
    public static Launcher.Result assertPackagedVersionAndHelp(String name, Path workingDirectory)
            throws IOException, InterruptedException {
        Launcher.Result version = Launcher.run(name, workingDirectory, "--version");
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().startsWith(name + " (Tandem) "), version.output());
        assertFalse(version.output().contains("development build"), "runs the packaged jar: " + version.output());

        Launcher.Result help = Launcher.run(name, workingDirectory, "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("Usage: " + name), help.output());
        return help;
    }

    /** {@code scripts/NAME ARGUMENTS --no-such-option} exits with 2 and says why. */
    public static void assertRejectsUnknownOption(String name, Path workingDirectory, String... arguments)
            throws IOException, InterruptedException {
        List<String> withUnknown = new ArrayList<>(List.of(arguments));
        withUnknown.add("--no-such-option");
        Launcher.Result result = Launcher.run(name, workingDirectory, withUnknown.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("Unknown option"), result.output());
    }
}
