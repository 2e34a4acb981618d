package io.tandem.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerCpuTest {
    @Test
    void userAndSystemTicksAreReadAfterACommandNameWithSpacesAndParentheses() {
        // A real line of /proc/PID/stat (a cat), its command name changed to "a (b) c": utime 7, stime 3.
        String line = "24333 (a (b) c) R 24329 24329 18341 0 -1 4194304 99 0 0 0 7 3 0 0 20 0 1 0 1048859 3133440 415";
        assertEquals(10, ServerCpu.ticks(line));
    }

    @Test
    void thisProcessesCpuTimeGrowsWhileItWorks() {
        ServerCpu cpu = new ServerCpu(List.of(ProcessHandle.current().pid()));
        long before = cpu.getAsLong();
        long deadline = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() + 60_000_000;
        long spin = 0;
        while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() < deadline) {
            spin++;
        }
        long after = cpu.getAsLong();
        assertTrue(after - before >= 30_000_000, "60 ms of CPU spent (" + spin + " turns), /proc shows "
                + (after - before) / 1_000_000 + " ms");
    }

    @Test
    void aProcessThatDoesNotExistIsRefusedAtTheStart() {
        assertThrows(IllegalArgumentException.class, () -> new ServerCpu(List.of((long) Integer.MAX_VALUE)));
    }
}
