package io.tandem.common.lease;

import io.tandem.common.wire.dhcp6.Duid;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * The server's DUID, created once and kept in Kea's own file: {@code kea-dhcp6-serverid} in the
 * lease file's directory, holding the DUID as colon hex ({@code DUIDFactory} in Kea's
 * {@code src/lib/dhcp/duid_factory.cc}). Sharing Kea's name and format means a server moved from
 * Kea to Tandem, or back, keeps its identity along with the lease file, so clients' Renew and
 * Release messages, which name the server's DUID, keep being answered.
 *
 * <p>Unlike Kea, which silently makes a new DUID when the file does not parse, a damaged file is
 * an error: a new DUID makes every client's next Renew fail.
 */
public final class ServerDuidFile {
    /** Kea's {@code SERVER_DUID_FILE} in {@code src/bin/dhcp6/ctrl_dhcp6_srv.cc}. */
    public static final String KEA_FILE_NAME = "kea-dhcp6-serverid";

    private ServerDuidFile() {
    }

    /** Where the server DUID belongs for a lease file: Kea's file name in the lease file's directory. */
    public static Path besideLeaseFile(Path leaseFile) {
        return leaseFile.toAbsolutePath().resolveSibling(KEA_FILE_NAME);
    }

    /**
     * The DUID stored in {@code file}; if there is no such file, a DUID from {@code create},
     * stored first (written beside it, forced to the disk and renamed into place).
     *
     * @throws LeaseFileException if the file exists but does not hold a DUID
     */
    public static Duid loadOrCreate(Path file, Supplier<Duid> create) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException missing) {
            Duid duid = create.get();
            try {
                store(file, duid);
            } catch (NoSuchFileException noFolder) {
                // Written beside the lease file (-lf), whose folder the packages make: say which folder is missing
                throw new LeaseFileException(file, "cannot write the server DUID: no such folder: " + file.getParent()
                        + " (it is kept beside the lease file; give -lf a path in a folder that exists)", noFolder);
            }
            return duid;
        } catch (IOException e) {
            throw new LeaseFileException(file, "cannot read the server DUID: " + e.getMessage(), e);
        }
        try {
            // Kea reads the file token by token and joins the tokens, so white space is ignored.
            return new Duid(KeaText.formattedHex(text.replaceAll("\\s+", "")));
        } catch (IllegalArgumentException e) {
            throw new LeaseFileException(file, "does not hold a server DUID (" + e.getMessage()
                    + "); restore it, or delete it to make a new one, which clients will see as a new server");
        }
    }

    private static void store(Path file, Duid duid) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // No line end: Kea 2.2 reads the file token by token, takes a trailing newline for one
            // more (repeated) token, fails to parse and silently makes itself a new DUID.
            Durable.writeFully(out, StandardCharsets.US_ASCII.encode(duid.bytes().colonHex()));
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(file);
    }
}
