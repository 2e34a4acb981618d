package io.tandem.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts Debian's {@code kea-dhcp6} or {@code kea-dhcp4} 2.2 outside any namespace, with its
 * configuration, pid and lock files and log in its own folder ({@code KEA_PIDFILE_DIR},
 * {@code KEA_LOCKFILE_DIR}); the configuration's loggers should write to {@code stdout}
 * ({@link #STDOUT_LOGGER}), which goes to the log.
 */
public final class KeaProcess {
    /** A {@code loggers} entry for {@code kea-dhcp6} or {@code kea-dhcp4} (%s): DEBUG to stdout. */
    public static final String STDOUT_LOGGER = "\"loggers\": [{\"name\": \"%s\", \"severity\": \"DEBUG\","
            + " \"debuglevel\": 50, \"output_options\": [{\"output\": \"stdout\"}]}]";

    private KeaProcess() {
    }

    /**
     * {@code kea-dhcp6} answering on {@code [::1]:PORT}: Kea 2.2 opens no socket on a loopback
     * interface but for a unicast address ({@code lo/::1}); its data directory (the server DUID) is
     * {@code home}. {@code body} is the rest of its {@code Dhcp6} object.
     */
    public static LaunchedDaemon dhcp6OnLoopback(Path home, int port, String body)
            throws IOException, InterruptedException {
        return start("kea-dhcp6", home, "{\"Dhcp6\": {\n"
                + "\"interfaces-config\": {\"interfaces\": [\"lo/::1\"]},\n"
                + "\"data-directory\": \"" + home + "\",\n"
                + STDOUT_LOGGER.formatted("kea-dhcp6") + ",\n" + body + "}}\n", "-p", Integer.toString(port));
    }

    /**
     * Writes {@code config} to {@code home/PROGRAM.json}, starts {@code PROGRAM -c} it with
     * {@code arguments} (e.g. {@code -p PORT}), and waits until it says {@code DHCP6_STARTED} or
     * {@code DHCP4_STARTED}.
     */
    public static LaunchedDaemon start(String program, Path home, String config, String... arguments)
            throws IOException, InterruptedException {
        NetnsLab.requireCommands(program);
        Files.createDirectories(home);
        Path file = Files.writeString(home.resolve(program + ".json"), config);
        List<String> command = new ArrayList<>(List.of(program, "-c", file.toString()));
        command.addAll(List.of(arguments));
        String started = program.equals("kea-dhcp6") ? "DHCP6_STARTED" : "DHCP4_STARTED";
        return LaunchedDaemon.startCommand(program, command, started, home, home.resolve(program + ".log"),
                Map.of("KEA_PIDFILE_DIR", home.toString(), "KEA_LOCKFILE_DIR", home.toString()));
    }
}
