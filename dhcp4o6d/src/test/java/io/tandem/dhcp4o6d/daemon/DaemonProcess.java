package io.tandem.dhcp4o6d.daemon;

import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** dhcp4o6d started with {@code scripts/dhcp4o6d}, as an operator starts it; its output goes to a log file. */
final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code scripts/dhcp4o6d ARGUMENTS} and waits (bounded) until it listens on the port pair. */
    static DaemonProcess start(Path workDirectory, Path log, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Launcher.repository().resolve("scripts/dhcp4o6d").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        DaemonProcess daemon = new DaemonProcess(process, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!daemon.output().contains("DHCP4O6_LISTENING")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                daemon.close();
                throw new AssertionError("dhcp4o6d did not start listening:\n" + daemon.output());
            }
            Thread.sleep(100);
        }
        return daemon;
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    long pid() {
        return process.pid();
    }

    /** Sends a signal ({@code HUP}, {@code KILL}, ...) to the daemon's pid, and waits for kill(1), bounded. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -s " + name + " " + process.pid() + " failed");
        }
    }

    /** Waits (bounded) until the daemon's output holds {@code text}. */
    void awaitOutput(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("dhcp4o6d never said " + text + ":\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** SIGTERM, as systemd stops it; waits (bounded) and returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("dhcp4o6d did not stop within 15 s of SIGTERM");
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
