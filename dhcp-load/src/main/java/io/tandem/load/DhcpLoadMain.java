package io.tandem.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The dhcp-load command line: runs the steps, prints a table (and writes JSON with --json). */
@Command(name = "dhcp-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A DHCPv6 (Solicit-Advertise-Request-Reply) and DHCPv4-over-DHCPv6 (DORA) load generator:"
                + " open loop at planned send times (latency from the planned time, so queueing is not hidden) or"
                + " closed loop with a window; one line per step: offered and completed exchanges/s, loss,"
                + " latency percentiles and the generator's own CPU use."})
public final class DhcpLoadMain implements Callable<Integer> {
    @Option(names = "--exchange", paramLabel = "KIND", defaultValue = "sarr",
            description = "sarr (DHCPv6) or dora (DHCPv4 over DHCPv6) (default: ${DEFAULT-VALUE})")
    String exchange;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
            description = "direct clients by multicast to ff02::1:2 on this interface")
    String interfaceName;

    @Option(names = "--server", paramLabel = "ADDR",
            description = "direct clients by unicast to this server address, or the relay's server (with --relay-link);"
                    + " servers discard a Solicit sent by unicast (RFC 9915 section 16), dhcp6d unless it comes from ::1")
    String server;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "547", description = "the server port (default: ${DEFAULT-VALUE})")
    int serverPort;

    @Option(names = "--client-port", paramLabel = "PORT", defaultValue = "546",
            description = "direct clients: the port they send from and are answered on (default: ${DEFAULT-VALUE})")
    int clientPort;

    @Option(names = "--source", paramLabel = "ADDR", description = "the source address (default: the kernel's choice)")
    String source;

    @Option(names = "--relay-link", paramLabel = "ADDR", description = "relayed clients: a Relay-Forward with this"
            + " link-address and the Relay Source Port option, sent to --server from --sockets ports of our own")
    String relayLink;

    @Option(names = "--relay-peer", paramLabel = "ADDR", defaultValue = "fe80::1",
            description = "the Relay-Forward's peer-address (default: ${DEFAULT-VALUE}, which names no MAC)")
    String relayPeer;

    @Option(names = "--interface-id", paramLabel = "TEXT", description = "the Relay-Forward's Interface-ID (option 18)")
    String interfaceId;

    @Option(names = "--sockets", paramLabel = "N", defaultValue = "4",
            description = "relayed clients: sockets (source ports) to spread the load over (default: ${DEFAULT-VALUE})")
    int socketCount;

    @Option(names = "--rate", paramLabel = "R[,R...]", split = ",",
            description = "open loop: offered exchanges per second, one step each")
    List<Long> rates;

    @Option(names = "--window", paramLabel = "N[,N...]", split = ",",
            description = "closed loop (capacity): exchanges in flight, one step each")
    List<Long> windows;

    @Option(names = "--step-seconds", paramLabel = "S", defaultValue = "5", description = "seconds per step (default: ${DEFAULT-VALUE})")
    double stepSeconds;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "1000",
            description = "an exchange not done this long after its planned start is lost (default: ${DEFAULT-VALUE})")
    long timeoutMillis;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "65536",
            description = "distinct clients (MACs from --mac on), used in turn (default: ${DEFAULT-VALUE})")
    long clients;

    @Option(names = "--mix", paramLabel = "RELEASE%",
            description = "returning clients (sarr only): a client that holds an address from this run renews it"
                    + " (Renew-Reply) at its next turn, or releases it (Release-Reply) this many times in 100;"
                    + " one that holds none binds (SARR). Give --clients fewer than the exchanges, so clients return")
    Integer releasePercent;

    @Option(names = "--rebind", paramLabel = "FILE",
            description = "returning clients: the clients of FILE (as --acked writes it, mac,address[,at-ms]; a later"
                    + " line of a MAC replaces an earlier one), in turn, each rebinding the address it holds in one"
                    + " round trip: a DHCPv6 Rebind (no server id, so any server may answer) or a 4o6 DHCPREQUEST in"
                    + " REBINDING state (ciaddr, no server identifier); instead of --clients and --mac, not with --mix")
    Path rebind;

    @Option(names = "--mac", paramLabel = "MAC", defaultValue = "02:00:00:00:00:01",
            description = "the first client's MAC, in its DUID-LL (DHCPv6) or chaddr and client-id (4o6) (default: ${DEFAULT-VALUE})")
    String mac;

    @Option(names = "--server-pid", paramLabel = "PID[,PID...]", split = ",",
            description = "also report these processes' CPU (summed, from /proc/PID/stat) per step and per exchange:"
                    + " the server's, or both daemons of a pair")
    List<Long> serverPids;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON to FILE")
    Path json;

    @Option(names = "--acked", paramLabel = "FILE", description = "also write each acknowledged lease (a binding or a"
            + " rebinding) to FILE (CSV: mac,address,at-ms from the start; at most 2,000,000)")
    Path acked;

    @Option(names = "--reflect", paramLabel = "PORT",
            description = "no load: answer every query on [--source or ::]:PORT at once (the self-check's server)")
    Integer reflectPort;

    @Option(names = "--reflector-threads", paramLabel = "N", defaultValue = "2",
            description = "the reflector's sockets and threads (default: ${DEFAULT-VALUE})")
    int reflectorThreads;

    @Option(names = "--self-test", description = "run against a reflector on [::1] in this process (relayed, its CPU"
            + " left out of cpu%%), to measure the generator alone")
    boolean selfTest;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DhcpLoadMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (reflectPort != null) {
            try (Reflector reflector = new Reflector(new InetSocketAddress(address(source == null ? "::" : source),
                    reflectPort), reflectorThreads)) {
                System.err.println("dhcp-load: reflecting on port " + reflector.port());
                reflector.join();
            }
            return 0;
        }
        if ((rates == null) == (windows == null)) {
            return usage("give --rate (open loop) or --window (closed loop)");
        }
        if (!exchange.equals("sarr") && !exchange.equals("dora")) {
            return usage("--exchange is sarr or dora");
        }
        if (releasePercent != null && !exchange.equals("sarr")) {
            return usage("--mix is for --exchange sarr");
        }
        if (rebind != null && releasePercent != null) {
            return usage("--rebind and --mix exclude each other");
        }
        if (socketCount < 1 || socketCount > 1024 || stepSeconds <= 0 || timeoutMillis < 1) {
            return usage("--sockets 1..1024, --step-seconds > 0, --timeout >= 1");
        }
        Reflector reflector = null;
        if (selfTest) {
            reflector = new Reflector(new InetSocketAddress(address("::1"), 0), reflectorThreads);
            server = "::1";
            serverPort = reflector.port();
            relayLink = relayLink == null ? "2001:db8::1" : relayLink;
        }
        if (server == null && interfaceName == null) {
            return usage("give --interface (multicast), --server (unicast, or relayed with --relay-link) or --self-test");
        }
        try {
            Exchange.Relay relay = relayLink == null ? null
                    : new Exchange.Relay(address(relayLink), address(relayPeer), interfaceId);
            Exchange kind = exchange.equals("sarr") ? new SarrExchange(relay) : new DoraExchange(relay);
            ReturningClients returning = rebind == null ? null
                    : ReturningClients.parse(Files.readAllLines(rebind), kind.addressLength());
            LoadGenerator.Settings settings = new LoadGenerator.Settings(windows != null,
                    windows != null ? windows : rates, Math.round(stepSeconds * 1e9),
                    TimeUnit.MILLISECONDS.toNanos(timeoutMillis), returning == null ? clients : returning.count(),
                    MacAddress.parse(mac).toLong(), acked != null, releasePercent != null,
                    releasePercent == null ? 0 : releasePercent, returning);
            LongSupplier cpu = cpuClock(reflector);
            boolean withServer = serverPids != null;
            LongSupplier serverCpu = withServer ? new ServerCpu(serverPids) : () -> 0;
            try (Sockets sockets = new Sockets(route(relay != null))) {
                LoadGenerator generator = new LoadGenerator(kind, sockets, settings, cpu, serverCpu);
                List<LoadGenerator.Step> steps = generator.run();
                Map<String, Object> report = report(kind, settings, steps, generator, withServer);
                System.out.print(table(kind.name(), settings.closedLoop(), steps, withServer));
                if (json != null) {
                    Files.writeString(json, new ObjectMapper().writeValueAsString(report) + "\n");
                }
                if (acked != null) {
                    writeAcked(generator.acked());
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            return usage((rebind == null ? "" : "--rebind " + rebind + ": ") + e.getMessage());
        } finally {
            if (reflector != null) {
                reflector.close();
            }
        }
    }

    private Sockets.Route route(boolean relayed) throws IOException {
        Inet6Address bind = address(source == null ? "::" : source);
        if (server == null) {
            NetworkInterface multicast = NetworkInterface.getByName(interfaceName);
            if (multicast == null) {
                throw new IllegalArgumentException("no interface " + interfaceName);
            }
            Inet6Address group = Inet6Address.getByAddress(null, address("ff02::1:2").getAddress(), multicast);
            return new Sockets.Route(new InetSocketAddress(group, serverPort), new InetSocketAddress(bind, clientPort),
                    multicast, 1);
        }
        InetSocketAddress target = new InetSocketAddress(address(server), serverPort);
        return relayed ? new Sockets.Route(target, new InetSocketAddress(bind, 0), null, socketCount)
                : new Sockets.Route(target, new InetSocketAddress(bind, clientPort), null, 1);
    }

    /** The process's CPU time, less the reflector threads' in a self-test. */
    private static LongSupplier cpuClock(Reflector reflector) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return reflector == null ? os::getProcessCpuTime : () -> os.getProcessCpuTime() - reflector.cpuNanos();
    }

    private void writeAcked(LoadGenerator.Acked leases) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(acked)) {
            out.write("mac,address,at-ms\n");
            byte[] address = new byte[leases.addressLength()];
            for (int i = 0; i < leases.count(); i++) {
                System.arraycopy(leases.addresses(), i * address.length, address, 0, address.length);
                out.write(MacAddress.fromLong(leases.macs()[i]) + "," + Addresses.text(InetAddress.getByAddress(address)) + ","
                        + TimeUnit.NANOSECONDS.toMillis(leases.atNanos()[i]) + "\n");
            }
        }
    }

    /** One line per step; with {@code withServer} also the server's CPU share and CPU µs per exchange. */
    static String table(String exchange, boolean closedLoop, List<LoadGenerator.Step> steps, boolean withServer) {
        StringBuilder table = new StringBuilder(String.format("%-18s %10s %12s %7s %8s %8s %8s %8s %9s %6s %8s",
                "exchange", closedLoop ? "window" : "offered/s", "completed/s", "loss%", "refused", "p50 ms",
                "p90 ms", "p99 ms", "max ms", "cpu%", "cpu µs/x"));
        table.append(withServer ? String.format(" %7s %9s%n", "srv%", "srv µs/x") : "\n");
        for (LoadGenerator.Step step : steps) {
            Histogram latency = step.latency();
            table.append(String.format("%-18s %10d %12.0f %7.2f %8d %8.3f %8.3f %8.3f %9.3f %6.1f %8.2f", exchange,
                    step.level(), perSecond(step), lossPercent(step), step.refused(),
                    millis(latency.getValueAtPercentile(50)), millis(latency.getValueAtPercentile(90)),
                    millis(latency.getValueAtPercentile(99)), millis(latency.getMaxValue()), cpuPercent(step),
                    microsPerExchange(step.cpuNanos(), step)));
            table.append(withServer ? String.format(" %7.1f %9.2f%n", 100.0 * step.serverCpuNanos() / step.wallNanos(),
                    microsPerExchange(step.serverCpuNanos(), step)) : "\n");
        }
        return table.toString();
    }

    private static Map<String, Object> report(Exchange kind, LoadGenerator.Settings settings,
                                              List<LoadGenerator.Step> steps, LoadGenerator generator,
                                              boolean withServer) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("exchange", kind.name());
        report.put("mode", settings.closedLoop() ? "closed-loop" : "open-loop");
        report.put("timeout-ms", TimeUnit.NANOSECONDS.toMillis(settings.timeoutNanos()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LoadGenerator.Step step : steps) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(settings.closedLoop() ? "window" : "offered-per-second", step.level());
            row.put("seconds", round(step.wallNanos() / 1e9, 3));
            row.put("started", step.started());
            row.put("completed", step.completed());
            row.put("refused", step.refused());
            row.put("lost", step.lost());
            row.put("completed-per-second", round(perSecond(step), 1));
            row.put("loss-percent", round(lossPercent(step), 3));
            Histogram latency = step.latency();
            Map<String, Object> millis = new LinkedHashMap<>();
            millis.put("p50", millis(latency.getValueAtPercentile(50)));
            millis.put("p90", millis(latency.getValueAtPercentile(90)));
            millis.put("p99", millis(latency.getValueAtPercentile(99)));
            millis.put("max", millis(latency.getMaxValue()));
            row.put("latency-ms", millis);
            row.put("cpu-percent", round(cpuPercent(step), 1));
            row.put("cpu-us-per-exchange", round(microsPerExchange(step.cpuNanos(), step), 2));
            if (withServer) {
                row.put("server-cpu-percent", round(100.0 * step.serverCpuNanos() / step.wallNanos(), 1));
                row.put("server-cpu-us-per-exchange", round(microsPerExchange(step.serverCpuNanos(), step), 2));
            }
            rows.add(row);
        }
        report.put("steps", rows);
        if (settings.mix()) {
            long[] byKind = generator.completedByKind();
            report.put("completed-by-kind", Map.of("new", byKind[LoadGenerator.NEW], "renew",
                    byKind[LoadGenerator.RENEW], "release", byKind[LoadGenerator.RELEASE]));
        }
        report.put("unexpected-datagrams", generator.unexpected());
        report.put("send-failures", generator.sendFailures());
        return report;
    }

    private static double perSecond(LoadGenerator.Step step) {
        return step.completed() / (step.wallNanos() / 1e9);
    }

    private static double lossPercent(LoadGenerator.Step step) {
        return step.started() == 0 ? 0 : 100.0 * (step.started() - step.completed()) / step.started();
    }

    private static double cpuPercent(LoadGenerator.Step step) {
        return 100.0 * step.cpuNanos() / step.wallNanos();
    }

    /**
     * CPU time per completed exchange: the generator's (its own ceiling on one core is 10^6 ÷ this)
     * or the server's.
     */
    private static double microsPerExchange(long cpuNanos, LoadGenerator.Step step) {
        return step.completed() == 0 ? 0 : cpuNanos / 1000.0 / step.completed();
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static Inet6Address address(String literal) throws UnknownHostException {
        return Addresses.parse6(literal);
    }

    private static int usage(String message) {
        System.err.println("dhcp-load: " + message);
        return 2;
    }
}
