package io.tandem.common.ops;

import io.tandem.common.config.ConfigException;
import io.tandem.common.daemon.Signals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The {@link DaemonControl} of either daemon: its version and configuration file, when it started
 * and was last configured, how it checks and reloads a configuration, and the latch its main
 * thread waits on to stop.
 */
public final class RunningDaemon implements DaemonControl {
    /** Compiles a configuration's text without applying it. */
    @FunctionalInterface
    public interface Checker {
        void check(String json, Path base) throws ConfigException;
    }

    /** Reads the configuration file again and applies it. */
    @FunctionalInterface
    public interface Reloader {
        void reload() throws ConfigException;
    }

    private final String version;
    private final Path configFile;
    private final Checker checker;
    private final Reloader reloader;
    private final CountDownLatch stopped;
    private final long startedNanos = System.nanoTime();
    private volatile long configuredNanos = startedNanos;

    public RunningDaemon(String version, Path configFile, Checker checker, Reloader reloader, CountDownLatch stopped) {
        this.version = version;
        this.configFile = configFile;
        this.checker = checker;
        this.reloader = reloader;
        this.stopped = stopped;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Path configFile() {
        return configFile;
    }

    @Override
    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Override
    public Duration sinceReload() {
        return Duration.ofNanos(System.nanoTime() - configuredNanos);
    }

    @Override
    public void check(String json, Path base) throws ConfigException {
        checker.check(json, base);
    }

    /** SIGHUP and the config-reload command may come at once: one reload at a time. */
    @Override
    public synchronized void reload() throws ConfigException {
        reloader.reload();
        configuredNanos = System.nanoTime();
    }

    @Override
    public void shutdown() {
        Signals.stopSoon(stopped);
    }
}
