package io.tandem.tftpd.files;

import io.tandem.common.identity.MacAddress;
import io.tandem.tftpd.transfer.BlockSource;
import io.tandem.tftpd.transfer.TransferMode;
import io.tandem.tftpd.wire.ErrorCode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The read-only directory a TFTP server serves. A request is resolved below it, symlinks are
 * followed, and the real path must still be inside the root's real path: a link pointing out of
 * the root is refused like {@code ..}. The root itself may be a symlink.
 */
public final class BootRoot {
    private final Path root;

    private BootRoot(Path root) {
        this.root = root;
    }

    /**
     * @throws IOException when {@code directory} does not exist or is not a directory
     */
    public static BootRoot of(Path directory) throws IOException {
        Path real = directory.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IOException(directory + " is not a directory");
        }
        return new BootRoot(real);
    }

    public Path path() {
        return root;
    }

    /** The outcome of looking a request up: a file to send, or the error to answer with. */
    public sealed interface Lookup permits Found, Refused {
    }

    /** An open file: the caller owns {@code source} and closes it. */
    public record Found(RequestPath path, Path file, BlockSource source) implements Lookup {
    }

    /** The answer to a request that is not served; the MAC when the path named one. */
    public record Refused(ErrorCode code, String reason, Optional<MacAddress> mac) implements Lookup {
    }

    /** Resolves and opens {@code requested}; never opens anything outside the root. */
    public Lookup open(String requested, TransferMode mode) {
        RequestPath path;
        try {
            path = RequestPath.parse(requested);
        } catch (RequestPath.RefusedPathException e) {
            return new Refused(ErrorCode.ACCESS_VIOLATION, e.getMessage(), Optional.empty());
        }
        Path real;
        try {
            Path candidate = root;
            for (String name : path.names()) {
                candidate = candidate.resolve(name);
            }
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            return new Refused(ErrorCode.FILE_NOT_FOUND, "file not found", path.mac());
        } catch (IOException | RuntimeException e) {
            return new Refused(ErrorCode.ACCESS_VIOLATION, "cannot resolve: " + e.getMessage(), path.mac());
        }
        if (!real.startsWith(root)) {
            return new Refused(ErrorCode.ACCESS_VIOLATION, "outside the root", path.mac());
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return new Refused(ErrorCode.ACCESS_VIOLATION, "not a regular file", path.mac());
        }
        BlockSource octets;
        try {
            // The real path has no symlinks left; NOFOLLOW_LINKS refuses one swapped in since.
            octets = FileBlockSource.open(real);
        } catch (NoSuchFileException e) {
            return new Refused(ErrorCode.FILE_NOT_FOUND, "file not found", path.mac());
        } catch (AccessDeniedException e) {
            return new Refused(ErrorCode.ACCESS_VIOLATION, "permission denied", path.mac());
        } catch (IOException | RuntimeException e) {
            return new Refused(ErrorCode.ACCESS_VIOLATION, "cannot open: " + e.getMessage(), path.mac());
        }
        return new Found(path, real, mode == TransferMode.NETASCII ? new NetasciiBlockSource(octets) : octets);
    }
}
