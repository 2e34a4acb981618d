package io.tandem.common.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Why a file named by the command line or a configuration could not be read, in words an operator
 * reads ({@code no such file: /etc/tandem/dhcp6d.json}), never a Java exception's name.
 */
public final class FileReadError {
    private FileReadError() {
    }

    /** {@code no such file: PATH}, {@code permission denied: PATH}, else {@code cannot read PATH: } and the system's reason. */
    public static String text(Path file, IOException error) {
        if (error instanceof NoSuchFileException) {
            return "no such file: " + file;
        }
        if (error instanceof AccessDeniedException) {
            return "permission denied: " + file;
        }
        return "cannot read " + file + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
