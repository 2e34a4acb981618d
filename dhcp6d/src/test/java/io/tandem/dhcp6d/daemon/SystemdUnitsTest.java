package io.tandem.dhcp6d.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The systemd units in {@code conf/}: each reloads by SIGHUP, runs as the dedicated user, keeps its
 * lease and pid files where its StateDirectory and RuntimeDirectory are (the daemons' defaults),
 * names a configuration that {@code conf/} has an example of, and passes {@code systemd-analyze
 * verify} with the launcher of this checkout in place of {@code /opt/tandem}.
 */
class SystemdUnitsTest {
    private static final Path CONF = Launcher.repository().resolve("conf");

    @TempDir
    Path temp;

    /** The unit's keys, section.key, the last value of a repeated key winning. */
    private static Map<String, String> parse(Path unit) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(unit, StandardCharsets.UTF_8)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
                continue;
            }
            if (text.startsWith("[") && text.endsWith("]")) {
                section = text.substring(1, text.length() - 1);
                continue;
            }
            int equals = text.indexOf('=');
            assertTrue(equals > 0, unit + ": not a key=value line: " + line);
            keys.put(section + "." + text.substring(0, equals).strip(), text.substring(equals + 1).strip());
        }
        return keys;
    }

    private static String argument(List<String> command, String flag) {
        int at = command.indexOf(flag);
        assertTrue(at >= 0 && at + 1 < command.size(), "ExecStart has no " + flag + ": " + command);
        return command.get(at + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dhcp6d", "dhcp4o6d"})
    void aUnitRunsItsDaemonAsOperatorsExpect(String daemon) throws IOException {
        Map<String, String> unit = parse(CONF.resolve(daemon + ".service"));
        assertEquals("/bin/kill -HUP $MAINPID", unit.get("Service.ExecReload"));
        assertEquals("tandem", unit.get("Service.User"));
        assertEquals("tandem", unit.get("Service.StateDirectory"));
        assertEquals("tandem", unit.get("Service.RuntimeDirectory"));
        assertEquals("yes", unit.get("Service.RuntimeDirectoryPreserve"), "both daemons share /run/tandem");
        assertEquals("yes", unit.get("Service.NoNewPrivileges"));
        assertEquals("multi-user.target", unit.get("Install.WantedBy"));
        List<String> command = List.of(unit.get("Service.ExecStart").split(" +"));
        assertEquals("/opt/tandem/scripts/" + daemon, command.get(0));
        String leaseFile = argument(command, "-lf");
        String pidFile = argument(command, "-pf");
        assertEquals(daemon.equals("dhcp6d") ? "/var/lib/tandem/dhcp6d-leases6.csv"
                : "/var/lib/tandem/dhcp4o6d-leases4.csv", leaseFile, "the daemon's default lease file");
        assertEquals("/run/tandem/" + daemon + ".pid", pidFile, "the daemon's default pid file");
        assertEquals("/etc/tandem/" + daemon + ".json", argument(command, "-cf"));
        assertTrue(Files.isRegularFile(CONF.resolve(daemon + ".json")), "conf/ has the example for " + daemon);
        assertEquals(argument(command, "-4o6"), "6767", "the pair's port is the same in both units");
        String capabilities = unit.get("Service.AmbientCapabilities");
        if (daemon.equals("dhcp6d")) {
            assertEquals("CAP_NET_BIND_SERVICE", capabilities, "ports 547 and 69, nothing more");
        } else {
            assertEquals("", capabilities, "dhcp4o6d binds only localhost ports above 1024");
        }
        assertEquals(capabilities, unit.get("Service.CapabilityBoundingSet"));
    }

    @Test
    void theDefaultPidFileIsWhereTheUnitPutsIt() throws IOException {
        Map<String, String> unit = parse(CONF.resolve("dhcp6d.service"));
        assertTrue(unit.get("Service.ExecStart").contains(" -pf " + Dhcp6dMain.DEFAULT_PID_FILE));
    }

    @Test
    void theSysusersEntryCreatesTheUser() throws IOException {
        List<String> entries = Files.readAllLines(CONF.resolve("tandem.sysusers")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).startsWith("u tandem - "), entries.get(0));
    }

    /** systemd's own check, with this checkout's launchers in place of /opt/tandem. */
    @Test
    @Tag("system")
    void systemdAnalyzeVerifiesBothUnits() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        List<String> command = new ArrayList<>(List.of(analyze.toString(), "verify"));
        for (String daemon : List.of("dhcp6d", "dhcp4o6d")) {
            String text = Files.readString(CONF.resolve(daemon + ".service"))
                    .replace("/opt/tandem", Launcher.repository().toString());
            command.add(Files.writeString(temp.resolve(daemon + ".service"), text).toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertFalse(output.contains("Unknown"), "no key systemd does not know:\n" + output);
        assertFalse(output.contains(".service:"), "no complaint about a line:\n" + output);
    }
}
