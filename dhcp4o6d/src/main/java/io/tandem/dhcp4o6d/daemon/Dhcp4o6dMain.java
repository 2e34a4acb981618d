package io.tandem.dhcp4o6d.daemon;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The dhcp4o6d command line, in ISC DHCP's and Kea's spellings. */
@Command(name = "dhcp4o6d", mixinStandardHelpOptions = true, versionProvider = Dhcp4o6dMain.Version.class,
        description = "Tandem's DHCPv4 server for DHCPv4-over-DHCPv6 (RFC 7341), paired with dhcp6d.")
public final class Dhcp4o6dMain implements Callable<Integer> {
    @Option(names = "-4", description = "DHCPv4 (the only mode; accepted for ISC DHCP compatibility)")
    boolean v4;

    @Option(names = "-4o6", paramLabel = "PORT", description = "port pair with dhcp6d: bind [::1]:PORT+1, send to PORT")
    Integer dhcp4o6Port;

    @Option(names = "-cf", paramLabel = "FILE", description = "configuration file")
    Path configFile;

    @Option(names = "-lf", paramLabel = "FILE", description = "lease file")
    Path leaseFile;

    @Option(names = "-pf", paramLabel = "FILE", description = "pid file")
    Path pidFile;

    @Option(names = "--no-pid", description = "write no pid file")
    boolean noPid;

    @Option(names = "-t", description = "check the configuration and exit")
    boolean testOnly;

    @Option(names = "-d", description = "log to the terminal at debug level")
    boolean debug;

    @Override
    public Integer call() {
        System.err.println("dhcp4o6d: the DHCPv4-over-DHCPv6 service is not built yet (see README, Status)");
        return 3;
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
