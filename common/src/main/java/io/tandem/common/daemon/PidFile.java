package io.tandem.common.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The daemon's pid file, as ISC DHCP and Kea keep one: a live process named in it stops a second
 * instance; a stale one (the process is gone) is taken over. Removed on a clean stop.
 */
public final class PidFile implements AutoCloseable {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    /** Thrown when another live process holds the pid file. */
    public static final class HeldException extends IOException {
        public HeldException(Path path, long pid) {
            super("another instance (pid " + pid + ") is running with pid file " + path
                    + "; stop it first, or give this one another -pf");
        }
    }

    public static PidFile acquire(Path path) throws IOException {
        Optional<Long> holder = readPid(path);
        long self = ProcessHandle.current().pid();
        if (holder.isPresent() && holder.get() != self
                && ProcessHandle.of(holder.get()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new HeldException(path, holder.get());
        }
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
        Files.writeString(temporary, self + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new PidFile(path);
    }

    private static Optional<Long> readPid(Path path) throws IOException {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
            return text.matches("\\d{1,10}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the file if it still names this process. */
    @Override
    public void close() throws IOException {
        if (readPid(path).filter(pid -> pid == ProcessHandle.current().pid()).isPresent()) {
            Files.deleteIfExists(path);
        }
    }
}
