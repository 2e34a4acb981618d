package io.tandem.dhcp4o6d.daemon;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigProblem;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.common.daemon.PidFile;
import io.tandem.common.daemon.Signals;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseFile4;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LoadedLeases;
import io.tandem.common.ops.ControlChannel;
import io.tandem.common.ops.RunningDaemon;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import io.tandem.dhcp4o6d.config.Subnet4;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import io.tandem.dhcp4o6d.event.EventSender;
import io.tandem.dhcp4o6d.transport.Dhcp4o6Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dhcp4o6d: configuration, leases read back from the lease file, compaction, the port
 * pair; reload on SIGHUP, clean stop on SIGTERM/SIGINT.
 */
final class Dhcp4o6Daemon {
    private static final Logger log = LoggerFactory.getLogger(Dhcp4o6Daemon.class);
    private static final long RECLAIM_SECONDS = 60;
    static final Path DEFAULT_LEASE_FILE = Path.of("/var/lib/tandem/dhcp4o6d-leases4.csv");

    /** What the command line says. */
    record Options(Path configFile, Optional<Path> leaseFile, Optional<Path> pidFile, Optional<Integer> dhcp4o6Port) {
    }

    private final Options options;
    private final Clock clock = Clock.systemUTC();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private RunningDaemon running;
    private Dhcp4o6Engine engine;

    Dhcp4o6Daemon(Options options) {
        this.options = options;
    }

    /** Reads and checks a configuration file; warnings are logged, errors thrown. */
    static Dhcp4Config load(Path file) throws ConfigException {
        ConfigResult<Dhcp4Config> result = Dhcp4ConfigParser.parseFile(file);
        for (ConfigProblem warning : result.warnings()) {
            log.warn("DHCP4O6_CONFIG_WARNING {}", warning);
        }
        for (Subnet4 subnet : result.config().subnetsWithoutServerIdentifier()) {
            log.warn("DHCP4O6_CONFIG_WARNING {}", Dhcp4o6dMain.serverIdentifierWarning(subnet));
        }
        return result.config();
    }

    void run() throws Exception {
        Dhcp4Config config = load(options.configFile());
        running = control();
        int port = options.dhcp4o6Port().orElse(config.dhcp4o6Port());
        if (port < 1 || port > 0xfffe) {
            throw new IllegalArgumentException(port == 0
                    ? "no port pair: give -4o6 PORT or set dhcp4o6-port (dhcp4o6d serves DHCPv4-over-DHCPv6 only)"
                    : "-4o6 " + port + " is not from 1 to 65534 (dhcp4o6d binds PORT+1)");
        }
        if (options.pidFile().isPresent()) {
            resources.add(PidFile.acquire(options.pidFile().get()));
        }
        // The host's interfaces from a snapshot refreshed every second, not enumerated per query.
        InterfaceDirectory interfaces = InterfaceDirectory.start(Duration.ofSeconds(1));
        resources.add(interfaces);
        engine = new Dhcp4o6Engine(config, interfaces::addressesOf);
        Optional<LeaseFile<Lease4>> leaseFile = Optional.empty();
        if (config.leaseDatabase().persist()) {
            Path path = options.leaseFile().or(() -> config.leaseDatabase().leaseFile()).orElse(DEFAULT_LEASE_FILE)
                    .toAbsolutePath();
            LoadedLeases<Lease4> loaded = LeaseFile4.load(path);
            loaded.problems().forEach(problem ->
                    log.warn("DHCP4O6_LEASE_ROW_SKIPPED {} line {}: {}", path, problem.line(), problem.message()));
            engine.loadLeases(loaded.leases(), clock.instant());
            LeaseFile<Lease4> file = LeaseFile4.open(path);
            resources.add(file);
            leaseFile = Optional.of(file);
            log.info("DHCP4O6_LEASES_LOADED {} leases from {} ({} rows skipped)", engine.leases().size(), path,
                    loaded.problems().size());
        }
        scheduleMaintenance(leaseFile, config.leaseDatabase().lfcInterval());
        Dhcp4o6Operations operations = new Dhcp4o6Operations(engine,
                new ControlChannel(() -> engine.config().http().controlUsers()), running);
        startHttp(config, operations);
        Dhcp4o6Transport transport = new Dhcp4o6Transport(engine, leaseFile, clock);
        Optional<EventSender> events = Optional.empty();
        if (config.eventsChannel().isPresent()) {
            ListenAddress channel = config.eventsChannel().get();
            events = Optional.of(new EventSender(new InetSocketAddress(channel.address(), channel.port())));
            resources.add(events.get());
            transport.sendEventsTo(events.get());
            operations.events(events.get());
        }
        resources.add(transport);
        operations.transport(transport);
        transport.start(port);
        Signals.on("HUP", this::reload);
        Signals.on("TERM", stopped::countDown);
        Signals.on("INT", stopped::countDown);
        stopped.await();
        log.info("DHCP4O6_SHUTDOWN received {} datagrams, answered {}, recorded {} releases and declines, dropped {};"
                + " {} events sent to dhcp6d, {} events lost", transport.received(), transport.answered(),
                transport.recorded(), transport.drops(), events.map(EventSender::sent).orElse(0L),
                events.map(EventSender::dropped).orElse(0L));
    }

    /** Expired leases are forgotten every minute; the lease file is compacted every {@code lfc-interval}. */
    private void scheduleMaintenance(Optional<LeaseFile<Lease4>> file, long compactionSeconds) {
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        resources.add(maintenance::shutdownNow);
        maintenance.scheduleWithFixedDelay(() -> {
            int reclaimed = engine.reclaimExpired(clock.instant());
            if (reclaimed > 0) {
                log.info("DHCP4O6_LEASES_RECLAIMED {} expired leases forgotten", reclaimed);
            }
        }, RECLAIM_SECONDS, RECLAIM_SECONDS, TimeUnit.SECONDS);
        if (file.isEmpty() || compactionSeconds <= 0) {
            return;
        }
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                file.get().compact(engine::leases);
            } catch (IOException | RuntimeException e) {
                log.error("DHCP4O6_LEASE_FILE_COMPACTION_FAILED {}: {}", file.get().path(), e.toString());
            }
        }, compactionSeconds, compactionSeconds, TimeUnit.SECONDS);
    }

    /**
     * dhcp4o6d's own HTTP listener ({@code /leases}, {@code /metrics}, control commands). One that
     * cannot start is reported and DHCP goes on.
     */
    private void startHttp(Dhcp4Config config, Dhcp4o6Operations operations) {
        try {
            OperationsListener http = OperationsListener.start(config.http().listen(), operations);
            resources.add(http);
            operations.http(http);
        } catch (IOException | RuntimeException e) {
            log.error("DHCP4O6_HTTP_NOT_STARTED {}: {}; DHCP goes on without /leases, /metrics and control commands",
                    config.http().listen(), e.toString());
        }
    }

    private void reload() {
        try {
            running.reload();
        } catch (ConfigException e) {
            log.error("DHCP4O6_CONFIG_RELOAD_FAILED {}; the running configuration stays:\n{}", options.configFile(),
                    e.getMessage());
        }
    }

    /** Reads the configuration file again and applies it; {@link RunningDaemon#reload} calls it one at a time. */
    private void apply() throws ConfigException {
        engine.reconfigure(load(options.configFile()));
        log.info("DHCP4O6_CONFIG_RELOADED {}", options.configFile());
    }

    /** What the control commands may do to this daemon. */
    private RunningDaemon control() {
        return new RunningDaemon(new Dhcp4o6dMain.Version().getVersion()[0], options.configFile(),
                (json, base) -> Dhcp4ConfigParser.parse(json, base), this::apply, stopped);
    }

    /** Stops the socket first, then closes the files. */
    void close() {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("DHCP4O6_SHUTDOWN_PROBLEM {}", e.toString());
            }
        }
        resources.clear();
    }
}
