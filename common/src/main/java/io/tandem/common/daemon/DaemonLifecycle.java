package io.tandem.common.daemon;

import io.tandem.common.config.ConfigException;
import io.tandem.common.lease.Lease;
import io.tandem.common.lease.LeaseCsv;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LoadedLeases;
import io.tandem.common.ops.RunningDaemon;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skeleton every daemon runs on, in start-up order: the control the commands see
 * ({@link RunningDaemon}), the pid file, what the daemon opens (each closed at the stop, in the
 * reverse order), the lease file read back and kept compact, then serving until SIGTERM, SIGINT
 * or the shutdown command, with SIGHUP reloading the configuration. Its log lines start with the
 * daemon's prefix ({@code DHCP6}, {@code DHCP4O6}, {@code TFTP}).
 */
public final class DaemonLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DaemonLifecycle.class);
    private static final long RECLAIM_SECONDS = 60;
    /** Skipped lease file lines logged one by one at start; the rest are summed up in one line. */
    private static final int SKIPPED_LINES_LOGGED = 20;

    private final String logPrefix;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<AutoCloseable> resources = new ArrayList<>();

    public DaemonLifecycle(String logPrefix) {
        this.logPrefix = logPrefix;
    }

    /**
     * The wall clock for lease times, watched for steps ({@link StepWatchingClock}): a step is
     * logged as {@code <PREFIX>_CLOCK_STEPPED} with what {@code shiftLeases} did about it.
     *
     * @param shiftLeases shifts the leases for a step and says how many
     */
    public StepWatchingClock clock(ToIntFunction<Duration> shiftLeases, String noun) {
        return StepWatchingClock.system(step -> {
            int shifted = shiftLeases.applyAsInt(step);
            if (step.isNegative()) {
                log.warn("{}_CLOCK_STEPPED the wall clock moved {} s against the monotonic clock; the {} keep their"
                        + " ends on the wall clock, later in real time, never earlier (timers run on the monotonic"
                        + " clock)", logPrefix, step.toSeconds(), noun);
            } else {
                log.warn("{}_CLOCK_STEPPED the wall clock moved {} s against the monotonic clock; {} {} that had not"
                        + " run out now end {} s later, so that none expires early (timers run on the monotonic clock)",
                        logPrefix, step.toSeconds(), shifted, noun, step.toSeconds());
            }
        });
    }

    /**
     * The daemon as the control commands and SIGHUP see it.
     *
     * @param apply reads the configuration file again and applies it; a success is logged as
     *              {@code <PREFIX>_CONFIG_RELOADED}
     */
    public RunningDaemon control(String version, Path configFile, RunningDaemon.Checker checker,
                                 RunningDaemon.Reloader apply) {
        return new RunningDaemon(version, configFile, checker, () -> {
            apply.reload();
            log.info("{}_CONFIG_RELOADED {}", logPrefix, configFile);
        }, stopped);
    }

    /** Takes {@code resource} to close at the stop, after everything opened later. */
    public <T extends AutoCloseable> T closeAtStop(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Writes the pid file, if there is to be one; a live process holding it stops this one. */
    public void holdPidFile(Optional<Path> pidFile) throws IOException {
        if (pidFile.isPresent()) {
            closeAtStop(PidFile.acquire(pidFile.get()));
        }
    }

    /**
     * Reads the lease file back into the daemon and opens it for appending (closed at the stop).
     * Lines that cannot be read are skipped, as Kea skips them, and logged with their number and
     * why (the first {@value #SKIPPED_LINES_LOGGED} one by one, then a summary); the daemon starts
     * with every good row.
     *
     * @param restore given each row as it is read, in file order (the rows are not kept: a later
     *                row of a binding replaces or, as a release, ends the earlier one)
     * @param live    the daemon's leases once restored (counted in the log)
     * @param noun    what the daemon calls its leases in the log ({@code bindings}, {@code leases})
     */
    public <L extends Lease> LeaseFile<L> openLeases(Path path, LeaseCsv<L> csv, Consumer<? super L> restore,
                                       Supplier<? extends Collection<? extends L>> live, String noun)
            throws IOException {
        List<LoadedLeases.Problem> problems = LeaseFile.read(path, csv, restore);
        problems.stream().limit(SKIPPED_LINES_LOGGED).forEach(problem -> log.warn("{}_LEASE_ROW_SKIPPED {} line {}: {}",
                logPrefix, path, problem.line(), problem.message()));
        if (problems.size() > SKIPPED_LINES_LOGGED) {
            log.warn("{}_LEASE_ROWS_SKIPPED {}: {} more lines skipped, up to line {}; --check-leases {} lists them all",
                    logPrefix, path, problems.size() - SKIPPED_LINES_LOGGED, problems.get(problems.size() - 1).line(),
                    path);
        }
        LeaseFile<L> file = closeAtStop(LeaseFile.open(path, csv));
        log.info("{}_LEASES_LOADED {} {} from {} ({} lines skipped)", logPrefix, live.get().size(), noun, path,
                problems.size());
        return file;
    }

    /**
     * Forgets expired leases every minute, and compacts the lease file (if any) to {@code live}
     * every {@code compactionSeconds} (Kea's {@code lfc-interval}; 0 never).
     *
     * @param reclaim forgets the expired leases and says how many
     */
    public <L extends Lease> void maintainLeases(IntSupplier reclaim, Optional<LeaseFile<L>> file,
                                   Supplier<? extends Collection<? extends L>> live, long compactionSeconds,
                                   String noun) {
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        closeAtStop(maintenance::shutdownNow);
        maintenance.scheduleWithFixedDelay(() -> {
            int reclaimed = reclaim.getAsInt();
            if (reclaimed > 0) {
                log.info("{}_LEASES_RECLAIMED {} expired {} forgotten", logPrefix, reclaimed, noun);
            }
        }, RECLAIM_SECONDS, RECLAIM_SECONDS, TimeUnit.SECONDS);
        if (file.isEmpty() || compactionSeconds <= 0) {
            return;
        }
        LeaseFile<L> leases = file.get();
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                leases.compact(live);
                log.info("{}_LEASE_FILE_COMPACTED {} ({} {})", logPrefix, leases.path(), live.get().size(), noun);
            } catch (IOException | RuntimeException e) {
                log.error("{}_LEASE_FILE_COMPACTION_FAILED {}: {}", logPrefix, leases.path(), e.toString());
            }
        }, compactionSeconds, compactionSeconds, TimeUnit.SECONDS);
    }

    /**
     * From now on SIGHUP reloads {@code running}'s configuration and SIGTERM or SIGINT stops: called
     * before the sockets open, since a signal that comes with the first packets would otherwise get
     * the JVM's default, which ends the process (a reload on a busy machine was lost so).
     */
    public void handleSignals(RunningDaemon running) {
        boolean hangUpHeard = Signals.on("HUP", () -> {
            try {
                running.reload();
            } catch (ConfigException e) {
                log.error("{}_CONFIG_RELOAD_FAILED {}; the running configuration stays:\n{}", logPrefix,
                        running.configFile(), e.getMessage());
            } catch (RuntimeException e) {
                log.error("{}_CONFIG_RELOAD_FAILED {}; the running configuration stays: {}", logPrefix,
                        running.configFile(), e.toString(), e);
            }
        });
        if (!hangUpHeard) {
            log.warn("{}_SIGHUP_IGNORED SIGHUP was ignored when this process started (nohup?), so it cannot reload"
                    + " the configuration; the config-reload command can", logPrefix);
        }
        handleStopSignals();
    }

    /** Waits for SIGTERM or SIGINT (or the shutdown command). */
    public void awaitStop() throws InterruptedException {
        handleStopSignals();
        stopped.await();
    }

    private void handleStopSignals() {
        Signals.on("TERM", stopped::countDown);
        Signals.on("INT", stopped::countDown);
    }

    /** Closes what was opened, the latest first (the sockets before the files they write to). */
    public void close() {
        List<AutoCloseable> opened = new ArrayList<>(resources);
        resources.clear();
        Collections.reverse(opened);
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("{}_SHUTDOWN_PROBLEM {}", logPrefix, e.toString());
            }
        }
    }
}
