package io.tandem.common.lease;

import java.io.IOException;
import java.nio.file.Path;

/** A lease or server-DUID file that cannot be used as it is; the message names the file. */
public final class LeaseFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public LeaseFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public LeaseFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
