package io.tandem.dhcp6d.daemon;

import io.tandem.common.testing.LauncherChecks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/dhcp6d is a stable interface: it starts the packaged daemon from any working directory. */
class Dhcp6dLauncherIT {
    @TempDir
    Path elsewhere;

    @Test
    void startsThePackagedDaemonFromAnyWorkingDirectory() throws Exception {
        LauncherChecks.assertPackagedVersionAndHelp("dhcp6d", elsewhere);
    }

    @Test
    void rejectsAnUnknownOptionWithUsage() throws Exception {
        LauncherChecks.assertRejectsUnknownOption("dhcp6d", elsewhere);
    }
}
