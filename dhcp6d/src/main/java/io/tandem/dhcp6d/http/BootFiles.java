package io.tandem.dhcp6d.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tandem.common.identity.MacAddress;
import io.tandem.tftpd.files.RequestPath;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The boot-file directory as HTTP serves it: the TFTP server's rules ({@link RequestPath}), so
 * that {@code /boot/52:54:00:12:34:56/ipxe.efi} is {@code <directory>/ipxe.efi} and no spelling
 * climbs out. A request is resolved with symlinks followed, and the real path must still be
 * inside the directory's real path. The directory is looked up on every request, so that it may
 * appear, or be replaced by a new symlink, while the listener runs.
 */
final class BootFiles {
    private final Path directory;

    BootFiles(Path directory) {
        this.directory = directory;
    }

    /** A lookup's outcome: a file to send, or the status to answer with. */
    sealed interface Lookup permits Found, Refused {
    }

    /** A regular file inside the directory, with no symlink left in {@code file}. */
    record Found(RequestPath path, Path file, String relative) implements Lookup {
    }

    record Refused(HttpResponseStatus status, String reason, Optional<MacAddress> mac) implements Lookup {
    }

    /** Resolves {@code requested}, the percent-decoded path below {@code /boot/}; opens nothing. */
    Lookup find(String requested) {
        RequestPath path;
        try {
            path = RequestPath.parse(requested);
        } catch (RequestPath.RefusedPathException e) {
            boolean climbs = Arrays.asList(requested.split("[/\\\\]")).contains("..");
            return new Refused(climbs ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.NOT_FOUND, e.getMessage(),
                    Optional.empty());
        }
        Path root;
        Path real;
        try {
            root = directory.toRealPath();
            Path candidate = root;
            for (String name : path.names()) {
                candidate = candidate.resolve(name);
            }
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            return new Refused(HttpResponseStatus.NOT_FOUND, "no such file", path.mac());
        } catch (AccessDeniedException e) {
            return new Refused(HttpResponseStatus.FORBIDDEN, "permission denied", path.mac());
        } catch (IOException | RuntimeException e) {
            return new Refused(HttpResponseStatus.NOT_FOUND, "cannot resolve: " + e.getMessage(), path.mac());
        }
        if (!real.startsWith(root) || real.equals(root)) {
            return new Refused(HttpResponseStatus.FORBIDDEN, "outside the boot-file directory", path.mac());
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return new Refused(HttpResponseStatus.NOT_FOUND, "not a regular file", path.mac());
        }
        return new Found(path, real, root.relativize(real).toString().replace('\\', '/'));
    }
}
