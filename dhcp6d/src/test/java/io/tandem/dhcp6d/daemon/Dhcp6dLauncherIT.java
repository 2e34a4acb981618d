package io.tandem.dhcp6d.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.Launcher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/dhcp6d is a stable interface: it starts the packaged daemon from any working directory. */
class Dhcp6dLauncherIT {
    @TempDir
    Path elsewhere;

    @Test
    void startsThePackagedDaemonFromAnyWorkingDirectory() throws Exception {
        Launcher.Result version = Launcher.run("dhcp6d", elsewhere, "--version");
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().startsWith("dhcp6d (Tandem) "), version.output());
        assertTrue(!version.output().contains("development build"), "runs the packaged jar: " + version.output());

        Launcher.Result help = Launcher.run("dhcp6d", elsewhere, "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("Usage: dhcp6d"), help.output());
    }

    @Test
    void rejectsAnUnknownOptionWithUsage() throws Exception {
        Launcher.Result result = Launcher.run("dhcp6d", elsewhere, "--no-such-option");
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("Unknown option"), result.output());
    }
}
