package io.tandem.dhcp6d.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.NetnsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command keeps working: {@code scripts/demo --relay} (on the jar just
 * built) shows a direct client, the same machine with another DUID and a relayed client each
 * getting prefix + MAC, and leaves no namespace behind.
 */
@Tag("system")
class DemoIT {
    private static final Pattern NAMESPACES = Pattern.compile("in throw-away network namespaces (tdemo-\\d+)-\\*");

    @TempDir
    Path work;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theDemoShowsPrefixPlusMacAndCleansUp() throws Exception {
        NetnsLab.requireCommands("dhclient", "dhcrelay");
        String demo = Launcher.repository().resolve("scripts/demo").toString();
        Path log = work.resolve("demo.log");
        Process process = new ProcessBuilder(demo, "--relay", "--no-build").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroy(); // SIGTERM: the demo's trap stops what it started and deletes its namespaces
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        String output = Files.readString(log);
        assertEquals(0, process.waitFor(), () -> "scripts/demo failed:\n" + output);
        assertEquals(2, output.split("address = prefix \\+ MAC: +yes", -1).length - 1,
                () -> "expected the direct and the relayed client to get prefix + MAC:\n" + output);
        assertTrue(output.contains("address it got           2001:db8:1::5254:12:3456   (the same)"),
                () -> "a second DUID should get the same address:\n" + output);
        Matcher prefix = NAMESPACES.matcher(output);
        assertTrue(prefix.find(), () -> "the demo names its namespaces:\n" + output);
        String left = NetnsLab.runOnHost(Duration.ofSeconds(10), "ip", "netns", "list").output();
        assertFalse(left.contains(prefix.group(1) + "-"), () -> "the demo left namespaces behind:\n" + left);
    }
}
