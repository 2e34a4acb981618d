package io.tandem.dhcp6d.daemon;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.daemon.DaemonLifecycle;
import io.tandem.common.daemon.DaemonMain;
import io.tandem.common.daemon.DropCounts;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.event.EventBus;
import io.tandem.common.event.EventTable;
import io.tandem.common.lease.Lease6;
import io.tandem.common.leasedb.PostgresLeaseDatabase;
import io.tandem.common.leasedb.PostgresLeaseStore6;
import io.tandem.common.ops.LeaseSource;
import io.tandem.common.ops.RunningDaemon;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.ServerDuidFile;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.dhcp6d.config.Dhcp6Config;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import io.tandem.dhcp6d.config.ListenInterface;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import io.tandem.dhcp6d.http.BootFileEvents;
import io.tandem.dhcp6d.http.HttpListener;
import io.tandem.dhcp6d.http.HttpSettings;
import io.tandem.dhcp6d.transport.Dhcp6Transport;
import io.tandem.dhcp6d.transport.EventChannelReceiver;
import io.tandem.tftpd.server.TftpServer;
import io.tandem.tftpd.server.TftpServerSettings;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dhcp6d: configuration, server DUID, bindings read back from the lease file, the
 * lease writer and its compaction, the sockets; reload on SIGHUP, clean stop on SIGTERM/SIGINT.
 */
final class Dhcp6Daemon implements DaemonMain.Daemon {
    private static final Logger log = LoggerFactory.getLogger(Dhcp6Daemon.class);
    /** How soon an interface or address that appears is seen by the packet path. */
    private static final Duration INTERFACE_REFRESH = Duration.ofSeconds(1);

    /** What the command line says. */
    record Options(Path configFile, Optional<Path> leaseFile, Optional<Path> pidFile, int serverPort,
                   int clientPort, Optional<Integer> dhcp4o6Port, List<String> interfaces) {
    }

    private final Options options;
    private final DaemonLifecycle lifecycle = new DaemonLifecycle("DHCP6");
    /** What the control commands may do to this daemon. */
    private final RunningDaemon running;
    private Dhcp6Engine engine;
    private Dhcp6Operations operations;

    Dhcp6Daemon(Options options) {
        this.options = options;
        running = lifecycle.control(new Dhcp6dMain.Version().getVersion()[0], options.configFile(),
                Dhcp6ConfigParser::parse, this::apply);
    }

    @Override
    public void run() throws Exception {
        Dhcp6Config config = Dhcp6dMain.CONFIG.load(options.configFile());
        Optional<Path> leaseFile = options.leaseFile().or(() -> config.leaseDatabase().leaseFile())
                .or(() -> Optional.of(Path.of("/var/lib/tandem/dhcp6d-leases6.csv")));
        lifecycle.holdPidFile(options.pidFile());
        boolean persist = config.leaseDatabase().persist();
        Path leasePath = leaseFile.get().toAbsolutePath();
        Duid serverDuid = ServerDuidFile.loadOrCreate(ServerDuidFile.besideLeaseFile(leasePath),
                () -> ServerDuids.create(config.serverId(), Clock.systemUTC()));
        int dhcp4o6Port = options.dhcp4o6Port().orElse(config.dhcp4o6Port());
        InterfaceDirectory interfaces = lifecycle.closeAtStop(InterfaceDirectory.start(INTERFACE_REFRESH));
        Dhcp6Engine.Settings settings = new Dhcp6Engine.Settings(serverDuid, options.serverPort(), options.clientPort(),
                dhcp4o6Port);
        engine = new Dhcp6Engine(config, settings, interfaces::inet6AddressesOf,
                lifecycle.clock(step -> engine == null ? 0 : engine.clockStepped(step), "bindings"));
        LeaseCommit<Lease6> commit = LeaseCommit.inMemory();
        Optional<LeaseFile<Lease6>> openFile = Optional.empty();
        Optional<PostgresLeaseDatabase> database = Optional.empty();
        LeaseSource<Lease6> leaseSource = LeaseSource.memory(engine::leases);
        Optional<ClientLookup<Lease6, Bytes>> lookup = Optional.empty();
        if (config.leaseDatabase().postgresql().isPresent()) {
            PostgresLeaseDatabase opened = lifecycle.closeAtStop(PostgresLeaseDatabase.open(
                    config.leaseDatabase().postgresql().get(), "tandem-dhcp6d", "DHCP6", running::shutdown));
            database = Optional.of(opened);
            PostgresLeaseStore6 store = new PostgresLeaseStore6(opened);
            int rows = store.loadAll(engine::loadLease);
            log.info("DHCP6_LEASES_LOADED {} bindings from {} ({} rows)", engine.leases().size(), store.describe(), rows);
            commit = lifecycle.closeAtStop(LeaseCommit.toDatabase(store, "DHCP6", engine::learnHolder));
            leaseSource = store::read;
            lookup = Optional.of(lifecycle.closeAtStop(new ClientLookup<>(store.byDuid(), engine::learnHolder, "DHCP6")));
        } else if (persist) {
            LeaseFile<Lease6> file = lifecycle.openLeases(leasePath, LeaseCsv6.INSTANCE, engine::loadLease,
                    engine::leases, "bindings");
            openFile = Optional.of(file);
            commit = lifecycle.closeAtStop(LeaseCommit.to(file, config.leaseDatabase().durability(), "DHCP6"));
        }
        lifecycle.maintainLeases(engine::reclaimExpired, openFile, engine::leases,
                config.leaseDatabase().lfcInterval(), "bindings");
        log.info("DHCP6_SERVER_DUID {}", serverDuid);
        EventBus events = new EventBus(new EventTable(config.events().maxMacs(), config.events().maxEventsPerMac()));
        operations = new Dhcp6Operations(engine, events, running, commit, leaseSource);
        lookup.ifPresent(operations.lookup::set);
        startHttp(config, events);
        startTftp(config, events);
        startEventsChannel(config, events);
        Dhcp6Transport transport = lifecycle.closeAtStop(new Dhcp6Transport(engine, commit, events, interfaces));
        operations.transport.set(transport);
        lookup.ifPresent(transport::lookUpStrangersIn);
        List<ListenInterface> served = interfaces(config);
        transport.warmUp(new Dhcp6Engine(config, settings, interfaces::inet6AddressesOf, Clock.systemUTC()), served);
        lifecycle.handleSignals(running);
        transport.start(Addresses.parse6("::"), options.serverPort(), served);
        if (dhcp4o6Port != 0) {
            transport.pairWithDhcp4o6(dhcp4o6Port);
        }
        lifecycle.awaitStop();
        Optional<String> fatal = database.flatMap(PostgresLeaseDatabase::fatal);
        if (fatal.isPresent()) {
            throw new IOException(fatal.get());
        }
        log.info("DHCP6_SHUTDOWN received {} packets, sent {}, dropped {}", transport.received(), transport.sent(),
                DropCounts.text(transport.drops()));
    }

    /**
     * The HTTP listener ({@code GET /events}, boot files, {@code /health}). A listener that cannot
     * start is reported and DHCP goes on: addresses matter more than the view of them.
     */
    private void startHttp(Dhcp6Config config, EventBus events) {
        try {
            HttpListener http = HttpListener.start(config.http().listen(), events, config.tftp().root(),
                    report -> BootFileEvents.publish(report, engine::macAt, events, Instant.now()), HttpSettings.DEFAULT,
                    () -> engine.config().events().dashboard(), operations);
            lifecycle.closeAtStop(http);
            operations.http.set(http);
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
                        BootFileEvents.publish(report, engine::macAt, events, Instant.now());
                    });
            lifecycle.closeAtStop(tftp);
            operations.tftp.set(tftp);
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
            lifecycle.closeAtStop(receiver);
            operations.channel.set(receiver);
        } catch (IOException | RuntimeException e) {
            log.error("DHCP6_EVENTS_CHANNEL_NOT_STARTED {}: {}; dhcp4o6d's events will not be on the bus", listen,
                    e.toString());
        }
    }

    /** Reads the configuration file again and applies it; {@link RunningDaemon#reload} calls it one at a time. */
    private void apply() throws ConfigException {
        engine.reconfigure(Dhcp6dMain.CONFIG.load(options.configFile()));
    }

    /**
     * The interfaces to serve: those of the command line, else of {@code interfaces-config}, with
     * {@code "*"} as every interface that is up, not loopback and multicast-capable.
     */
    private List<ListenInterface> interfaces(Dhcp6Config config) throws SocketException {
        if (!options.interfaces().isEmpty()) {
            return options.interfaces().stream().map(name -> new ListenInterface(name, Optional.empty())).toList();
        }
        List<ListenInterface> served = new ArrayList<>();
        for (ListenInterface listen : config.interfaces()) {
            if (listen.isAll()) {
                for (NetworkInterface candidate : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (candidate.isUp() && !candidate.isLoopback() && candidate.supportsMulticast()) {
                        served.add(new ListenInterface(candidate.getName(), Optional.empty()));
                    }
                }
            } else {
                served.add(listen);
            }
        }
        return served;
    }

    /** Stops the sockets first, then writes what is queued and closes the files. */
    @Override
    public void close() {
        lifecycle.close();
    }
}
