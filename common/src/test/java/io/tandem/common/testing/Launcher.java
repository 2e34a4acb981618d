package io.tandem.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the launchers in {@code scripts/} the way an operator does, and collects what it printed. */
public final class Launcher {
    private Launcher() {
    }

    public record Result(int exitCode, String output) {
    }

    /** The repository's top directory, found from the module directory Maven runs tests in. */
    public static Path repository() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isDirectory(directory.resolve("scripts"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("no scripts/ above " + Path.of("").toAbsolutePath());
        }
        return directory;
    }

    /** Runs {@code scripts/NAME ARGS...} from {@code workingDirectory}; stdout and stderr together. */
    public static Result run(String name, Path workingDirectory, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repository().resolve("scripts").resolve(name).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(name + " did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
