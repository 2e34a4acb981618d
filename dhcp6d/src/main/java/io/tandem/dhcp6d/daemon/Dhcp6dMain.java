package io.tandem.dhcp6d.daemon;

import io.tandem.common.daemon.ConfigLoader;
import io.tandem.common.daemon.DaemonMain;
import io.tandem.common.daemon.DaemonOptions;
import io.tandem.common.daemon.DebugOption;
import io.tandem.common.daemon.PackageVersion;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.dhcp6d.config.Dhcp6Config;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The dhcp6d command line, in ISC DHCP's and Kea's spellings. */
@Command(name = "dhcp6d", mixinStandardHelpOptions = true, versionProvider = Dhcp6dMain.Version.class,
        resourceBundle = "io.tandem.dhcp6d.daemon.Dhcp6dOptions",
        description = "Tandem's DHCPv6 server: one fixed IPv6 address per MAC, netboot, DHCPv4-over-DHCPv6.")
public final class Dhcp6dMain implements Callable<Integer> {
    static final Path DEFAULT_PID_FILE = Path.of("/run/tandem/dhcp6d.pid");
    /** How {@code -t}, the start and a reload read the configuration file. */
    static final ConfigLoader<Dhcp6Config> CONFIG = new ConfigLoader<>("DHCP6", Dhcp6ConfigParser::parseFile,
            config -> List.of());

    @Mixin
    DaemonOptions daemon;

    @Mixin
    DebugOption debug;

    @Option(names = "-6", description = "DHCPv6 (the only mode; accepted for ISC DHCP compatibility)")
    boolean v6;

    @Option(names = "-p", paramLabel = "PORT", description = "server port (default 547)")
    Integer serverPort;

    @Option(names = "-P", paramLabel = "PORT", description = "client port (default 546)")
    Integer clientPort;

    @Parameters(paramLabel = "IFACE", arity = "0..*", description = "interfaces to serve (override the configuration)")
    List<String> interfaces = List.of();

    @Override
    public Integer call() {
        return DaemonMain.call("dhcp6d", daemon, debug, CONFIG, LeaseCsv6.INSTANCE,
                () -> new Dhcp6Daemon(new Dhcp6Daemon.Options(daemon.configFile(), daemon.leaseFile(),
                        daemon.pidFile(DEFAULT_PID_FILE), serverPort == null ? 547 : serverPort,
                        clientPort == null ? 546 : clientPort, daemon.dhcp4o6Port(), interfaces)));
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Dhcp6dMain()).execute(args));
    }

    static final class Version extends PackageVersion {
        Version() {
            super("dhcp6d", Dhcp6dMain.class);
        }
    }
}
