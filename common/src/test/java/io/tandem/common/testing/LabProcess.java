package io.tandem.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A background process that a {@link NetnsLab} started and will end: its pid (the program's own,
 * since {@code ip netns exec}, {@code env} and {@code sh -c 'exec ...'} all exec), and a log file
 * holding its standard output and error together.
 */
public final class LabProcess {
    private final String label;
    private final List<String> command;
    private final Process process;
    private final Path log;

    LabProcess(String label, List<String> command, Process process, Path log) {
        this.label = label;
        this.command = List.copyOf(command);
        this.process = process;
        this.log = log;
    }

    public String label() {
        return label;
    }

    public long pid() {
        return process.pid();
    }

    public List<String> command() {
        return command;
    }

    public Path logFile() {
        return log;
    }

    /** Everything the process has printed so far (standard output and error). */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once the process has ended (128 + n after signal n, as a shell reports it). */
    public Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** Sends {@code signal} (a name such as {@code HUP}, {@code INT}, {@code KILL}) to this pid only. */
    public void signal(String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid())).redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0 && process.isAlive()) {
                throw new IllegalStateException("kill -s " + signal + " " + pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + label, e);
        }
    }

    /** Waits up to {@code timeout} for the process to end; its exit code, or empty if it still runs. */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return exitCode();
        }
    }

    /**
     * SIGTERM, then SIGKILL if the process has not ended within {@code grace}; returns the exit
     * code (143 after SIGTERM for a program without a handler, 137 after SIGKILL).
     */
    public int stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            if (awaitExit(grace).isEmpty()) {
                kill();
            }
        }
        return awaitExit(Duration.ofSeconds(10)).orElseThrow(
                () -> new IllegalStateException(label + " (pid " + pid() + ") survived SIGKILL"));
    }

    /** SIGKILL (kill -9) and wait for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return label + " (pid " + pid() + ")";
    }
}
