package io.tandem.dhcp6d.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.FreePorts;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.LauncherChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /** The JVM keeps a SIGHUP that was ignored at its start ignored: the daemon says so instead of reloading nothing in silence. */
    @Test
    void startedUnderNohupItSaysThatSighupCannotReload() throws Exception {
        Path config = Files.writeString(elsewhere.resolve("dhcp6d.json"), """
                {"Dhcp6": {"subnet6": [{"id": 1, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                                        "pools": [{"pool": "2001:db8:2::1:0 - 2001:db8:2::1:ff"}]}],
                           "lease-database": {"type": "memfile", "persist": false},
                           "http": {"listen": "[::1]:%d"}, "events": {"channel": ""}}}
                """.formatted(FreePorts.tcp()));
        List<String> command = List.of("nohup", Launcher.repository().resolve("scripts/dhcp6d").toString(), "-cf",
                config.toString(), "--no-pid", "-lf", elsewhere.resolve("leases6.csv").toString(), "-p", Integer.toString(FreePorts.udp()));
        try (LaunchedDaemon dhcp6d = LaunchedDaemon.startCommand("dhcp6d", command, "DHCP6_LISTENING", elsewhere,
                elsewhere.resolve("dhcp6d.log"), Map.of())) {
            assertTrue(dhcp6d.output().contains("DHCP6_SIGHUP_IGNORED"), dhcp6d.output());
        }
    }
}
