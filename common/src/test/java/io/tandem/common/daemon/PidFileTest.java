package io.tandem.common.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path directory;

    @Test
    void writesThePidAndRemovesItOnClose() throws Exception {
        Path path = directory.resolve("run/dhcp6d.pid");
        try (PidFile pidFile = PidFile.acquire(path)) {
            assertEquals(ProcessHandle.current().pid() + "", Files.readString(path).trim());
            assertEquals(path, pidFile.path());
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void aLiveHolderStopsASecondInstance() throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            Path path = directory.resolve("dhcp6d.pid");
            Files.writeString(path, other.pid() + "\n");
            PidFile.HeldException held = assertThrows(PidFile.HeldException.class, () -> PidFile.acquire(path));
            assertTrue(held.getMessage().contains("pid " + other.pid()), held.getMessage());
        } finally {
            other.destroy();
        }
    }

    @Test
    void aStalePidFileIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path path = directory.resolve("dhcp6d.pid");
        Files.writeString(path, gone.pid() + "\n");
        try (PidFile ignored = PidFile.acquire(path)) {
            assertEquals(ProcessHandle.current().pid() + "", Files.readString(path).trim());
        }
    }
}
