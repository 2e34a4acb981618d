package io.tandem.common.ops;

import io.tandem.common.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;

/** What the daemon-wide control commands need from a running daemon. */
public interface DaemonControl {
    /** {@code dhcp6d (Tandem) 1.0}, as {@code --version} prints it. */
    String version();

    /** The configuration file given with {@code -cf}. */
    Path configFile();

    /** How long the daemon has run, on the monotonic clock: a stepped wall clock does not change it. */
    Duration uptime();

    /** How long ago the running configuration was loaded (at start, or by the last successful reload), as {@link #uptime}. */
    Duration sinceReload();

    /** Compiles {@code json} (a whole configuration file) without applying it; relative paths against {@code base}. */
    void check(String json, Path base) throws ConfigException;

    /** Reads the configuration file again and applies it, as SIGHUP does. */
    void reload() throws ConfigException;

    /** Stops the daemon cleanly, as SIGTERM does, soon after the answer has left. */
    void shutdown();
}
