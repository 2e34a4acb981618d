package io.tandem.common.daemon;

import io.tandem.common.config.ConfigException;
import java.util.function.Supplier;

/**
 * What a DHCP daemon's {@code main} does once picocli has read the command line: insist on
 * {@code -cf}, turn on {@code -d}, check the configuration for {@code -t}, else run the daemon
 * until it stops and close it; the exit code is 0, 1 (it could not run) or 2 (a usage error).
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
     * @param daemon  made only when it is to run, after {@code -d} is applied
     */
    public static int call(String program, DaemonOptions options, DebugOption debug, ConfigLoader<?> config,
                           Supplier<? extends Daemon> daemon) {
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
}
