package io.tandem.dhcp4o6d.daemon;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.daemon.DaemonLifecycle;
import io.tandem.common.daemon.DaemonMain;
import io.tandem.common.daemon.DropCounts;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.daemon.WarmUpLoop;
import io.tandem.common.http.HttpRoutes;
import io.tandem.common.http.HttpServer;
import io.tandem.common.lease.Lease4;
import io.tandem.common.leasedb.PostgresLeaseDatabase;
import io.tandem.common.leasedb.PostgresLeaseStore4;
import io.tandem.common.ops.LeaseSource;
import io.tandem.common.lease.LeaseCsv4;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.ops.OperationsEndpoint;
import io.tandem.common.ops.RunningDaemon;
import io.tandem.common.wire.Addresses;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import io.tandem.dhcp4o6d.event.EventSender;
import io.tandem.dhcp4o6d.transport.Dhcp4o6Transport;
import io.tandem.dhcp4o6d.transport.WarmUp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dhcp4o6d: configuration, leases read back from the lease file, compaction, the port
 * pair; reload on SIGHUP, clean stop on SIGTERM/SIGINT.
 */
final class Dhcp4o6Daemon implements DaemonMain.Daemon {
    private static final Logger log = LoggerFactory.getLogger(Dhcp4o6Daemon.class);
    static final Path DEFAULT_LEASE_FILE = Path.of("/var/lib/tandem/dhcp4o6d-leases4.csv");

    /** What the command line says. */
    record Options(Path configFile, Optional<Path> leaseFile, Optional<Path> pidFile, Optional<Integer> dhcp4o6Port) {
    }

    private final Options options;
    private final DaemonLifecycle lifecycle = new DaemonLifecycle("DHCP4O6");
    private final Clock clock = lifecycle.clock(this::clockStepped, "leases");
    /** What the control commands may do to this daemon. */
    private final RunningDaemon running;
    private Dhcp4o6Engine engine;
    private InterfaceDirectory interfaces;

    Dhcp4o6Daemon(Options options) {
        this.options = options;
        running = lifecycle.control(new Dhcp4o6dMain.Version().getVersion()[0], options.configFile(),
                Dhcp4ConfigParser::parse, this::apply);
    }

    @Override
    public void run() throws Exception {
        Dhcp4Config config = Dhcp4o6dMain.CONFIG.load(options.configFile());
        int port = options.dhcp4o6Port().orElse(config.dhcp4o6Port());
        if (port < 1 || port > 0xfffe) {
            throw new IllegalArgumentException(port == 0
                    ? "no port pair: give -4o6 PORT or set dhcp4o6-port (dhcp4o6d serves DHCPv4-over-DHCPv6 only)"
                    : "-4o6 " + port + " is not from 1 to 65534 (dhcp4o6d binds PORT+1)");
        }
        lifecycle.holdPidFile(options.pidFile());
        // The host's interfaces from a snapshot refreshed every second, not enumerated per query.
        interfaces = lifecycle.closeAtStop(InterfaceDirectory.start(Duration.ofSeconds(1)));
        warnAboutForeignInterfaces(config);
        engine = new Dhcp4o6Engine(config, interfaces::addressesOf);
        Optional<LeaseFile<Lease4>> leaseFile = Optional.empty();
        Optional<PostgresLeaseDatabase> database = Optional.empty();
        LeaseCommit<Lease4> commit = LeaseCommit.inMemory();
        LeaseSource<Lease4> leaseSource = LeaseSource.memory(engine::leases);
        Optional<ClientLookup<Lease4, Lease4.Owner>> lookup = Optional.empty();
        if (config.leaseDatabase().postgresql().isPresent()) {
            PostgresLeaseDatabase opened = lifecycle.closeAtStop(PostgresLeaseDatabase.open(
                    config.leaseDatabase().postgresql().get(), "tandem-dhcp4o6d", "DHCP4O6", running::shutdown));
            database = Optional.of(opened);
            PostgresLeaseStore4 store = new PostgresLeaseStore4(opened);
            int rows = store.loadAll(lease -> engine.loadLease(lease, clock.instant()));
            log.info("DHCP4O6_LEASES_LOADED {} leases from {} ({} rows)", engine.leases().size(), store.describe(), rows);
            commit = lifecycle.closeAtStop(LeaseCommit.toDatabase(store, "DHCP4O6", engine::learnHolder));
            leaseSource = store::read;
            lookup = Optional.of(lifecycle.closeAtStop(new ClientLookup<>(store.byClient(), engine::learnHolder,
                    "DHCP4O6")));
        } else if (config.leaseDatabase().persist()) {
            Path path = options.leaseFile().or(() -> config.leaseDatabase().leaseFile()).orElse(DEFAULT_LEASE_FILE)
                    .toAbsolutePath();
            leaseFile = Optional.of(lifecycle.openLeases(path, LeaseCsv4.INSTANCE,
                    lease -> engine.loadLease(lease, clock.instant()), engine::leases, "leases"));
        }
        lifecycle.maintainLeases(() -> engine.reclaimExpired(clock.instant()), leaseFile, engine::leases,
                config.leaseDatabase().lfcInterval(), "leases");
        if (leaseFile.isPresent()) {
            commit = lifecycle.closeAtStop(LeaseCommit.to(leaseFile.get(), config.leaseDatabase().durability(),
                    "DHCP4O6"));
        }
        Dhcp4o6Operations operations = new Dhcp4o6Operations(engine, running, commit, leaseSource);
        startHttp(config, operations);
        lookup.ifPresent(operations.lookup::set);
        Dhcp4o6Transport transport = new Dhcp4o6Transport(engine, commit, clock);
        lookup.ifPresent(transport::lookUpStrangersIn);
        Optional<EventSender> events = Optional.empty();
        if (config.eventsChannel().isPresent()) {
            ListenAddress channel = config.eventsChannel().get();
            events = Optional.of(new EventSender(new InetSocketAddress(channel.address(), channel.port())));
            log.info("DHCP4O6_EVENTS_CHANNEL events go to {} (UDP)", Addresses.text(events.get().destination()));
            lifecycle.closeAtStop(events.get());
            transport.sendEventsTo(events.get());
            operations.events.set(events.get());
        }
        lifecycle.closeAtStop(transport);
        operations.transport.set(transport);
        lifecycle.handleSignals(running);
        warmUp(config);
        transport.start(port);
        lifecycle.awaitStop();
        Optional<String> fatal = database.flatMap(PostgresLeaseDatabase::fatal);
        if (fatal.isPresent()) {
            throw new IOException(fatal.get());
        }
        log.info("DHCP4O6_SHUTDOWN received {} datagrams, answered {}, recorded {} releases and declines, dropped {};"
                + " {} events sent to dhcp6d, {} events lost", transport.received(), transport.answered(),
                transport.recorded(), DropCounts.text(transport.drops()), events.map(EventSender::sent).orElse(0L),
                events.map(EventSender::dropped).orElse(0L));
    }

    /** Runs the packet path on made-up exchanges before the port opens ({@link WarmUp}) and logs what it ran. */
    private void warmUp(Dhcp4Config config) throws IOException {
        WarmUpLoop.runAndLog(log, "DHCP4O6_WARMED_UP", "no subnet has a 4o6 selector for made-up clients",
                budget -> WarmUp.run(new Dhcp4o6Engine(config, interfaces::addressesOf), config,
                        config.eventsChannel().isPresent(), clock, budget));
    }

    /**
     * dhcp4o6d's own HTTP listener ({@code /leases}, {@code /metrics}, control commands). One that
     * cannot start is reported and DHCP goes on.
     */
    private void startHttp(Dhcp4Config config, Dhcp4o6Operations operations) {
        try {
            ListenAddress listen = config.http().listen();
            HttpServer http = lifecycle.closeAtStop(HttpServer.start(new InetSocketAddress(listen.address(),
                    listen.port()), HttpRoutes.of(new OperationsEndpoint(operations)), HttpServer.IDLE_TIMEOUT,
                    "health, leases, metrics, control commands"));
            operations.http.set(http);
        } catch (IOException | RuntimeException e) {
            log.error("DHCP4O6_HTTP_NOT_STARTED {}: {}; DHCP goes on without /leases, /metrics and control commands",
                    config.http().listen(), e.toString());
        }
    }

    private int clockStepped(Duration step) {
        return engine == null ? 0 : engine.clockStepped(step, clock.instant());
    }

    /** Reads the configuration file again and applies it; {@link RunningDaemon#reload} calls it one at a time. */
    private void apply() throws ConfigException {
        Dhcp4Config config = Dhcp4o6dMain.CONFIG.load(options.configFile());
        warnAboutForeignInterfaces(config);
        engine.reconfigure(config);
    }

    /**
     * A {@code 4o6-interface} that is not an interface of this host matches no query (dhcp6d names
     * the interface it received a query on), so its subnet would serve nobody without a word: the
     * usual cause is an example's {@code eth0} copied onto a host whose interface has another name.
     */
    private void warnAboutForeignInterfaces(Dhcp4Config config) {
        config.subnets().forEach(subnet -> subnet.interface4o6()
                .filter(name -> interfaces.byName(name).isEmpty())
                .ifPresent(name -> log.warn("DHCP4O6_INTERFACE_UNKNOWN subnet {} has 4o6-interface {}, which is not"
                        + " an interface of this host, so no query lands in it by interface; name an interface dhcp6d"
                        + " serves (its interfaces-config or command line)", subnet.id(), name)));
    }

    /** Stops the socket first, then closes the files. */
    @Override
    public void close() {
        lifecycle.close();
    }
}
