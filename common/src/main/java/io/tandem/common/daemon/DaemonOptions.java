package io.tandem.common.daemon;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options both DHCP daemons take, in ISC DHCP's and Kea's spellings: a picocli mixin. Where a
 * daemon says more in its help than the text here, its command's resource bundle has the option's
 * key ({@code lf}, {@code pf}, {@code 4o6}).
 */
public final class DaemonOptions {
    @Option(names = "-cf", paramLabel = "FILE", description = "configuration file")
    Path configFile;

    @Option(names = "-lf", paramLabel = "FILE", descriptionKey = "lf", description = "lease file")
    Path leaseFile;

    @Option(names = "-pf", paramLabel = "FILE", descriptionKey = "pf", description = "pid file")
    Path pidFile;

    @Option(names = "--no-pid", description = "write no pid file")
    boolean noPid;

    @Option(names = "-4o6", paramLabel = "PORT", descriptionKey = "4o6", description = "port pair with the partner")
    Integer dhcp4o6Port;

    @Option(names = "-t", description = "check the configuration and exit")
    boolean testOnly;

    @Option(names = "--check-leases", paramLabel = "FILE", description = "check a lease file as the daemon reads it "
            + "at start, print every line it would skip with its number and why, and exit: 0 when every line reads, "
            + "1 when lines would be skipped or the file cannot be read")
    Path checkLeases;

    /** The configuration file, or null when {@code -cf} is missing. */
    public Path configFile() {
        return configFile;
    }

    public Optional<Path> leaseFile() {
        return Optional.ofNullable(leaseFile);
    }

    /** {@code -pf}, else {@code otherwise}; none with {@code --no-pid}. */
    public Optional<Path> pidFile(Path otherwise) {
        return noPid ? Optional.empty() : Optional.of(pidFile == null ? otherwise : pidFile);
    }

    public Optional<Integer> dhcp4o6Port() {
        return Optional.ofNullable(dhcp4o6Port);
    }

    public boolean testOnly() {
        return testOnly;
    }

    /** {@code --check-leases FILE}: the lease file to check instead of running. */
    public Optional<Path> checkLeases() {
        return Optional.ofNullable(checkLeases);
    }
}
