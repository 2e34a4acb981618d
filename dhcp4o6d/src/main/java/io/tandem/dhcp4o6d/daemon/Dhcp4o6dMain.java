package io.tandem.dhcp4o6d.daemon;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigResult;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import io.tandem.dhcp4o6d.config.Subnet4;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The dhcp4o6d command line, in ISC DHCP's and Kea's spellings. */
@Command(name = "dhcp4o6d", mixinStandardHelpOptions = true, versionProvider = Dhcp4o6dMain.Version.class,
        description = "Tandem's DHCPv4 server for DHCPv4-over-DHCPv6 (RFC 7341), paired with dhcp6d.")
public final class Dhcp4o6dMain implements Callable<Integer> {
    static final Path DEFAULT_PID_FILE = Path.of("/run/tandem/dhcp4o6d.pid");

    @Option(names = "-4", description = "DHCPv4 (the only mode; accepted for ISC DHCP compatibility)")
    boolean v4;

    @Option(names = "-4o6", paramLabel = "PORT",
            description = "port pair with dhcp6d: bind [::1]:PORT+1, send to PORT (default: dhcp4o6-port)")
    Integer dhcp4o6Port;

    @Option(names = "-cf", paramLabel = "FILE", description = "configuration file")
    Path configFile;

    @Option(names = "-lf", paramLabel = "FILE",
            description = "lease file (default: lease-database.name, else /var/lib/tandem/dhcp4o6d-leases4.csv)")
    Path leaseFile;

    @Option(names = "-pf", paramLabel = "FILE", description = "pid file (default /run/tandem/dhcp4o6d.pid)")
    Path pidFile;

    @Option(names = "--no-pid", description = "write no pid file")
    boolean noPid;

    @Option(names = "-t", description = "check the configuration and exit")
    boolean testOnly;

    @Option(names = "-d", description = "log to the terminal at debug level")
    boolean debug;

    @Override
    public Integer call() {
        if (configFile == null) {
            System.err.println("dhcp4o6d: give the configuration file with -cf FILE");
            return 2;
        }
        if (debug) {
            // Read by logback.xml; set before the first logger exists.
            System.setProperty("tandem.log.level", "DEBUG");
        }
        if (testOnly) {
            return checkConfig();
        }
        Dhcp4o6Daemon daemon = new Dhcp4o6Daemon(new Dhcp4o6Daemon.Options(configFile, Optional.ofNullable(leaseFile),
                noPid ? Optional.empty() : Optional.ofNullable(pidFile).or(() -> Optional.of(DEFAULT_PID_FILE)),
                Optional.ofNullable(dhcp4o6Port)));
        try {
            daemon.run();
            return 0;
        } catch (ConfigException e) {
            System.err.println("dhcp4o6d: " + configFile + " is not a valid configuration:\n" + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("dhcp4o6d: " + e.getMessage());
            return 1;
        } finally {
            daemon.close();
        }
    }

    /** {@code -t}: every problem of the file, one a line, and exit 0 (usable) or 1. */
    private int checkConfig() {
        try {
            ConfigResult<Dhcp4Config> result = Dhcp4ConfigParser.parseFile(configFile);
            result.warnings().forEach(System.out::println);
            result.config().subnetsWithoutServerIdentifier()
                    .forEach(subnet -> System.out.println(serverIdentifierWarning(subnet)));
            System.out.println(configFile + ": configuration is valid");
            return 0;
        } catch (ConfigException e) {
            System.out.println(e.getMessage());
            return 1;
        }
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

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Dhcp4o6dMain.class.getPackage().getImplementationVersion();
            return new String[] {"dhcp4o6d (Tandem) " + (version == null ? "development build" : version)};
        }
    }
}
