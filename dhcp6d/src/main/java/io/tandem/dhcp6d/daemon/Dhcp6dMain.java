package io.tandem.dhcp6d.daemon;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigResult;
import io.tandem.dhcp6d.config.Dhcp6Config;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The dhcp6d command line, in ISC DHCP's and Kea's spellings. */
@Command(name = "dhcp6d", mixinStandardHelpOptions = true, versionProvider = Dhcp6dMain.Version.class,
        description = "Tandem's DHCPv6 server: one fixed IPv6 address per MAC, netboot, DHCPv4-over-DHCPv6.")
public final class Dhcp6dMain implements Callable<Integer> {
    @Option(names = "-6", description = "DHCPv6 (the only mode; accepted for ISC DHCP compatibility)")
    boolean v6;

    @Option(names = "-4o6", paramLabel = "PORT", description = "port pair with dhcp4o6d: bind [::1]:PORT, send to PORT+1")
    Integer dhcp4o6Port;

    @Option(names = "-cf", paramLabel = "FILE", description = "configuration file")
    Path configFile;

    @Option(names = "-lf", paramLabel = "FILE", description = "lease file")
    Path leaseFile;

    @Option(names = "-pf", paramLabel = "FILE", description = "pid file")
    Path pidFile;

    @Option(names = "--no-pid", description = "write no pid file")
    boolean noPid;

    @Option(names = "-p", paramLabel = "PORT", description = "server port (default 547)")
    Integer serverPort;

    @Option(names = "-P", paramLabel = "PORT", description = "client port (default 546)")
    Integer clientPort;

    @Option(names = "-t", description = "check the configuration and exit")
    boolean testOnly;

    @Option(names = "-d", description = "log to the terminal at debug level")
    boolean debug;

    @Parameters(paramLabel = "IFACE", arity = "0..*", description = "interfaces to serve (override the configuration)")
    List<String> interfaces = List.of();

    @Override
    public Integer call() {
        if (configFile == null) {
            System.err.println("dhcp6d: give the configuration file with -cf FILE");
            return 2;
        }
        if (debug) {
            // Read by logback.xml; set before the first logger exists.
            System.setProperty("tandem.log.level", "DEBUG");
        }
        if (testOnly) {
            return checkConfig();
        }
        Dhcp6Daemon daemon = new Dhcp6Daemon(new Dhcp6Daemon.Options(configFile, Optional.ofNullable(leaseFile),
                noPid ? Optional.empty() : Optional.ofNullable(pidFile).or(() -> Optional.of(DEFAULT_PID_FILE)),
                serverPort == null ? 547 : serverPort, clientPort == null ? 546 : clientPort,
                Optional.ofNullable(dhcp4o6Port), interfaces));
        try {
            daemon.run();
            return 0;
        } catch (ConfigException e) {
            System.err.println("dhcp6d: " + configFile + " is not a valid configuration:\n" + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("dhcp6d: " + e.getMessage());
            return 1;
        } finally {
            daemon.close();
        }
    }

    /** {@code -t}: every problem of the file, one a line, and exit 0 (usable) or 1. */
    private int checkConfig() {
        try {
            ConfigResult<Dhcp6Config> result = Dhcp6ConfigParser.parseFile(configFile);
            result.warnings().forEach(System.out::println);
            System.out.println(configFile + ": configuration is valid");
            return 0;
        } catch (ConfigException e) {
            System.out.println(e.getMessage());
            return 1;
        }
    }

    static final Path DEFAULT_PID_FILE = Path.of("/run/tandem/dhcp6d.pid");

    public static void main(String[] args) {
        System.exit(new CommandLine(new Dhcp6dMain()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Dhcp6dMain.class.getPackage().getImplementationVersion();
            return new String[] {"dhcp6d (Tandem) " + (version == null ? "development build" : version)};
        }
    }
}
