package io.tandem.dhcp4o6d.daemon;

import io.tandem.common.daemon.ConfigLoader;
import io.tandem.common.daemon.DaemonMain;
import io.tandem.common.daemon.DaemonOptions;
import io.tandem.common.daemon.DebugOption;
import io.tandem.common.daemon.PackageVersion;
import io.tandem.common.lease.LeaseCsv4;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import io.tandem.dhcp4o6d.config.Subnet4;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The dhcp4o6d command line, in ISC DHCP's and Kea's spellings. */
@Command(name = "dhcp4o6d", mixinStandardHelpOptions = true, versionProvider = Dhcp4o6dMain.Version.class,
        resourceBundle = "io.tandem.dhcp4o6d.daemon.Dhcp4o6dOptions",
        description = "Tandem's DHCPv4 server for DHCPv4-over-DHCPv6 (RFC 7341), paired with dhcp6d.")
public final class Dhcp4o6dMain implements Callable<Integer> {
    static final Path DEFAULT_PID_FILE = Path.of("/run/tandem/dhcp4o6d.pid");
    /** How {@code -t}, the start and a reload read the configuration file; subnets without a server identifier are warned about. */
    static final ConfigLoader<Dhcp4Config> CONFIG = new ConfigLoader<>("DHCP4O6", Dhcp4ConfigParser::parseFile,
            config -> config.subnetsWithoutServerIdentifier().stream().map(Dhcp4o6dMain::serverIdentifierWarning)
                    .toList());

    @Mixin
    DaemonOptions daemon;

    @Mixin
    DebugOption debug;

    @Option(names = "-4", description = "DHCPv4 (the only mode; accepted for ISC DHCP compatibility)")
    boolean v4;

    @Override
    public Integer call() {
        return DaemonMain.call("dhcp4o6d", daemon, debug, CONFIG, LeaseCsv4.INSTANCE,
                () -> new Dhcp4o6Daemon(new Dhcp4o6Daemon.Options(daemon.configFile(), daemon.leaseFile(),
                        daemon.pidFile(DEFAULT_PID_FILE), daemon.dhcp4o6Port())));
    }

    /** What {@code -t} and the daemon say about a subnet that names no server identifier. */
    static String serverIdentifierWarning(Subnet4 subnet) {
        return "warning: " + subnet.location() + ": subnet " + subnet.id() + " (" + subnet.prefix() + ") has no"
                + " dhcp-server-identifier in its option-data, its shared network's or the top level's: the server"
                + " identifier will be the first IPv4 address of the interface the partner receives each query on,"
                + " and a query arriving on an interface without one is dropped";
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Dhcp4o6dMain()).execute(args));
    }

    static final class Version extends PackageVersion {
        Version() {
            super("dhcp4o6d", Dhcp4o6dMain.class);
        }
    }
}
