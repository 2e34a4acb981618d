package io.tandem.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A daemon started with its launcher in {@code scripts/}, as an operator starts it, outside any
 * namespace (or another program, such as Kea's: {@link #startCommand}); its output goes to a log
 * file. Closing it kills it if it still runs.
 */
public final class LaunchedDaemon implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private LaunchedDaemon(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code scripts/NAME ARGUMENTS} from {@code workDirectory}, its output appended to
     * {@code log}, and waits (bounded) until its output holds {@code readyText}.
     */
    public static LaunchedDaemon start(String name, String readyText, Path workDirectory, Path log,
                                       String... arguments) throws IOException, InterruptedException {
        return start(name, readyText, workDirectory, log, Map.of(), arguments);
    }

    /** As {@link #start(String, String, Path, Path, String...)}, with {@code environment} added to the daemon's. */
    public static LaunchedDaemon start(String name, String readyText, Path workDirectory, Path log,
                                       Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Launcher.repository().resolve("scripts").resolve(name).toString());
        command.addAll(List.of(arguments));
        return startCommand(name, command, readyText, workDirectory, log, environment);
    }

    /** As {@link #start(String, String, Path, Path, Map, String...)}, for a program other than Tandem's launchers. */
    public static LaunchedDaemon startCommand(String name, List<String> command, String readyText, Path workDirectory,
                                              Path log, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        LaunchedDaemon daemon = new LaunchedDaemon(name, process, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!daemon.output().contains(readyText)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                daemon.close();
                throw new AssertionError(name + " never said " + readyText + ":\n" + daemon.output());
            }
            Thread.sleep(100);
        }
        return daemon;
    }

    /** Everything it has printed so far (standard output and error). */
    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a signal ({@code HUP}, {@code KILL}, ...) to the daemon's pid, and waits for kill(1), bounded. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -s " + signal + " " + process.pid() + " failed");
        }
    }

    /** Waits (bounded) until its output holds {@code text}. */
    public void awaitOutput(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " never said " + text + ":\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** SIGTERM, as systemd stops it; waits (bounded) and returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not stop within 15 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL if it still runs, and a bounded wait for it to be gone. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
