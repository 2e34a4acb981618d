package io.tandem.tftpd.daemon;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The standalone TFTP server's command line (the same server is embedded in dhcp6d). */
@Command(name = "tftpd", mixinStandardHelpOptions = true, versionProvider = TftpdMain.Version.class,
        description = "Tandem's read-only TFTP server (RFC 1350, 2347-2349, 7440).")
public final class TftpdMain implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "DIR", required = true, description = "directory to serve")
    Path root;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "[::]:69",
            description = "address and port to listen on (default ${DEFAULT-VALUE})")
    String listen;

    @Override
    public Integer call() {
        System.err.println("tftpd: the TFTP server is not built yet (see README, Status)");
        return 3;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TftpdMain()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TftpdMain.class.getPackage().getImplementationVersion();
            return new String[] {"tftpd (Tandem) " + (version == null ? "development build" : version)};
        }
    }
}
