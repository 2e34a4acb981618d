package io.tandem.dhcp6d.daemon;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigProblem;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.common.daemon.PidFile;
import io.tandem.common.daemon.Signals;
import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventBus;
import io.tandem.common.event.EventNames;
import io.tandem.common.event.EventTable;
import io.tandem.common.lease.Lease6;
import io.tandem.common.ops.ControlChannel;
import io.tandem.common.ops.RunningDaemon;
import io.tandem.common.lease.LeaseFile6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LoadedLeases;
import io.tandem.common.lease.ServerDuidFile;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.dhcp6d.config.Dhcp6Config;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import io.tandem.dhcp6d.config.ListenInterface;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import io.tandem.dhcp6d.http.HttpListener;
import io.tandem.dhcp6d.http.HttpSettings;
import io.tandem.dhcp6d.transport.Dhcp6Transport;
import io.tandem.dhcp6d.transport.EventChannelReceiver;
import io.tandem.dhcp6d.transport.LeaseWriter;
import io.tandem.tftpd.server.TftpServer;
import io.tandem.tftpd.server.TftpServerSettings;
import io.tandem.tftpd.transfer.TransferOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * A running dhcp6d: configuration, server DUID, bindings read back from the lease file, the
 * lease writer and its compaction, the sockets; reload on SIGHUP, clean stop on SIGTERM/SIGINT.
 */
final class Dhcp6Daemon {
    private static final Logger log = LoggerFactory.getLogger(Dhcp6Daemon.class);
    private static final long RECLAIM_SECONDS = 60;
    /** How soon an interface or address that appears is seen by the packet path. */
    private static final Duration INTERFACE_REFRESH = Duration.ofSeconds(1);

    /** What the command line says. */
    record Options(Path configFile, Optional<Path> leaseFile, Optional<Path> pidFile, int serverPort,
                   int clientPort, Optional<Integer> dhcp4o6Port, List<String> interfaces) {
    }

    private final Options options;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private RunningDaemon running;
    private Dhcp6Engine engine;
    private Dhcp6Operations operations;

    Dhcp6Daemon(Options options) {
        this.options = options;
    }

    /** Reads and checks a configuration file; warnings are logged, errors thrown. */
    static Dhcp6Config load(Path file) throws ConfigException {
        ConfigResult<Dhcp6Config> result = Dhcp6ConfigParser.parseFile(file);
        for (ConfigProblem warning : result.warnings()) {
            log.warn("DHCP6_CONFIG_WARNING {}", warning);
        }
        return result.config();
    }

    void run() throws Exception {
        Dhcp6Config config = load(options.configFile());
        running = control();
        Optional<Path> leaseFile = options.leaseFile().or(() -> config.leaseDatabase().leaseFile())
                .or(() -> Optional.of(Path.of("/var/lib/tandem/dhcp6d-leases6.csv")));
        if (options.pidFile().isPresent()) {
            resources.add(PidFile.acquire(options.pidFile().get()));
        }
        boolean persist = config.leaseDatabase().persist();
        Path leasePath = leaseFile.get().toAbsolutePath();
        Duid serverDuid = ServerDuidFile.loadOrCreate(ServerDuidFile.besideLeaseFile(leasePath),
                () -> ServerDuids.create(config.serverId(), Clock.systemUTC()));
        int dhcp4o6Port = options.dhcp4o6Port().orElse(config.dhcp4o6Port());
        InterfaceDirectory interfaces = InterfaceDirectory.start(INTERFACE_REFRESH);
        resources.add(interfaces);
        engine = new Dhcp6Engine(config, new Dhcp6Engine.Settings(serverDuid, options.serverPort(),
                options.clientPort(), dhcp4o6Port), interfaces::inet6AddressesOf, Clock.systemUTC());
        Optional<LeaseWriter> writer = Optional.empty();
        Optional<LeaseFile<Lease6>> openFile = Optional.empty();
        if (persist) {
            LoadedLeases<Lease6> loaded = LeaseFile6.load(leasePath);
            loaded.problems().forEach(problem ->
                    log.warn("DHCP6_LEASE_ROW_SKIPPED {} line {}: {}", leasePath, problem.line(), problem.message()));
            engine.loadLeases(loaded.leases());
            LeaseFile<Lease6> file = LeaseFile6.open(leasePath);
            resources.add(file);
            openFile = Optional.of(file);
            writer = Optional.of(new LeaseWriter(file, false));
            resources.add(writer.get());
            log.info("DHCP6_LEASES_LOADED {} bindings from {} ({} rows skipped)", engine.leases().size(), leasePath,
                    loaded.problems().size());
        }
        scheduleMaintenance(openFile, config.leaseDatabase().lfcInterval());
        log.info("DHCP6_SERVER_DUID {}", serverDuid);
        EventBus events = new EventBus(new EventTable(config.events().maxMacs(), config.events().maxEventsPerMac()));
        operations = new Dhcp6Operations(engine, events,
                new ControlChannel(() -> engine.config().http().controlUsers()), running);
        startHttp(config, events);
        startTftp(config, events);
        startEventsChannel(config, events);
        Dhcp6Transport transport = new Dhcp6Transport(engine, writer, events, interfaces);
        resources.add(transport);
        operations.transport(transport);
        transport.start(Addresses.parse6("::"), options.serverPort(), interfaces(config));
        if (dhcp4o6Port != 0) {
            transport.pairWithDhcp4o6(dhcp4o6Port);
        }
        Signals.on("HUP", this::reload);
        Signals.on("TERM", stopped::countDown);
        Signals.on("INT", stopped::countDown);
        stopped.await();
        log.info("DHCP6_SHUTDOWN received {} packets, sent {}, dropped {}", transport.received(), transport.sent(),
                transport.drops());
    }

    /**
     * The HTTP listener ({@code GET /events}, boot files, {@code /health}). A listener that cannot
     * start is reported and DHCP goes on: addresses matter more than the view of them.
     */
    private void startHttp(Dhcp6Config config, EventBus events) {
        try {
            HttpListener http = HttpListener.start(config.http().listen(), events, config.tftp().root(), report -> {
                if (report.complete()) {
                    report.mac().ifPresent(mac -> events.observe(BootEvent.of(mac, EventNames.SERVED_BOOT_FILE_OVER_HTTP,
                            Instant.now()).with("file", report.file())
                            .with("client", Addresses.text(report.client().getAddress()))));
                }
            }, HttpSettings.DEFAULT, operations);
            resources.add(http);
            operations.http(http);
        } catch (IOException | RuntimeException e) {
            log.error("DHCP6_HTTP_NOT_STARTED {}: {}; DHCP goes on without /events", config.http().listen(), e.toString());
        }
    }

    /** The embedded TFTP server ({@code tftp.enabled}); like HTTP, a failure to start does not stop DHCP. */
    private void startTftp(Dhcp6Config config, EventBus events) {
        if (!config.tftp().enabled()) {
            return;
        }
        ListenAddress listen = config.tftp().listen();
        try {
            TftpServer tftp = TftpServer.start(TftpServerSettings.of(config.tftp().root(),
                    new InetSocketAddress(listen.address(), listen.port())).withMaxTransfers(config.tftp().maxTransfers()),
                    report -> {
                        operations.tftpTransfer(report);
                        if (report.outcome() == TransferOutcome.COMPLETED) {
                            report.mac().ifPresent(mac -> events.observe(BootEvent.of(mac,
                                    EventNames.SERVED_IPXE_OVER_TFTP, Instant.now()).with("file", report.file())
                                    .with("bytes", report.bytes())
                                    .with("client", Addresses.text(report.client().getAddress()))));
                        }
                    });
            resources.add(tftp);
        } catch (IOException | RuntimeException e) {
            log.error("DHCP6_TFTP_NOT_STARTED {}: {}; DHCP goes on without TFTP", listen, e.toString());
        }
    }

    /** dhcp4o6d's events ({@code events.channel}); like HTTP, a failure to start does not stop DHCP. */
    private void startEventsChannel(Dhcp6Config config, EventBus events) {
        if (config.events().channel().isEmpty()) {
            return;
        }
        ListenAddress listen = config.events().channel().get();
        try {
            EventChannelReceiver receiver = EventChannelReceiver.start(new InetSocketAddress(listen.address(),
                    listen.port()), events);
            resources.add(receiver);
            operations.channel(receiver);
        } catch (IOException | RuntimeException e) {
            log.error("DHCP6_EVENTS_CHANNEL_NOT_STARTED {}: {}; dhcp4o6d's events will not be on the bus", listen,
                    e.toString());
        }
    }

    /** Expired bindings are forgotten every minute; the lease file is compacted every {@code lfc-interval}. */
    private void scheduleMaintenance(Optional<LeaseFile<Lease6>> file, long compactionSeconds) {
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        resources.add(maintenance::shutdownNow);
        maintenance.scheduleWithFixedDelay(() -> {
            int reclaimed = engine.reclaimExpired();
            if (reclaimed > 0) {
                log.info("DHCP6_LEASES_RECLAIMED {} expired bindings forgotten", reclaimed);
            }
        }, RECLAIM_SECONDS, RECLAIM_SECONDS, TimeUnit.SECONDS);
        if (file.isEmpty() || compactionSeconds <= 0) {
            return;
        }
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                file.get().compact(engine::leases);
                log.info("DHCP6_LEASE_FILE_COMPACTED {} ({} bindings)", file.get().path(), engine.leases().size());
            } catch (IOException | RuntimeException e) {
                log.error("DHCP6_LEASE_FILE_COMPACTION_FAILED {}: {}", file.get().path(), e.toString());
            }
        }, compactionSeconds, compactionSeconds, TimeUnit.SECONDS);
    }

    private void reload() {
        try {
            running.reload();
        } catch (ConfigException e) {
            log.error("DHCP6_CONFIG_RELOAD_FAILED {}; the running configuration stays:\n{}", options.configFile(),
                    e.getMessage());
        }
    }

    /** Reads the configuration file again and applies it; {@link RunningDaemon#reload} calls it one at a time. */
    private void apply() throws ConfigException {
        Dhcp6Config fresh = load(options.configFile());
        engine.reconfigure(fresh);
        log.info("DHCP6_CONFIG_RELOADED {}", options.configFile());
    }

    /** What the control commands may do to this daemon. */
    private RunningDaemon control() {
        return new RunningDaemon(new Dhcp6dMain.Version().getVersion()[0], options.configFile(),
                (json, base) -> Dhcp6ConfigParser.parse(json, base), this::apply, stopped);
    }

    private List<String> interfaces(Dhcp6Config config) throws SocketException {
        if (!options.interfaces().isEmpty()) {
            return options.interfaces();
        }
        List<String> names = new ArrayList<>();
        for (ListenInterface listen : config.interfaces()) {
            if (listen.isAll()) {
                for (NetworkInterface candidate : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (candidate.isUp() && !candidate.isLoopback() && candidate.supportsMulticast()) {
                        names.add(candidate.getName());
                    }
                }
            } else if (!names.contains(listen.name())) {
                names.add(listen.name());
            }
        }
        return names;
    }

    /** Stops the sockets first, then writes what is queued and closes the files. */
    void close() {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("DHCP6_SHUTDOWN_PROBLEM {}", e.toString());
            }
        }
    }
}
