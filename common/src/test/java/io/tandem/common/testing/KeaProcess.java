package io.tandem.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code kea-dhcp6} or {@code kea-dhcp4} 2.2 started outside any namespace, with its
 * configuration, pid and lock files and log in its own folder ({@code KEA_PIDFILE_DIR},
 * {@code KEA_LOCKFILE_DIR}); the configuration's loggers should write to {@code stdout}
 * ({@link #STDOUT_LOGGER}), which goes to the log. Closing it stops it (SIGTERM, then SIGKILL).
 */
public final class KeaProcess implements AutoCloseable {
    /** A {@code loggers} entry for {@code kea-dhcp6} or {@code kea-dhcp4} (%s): DEBUG to stdout. */
    public static final String STDOUT_LOGGER = "\"loggers\": [{\"name\": \"%s\", \"severity\": \"DEBUG\","
            + " \"debuglevel\": 50, \"output_options\": [{\"output\": \"stdout\"}]}]";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String program;
    private final Process process;
    private final Path log;

    private KeaProcess(String program, Process process, Path log) {
        this.program = program;
        this.process = process;
        this.log = log;
    }

    /**
     * Writes {@code config} to {@code home/PROGRAM.json}, starts {@code PROGRAM -c} it with
     * {@code arguments} (e.g. {@code -p PORT}), and waits until it says {@code DHCP6_STARTED} or
     * {@code DHCP4_STARTED}.
     */
    public static KeaProcess start(String program, Path home, String config, String... arguments)
            throws IOException, InterruptedException {
        NetnsLab.requireCommands(program);
        Files.createDirectories(home);
        Path file = Files.writeString(home.resolve(program + ".json"), config);
        List<String> command = new ArrayList<>(List.of(program, "-c", file.toString()));
        command.addAll(List.of(arguments));
        Path log = home.resolve(program + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KEA_PIDFILE_DIR", home.toString());
        builder.environment().put("KEA_LOCKFILE_DIR", home.toString());
        KeaProcess kea = new KeaProcess(program, builder.start(), log);
        String started = program.equals("kea-dhcp6") ? "DHCP6_STARTED" : "DHCP4_STARTED";
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!kea.output().contains(started)) {
            if (!kea.process.isAlive() || System.nanoTime() > deadline) {
                kea.close();
                throw new AssertionError(program + " does not start:\n" + kea.output());
            }
            Thread.sleep(20);
        }
        return kea;
    }

    /** Everything it has logged so far. */
    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return program + " (pid " + process.pid() + ")";
    }
}
