package io.tandem.dhcp4o6d.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.LauncherChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/dhcp4o6d is a stable interface: it starts the packaged daemon from any working directory. */
class Dhcp4o6dLauncherIT {
    @TempDir
    Path elsewhere;

    @Test
    void startsThePackagedDaemonFromAnyWorkingDirectory() throws Exception {
        LauncherChecks.assertPackagedVersionAndHelp("dhcp4o6d", elsewhere);
    }

    @Test
    void rejectsAnUnknownOptionWithUsage() throws Exception {
        LauncherChecks.assertRejectsUnknownOption("dhcp4o6d", elsewhere);
    }

    @Test
    void checksTheExampleConfiguration() throws Exception {
        Launcher.Result result = Launcher.run("dhcp4o6d", elsewhere, "-t", "-cf",
                Launcher.repository().resolve("conf/dhcp4o6d.json").toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("configuration is valid"), result.output());
        assertFalse(result.output().contains("warning"), result.output());
    }

    @Test
    void checkingReportsErrorsWithTheirPointersAndWarnsAboutServerIdentifiers() throws Exception {
        Path bad = Files.writeString(elsewhere.resolve("bad.json"), "{\"Dhcp4\": {\"subnet4\": [{\"subnet\": \"192.0.2.1\"}]}}");
        Launcher.Result result = Launcher.run("dhcp4o6d", elsewhere, "-t", "-cf", bad.toString());
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("error: /Dhcp4/subnet4/0/subnet: expected an IPv4 prefix"), result.output());

        Path noServerId = Files.writeString(elsewhere.resolve("plain.json"),
                "{\"Dhcp4\": {\"loggers\": [], \"subnet4\": [{\"subnet\": \"192.0.2.0/24\"}]}}");
        Launcher.Result warned = Launcher.run("dhcp4o6d", elsewhere, "-t", "-cf", noServerId.toString());
        assertEquals(0, warned.exitCode(), warned.output());
        assertTrue(warned.output().contains("warning: /Dhcp4/loggers: Kea key not implemented by Tandem, ignored"),
                warned.output());
        assertTrue(warned.output().contains("warning: /Dhcp4/subnet4/0: subnet 1 (192.0.2.0/24) has no"
                + " dhcp-server-identifier"), warned.output());
    }

    @Test
    void refusesToRunWithoutAConfigurationOrAPortPair() throws Exception {
        Launcher.Result noConfig = Launcher.run("dhcp4o6d", elsewhere, "-4", "-4o6", "6767");
        assertEquals(2, noConfig.exitCode(), noConfig.output());
        assertTrue(noConfig.output().contains("-cf FILE"), noConfig.output());

        Path config = Files.writeString(elsewhere.resolve("noport.json"), "{\"Dhcp4\": {}}");
        Launcher.Result noPort = Launcher.run("dhcp4o6d", elsewhere, "-cf", config.toString(), "--no-pid", "-lf",
                elsewhere.resolve("leases4.csv").toString());
        assertEquals(1, noPort.exitCode(), noPort.output());
        assertTrue(noPort.output().contains("give -4o6 PORT or set dhcp4o6-port"), noPort.output());
    }
}
