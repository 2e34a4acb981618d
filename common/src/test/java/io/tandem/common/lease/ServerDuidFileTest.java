package io.tandem.common.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.dhcp6.Duid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerDuidFileTest {
    private static final Duid DUID = Duid.fromHex("00:01:00:01:32:95:48:bd:9a:91:13:5e:4e:45");

    @TempDir
    Path directory;

    @Test
    void isKeptInKeasFileBesideTheLeaseFile() {
        assertEquals(directory.resolve("kea-dhcp6-serverid"),
                ServerDuidFile.besideLeaseFile(directory.resolve("leases6.csv")));
    }

    @Test
    void aMissingFolderIsNamedWithWhatToDo() {
        Path missing = directory.resolve("no-such-folder");
        LeaseFileException error = assertThrows(LeaseFileException.class, () -> ServerDuidFile.loadOrCreate(
                ServerDuidFile.besideLeaseFile(missing.resolve("leases6.csv")), () -> DUID));
        assertTrue(error.getMessage().contains("no such folder: " + missing), error.getMessage());
        assertTrue(error.getMessage().contains("-lf"), error.getMessage());
    }

    @Test
    void isCreatedOnceAndThenReadBack() throws IOException {
        Path file = directory.resolve(ServerDuidFile.KEA_FILE_NAME);
        AtomicInteger created = new AtomicInteger();
        Supplier<Duid> create = () -> {
            created.incrementAndGet();
            return DUID;
        };
        assertEquals(DUID, ServerDuidFile.loadOrCreate(file, create));
        assertEquals(DUID, ServerDuidFile.loadOrCreate(file, create));
        assertEquals(1, created.get());
        assertEquals("00:01:00:01:32:95:48:bd:9a:91:13:5e:4e:45", Files.readString(file));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void readsItAsKeaDoesIgnoringWhiteSpace() throws IOException {
        Path file = directory.resolve(ServerDuidFile.KEA_FILE_NAME);
        Files.writeString(file, "00:01:00:01:32:95:48:bd\n:9a:91:13:5e:4e:45 \n");
        assertEquals(DUID, ServerDuidFile.loadOrCreate(file, ServerDuidFileTest::mustNotCreate));
    }

    @Test
    void aDamagedFileIsAnErrorNamingItAndIsLeftAlone() throws IOException {
        Path file = directory.resolve(ServerDuidFile.KEA_FILE_NAME);
        for (String damaged : new String[] {"", "00:01:zz", "00:01", "\u0000\u0001binary"}) {
            Files.writeString(file, damaged);
            LeaseFileException e = assertThrows(LeaseFileException.class,
                    () -> ServerDuidFile.loadOrCreate(file, ServerDuidFileTest::mustNotCreate));
            assertTrue(e.getMessage().startsWith(file + ": does not hold a server DUID"), e.getMessage());
            assertEquals(damaged, Files.readString(file));
        }
    }

    private static Duid mustNotCreate() {
        throw new AssertionError("an existing file must not be replaced");
    }
}
