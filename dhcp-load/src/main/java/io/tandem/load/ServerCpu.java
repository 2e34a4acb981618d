package io.tandem.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The CPU time of the server processes under load (both daemons of a pair summed): user plus
 * system time from {@code /proc/PID/stat}, read at each step's ends, so that a step reports the
 * server's CPU per completed exchange beside its rate. Processes in other network namespaces are
 * read the same way (one pid namespace).
 */
final class ServerCpu implements LongSupplier {
    /** USER_HZ: /proc reports times in these ticks; Linux fixes it at 100 on every architecture it exports to user space. */
    private static final long NANOS_PER_TICK = 10_000_000;

    private final List<Path> stats;

    ServerCpu(List<Long> pids) {
        stats = pids.stream().map(pid -> Path.of("/proc", Long.toString(pid), "stat")).toList();
        for (Path stat : stats) {
            if (!Files.isReadable(stat)) {
                throw new IllegalArgumentException("no process " + stat.getParent().getFileName());
            }
        }
    }

    /** The processes' CPU time so far, in nanoseconds (10 ms steps). */
    @Override
    public long getAsLong() {
        long ticks = 0;
        for (Path stat : stats) {
            try {
                ticks += ticks(Files.readString(stat));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + stat + " (did the server exit?)", e);
            }
        }
        return ticks * NANOS_PER_TICK;
    }

    /** utime + stime of one {@code /proc/PID/stat} line: fields 14 and 15, counted after the command name in parentheses. */
    static long ticks(String statLine) {
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
