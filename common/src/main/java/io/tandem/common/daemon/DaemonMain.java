package io.tandem.common.daemon;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.FileReadError;
import io.tandem.common.lease.LeaseCsv;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LoadedLeases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What a DHCP daemon's {@code main} does once picocli has read the command line: check a lease
 * file for {@code --check-leases}, insist on {@code -cf}, turn on {@code -d}, check the
 * configuration for {@code -t}, else run the daemon until it stops and close it; the exit code is
 * 0, 1 (it could not run, or a check found problems) or 2 (a usage error).
 */
public final class DaemonMain {
    private DaemonMain() {
    }

    /** A daemon that runs until it is stopped. */
    public interface Daemon {
        /** Starts, serves until SIGTERM, SIGINT or the shutdown command, and reports. */
        void run() throws Exception;

        /** Stops what {@link #run} started, in reverse order; also after a failed start. */
        void close();
    }

    /**
     * @param program {@code dhcp6d}, {@code dhcp4o6d}: how error messages start
     * @param leases  the daemon's lease file layout, for {@code --check-leases}
     * @param daemon  made only when it is to run, after {@code -d} is applied
     */
    public static int call(String program, DaemonOptions options, DebugOption debug, ConfigLoader<?> config,
                           LeaseCsv<?> leases, Supplier<? extends Daemon> daemon) {
        if (options.checkLeases().isPresent()) {
            return checkLeases(program, options.checkLeases().get(), leases);
        }
        if (options.configFile() == null) {
            System.err.println(program + ": give the configuration file with -cf FILE");
            return 2;
        }
        debug.apply();
        if (options.testOnly()) {
            return config.check(options.configFile());
        }
        Daemon running = daemon.get();
        try {
            running.run();
            return 0;
        } catch (ConfigException e) {
            System.err.println(program + ": " + options.configFile() + " is not a valid configuration:\n"
                    + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println(program + ": " + e.getMessage());
            return 1;
        } finally {
            running.close();
        }
    }

    /**
     * {@code --check-leases}: every line the daemon would skip at start, as {@code FILE line N: why},
     * then a count; exit code 0 when every line reads, 1 when some would be skipped or the file
     * cannot be read.
     */
    static int checkLeases(String program, Path file, LeaseCsv<?> csv) {
        if (!Files.isRegularFile(file)) {
            System.out.println(program + ": no such file: " + file);
            return 1;
        }
        LoadedLeases<?> loaded;
        try {
            loaded = LeaseFile.load(file, csv);
        } catch (IOException e) {
            System.out.println(program + ": " + FileReadError.text(file, e));
            return 1;
        }
        loaded.problems().forEach(problem -> System.out.println(file + " " + problem));
        System.out.println(file + ": " + loaded.leases().size() + " rows read, " + loaded.problems().size()
                + " lines skipped");
        return loaded.problems().isEmpty() ? 0 : 1;
    }
}
