package io.tandem.tftpd.daemon;

import io.tandem.common.config.ListenAddress;
import io.tandem.common.daemon.DebugOption;
import io.tandem.common.daemon.PackageVersion;
import io.tandem.tftpd.server.TftpServerSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The standalone TFTP server's command line (the same server is embedded in dhcp6d). */
@Command(name = "tftpd", mixinStandardHelpOptions = true, versionProvider = TftpdMain.Version.class,
        resourceBundle = "io.tandem.tftpd.daemon.TftpdOptions",
        description = "Tandem's read-only TFTP server (RFC 1350, 2347-2349, 7440).")
public final class TftpdMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", required = true, description = "directory to serve")
    Path root;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "[::]:69",
            description = "address and port to listen on (default ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--max-transfers", paramLabel = "N", defaultValue = "64",
            description = "transfers at the same time; further requests are answered ERROR 0 busy "
                    + "(default ${DEFAULT-VALUE})")
    int maxTransfers;

    @Option(names = "--mtu", paramLabel = "N", defaultValue = "1500",
            description = "link MTU: blksize is capped so a block is never fragmented (default ${DEFAULT-VALUE})")
    int mtu;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1",
            description = "retransmission timeout unless the client negotiates one (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
            description = "retransmissions before a silent client is given up, timeout x (N + 1) after its "
                    + "last ACK (default ${DEFAULT-VALUE})")
    int retries;

    @Mixin
    DebugOption debug;

    @Override
    public Integer call() throws Exception {
        TftpServerSettings settings = settings();
        debug.apply();
        return new TftpDaemon(settings).run();
    }

    private TftpServerSettings settings() {
        InetSocketAddress address;
        try {
            ListenAddress parsed = ListenAddress.parse(listen);
            address = new InetSocketAddress(parsed.address(), parsed.port());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--listen': '" + listen + "': " + e.getMessage());
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 255) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--timeout': " + timeoutSeconds + " is not from 1 to 255");
        }
        try {
            return TftpServerSettings.of(root, address).withMaxTransfers(maxTransfers).withMtu(mtu)
                    .withTimeout(Duration.ofSeconds(timeoutSeconds)).withMaxRetries(retries);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            // Not logback.xml: dhcp6d embeds this module and brings its own.
            System.setProperty("logback.configurationFile", "tftpd-logback.xml");
        }
        System.exit(new CommandLine(new TftpdMain()).execute(args));
    }

    static final class Version extends PackageVersion {
        Version() {
            super("tftpd", TftpdMain.class);
        }
    }
}
