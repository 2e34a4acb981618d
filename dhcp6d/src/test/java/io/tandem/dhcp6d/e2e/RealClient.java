package io.tandem.dhcp6d.e2e;

import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.NetnsLab;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Duid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One run of a real DHCPv6 client in a lab namespace, with all of its state (DUID, leases, pid
 * file, hook log) in its own directory, so every run starts fresh and nothing on the host changes.
 * The knowledge of how to run each client safely comes from {@code scripts/capture-golden}.
 */
abstract class RealClient {
    /** The clients the end-to-end tests run. */
    enum Kind {
        DHCLIENT_DUID_LL("dhclient -6 -D LL", Duid.LL),
        DHCLIENT_DUID_LLT("dhclient -6", Duid.LLT),
        DHCPCD("dhcpcd -6", Duid.LLT),
        WIDE_DHCP6C("WIDE dhcp6c", Duid.LLT);

        private final String label;
        private final int duidType;

        Kind(String label, int duidType) {
            this.label = label;
            this.duidType = duidType;
        }

        /** The type of DUID the client makes as the tests run it. */
        int duidType() {
            return duidType;
        }

        RealClient start(NetnsLab lab, NetnsLab.Namespace namespace, String interfaceName, Path directory) {
            return switch (this) {
                case DHCLIENT_DUID_LL -> Dhclient.start(lab, namespace, interfaceName, directory, true);
                case DHCLIENT_DUID_LLT -> Dhclient.start(lab, namespace, interfaceName, directory, false);
                case DHCPCD -> Dhcpcd.start(lab, namespace, interfaceName, directory, true);
                case WIDE_DHCP6C -> WideDhcp6c.start(lab, namespace, interfaceName, directory);
            };
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** What the client says it was given: its address, and the DUID and IAID it asked with. */
    record Bound(Inet6Address address, Duid duid, long iaid) {
        @Override
        public String toString() {
            return address.getHostAddress() + " for DUID " + duid.bytes().colonHex() + " IAID " + iaid;
        }
    }

    protected final NetnsLab lab;
    protected final NetnsLab.Namespace namespace;
    protected final String interfaceName;
    protected final Path directory;
    protected LabProcess process;
    /** When this run started (epoch ms): hook events before it belong to an earlier run in the same directory. */
    protected long startedMillis;

    protected RealClient(NetnsLab lab, NetnsLab.Namespace namespace, String interfaceName, Path directory) {
        this.lab = lab;
        this.namespace = namespace;
        this.interfaceName = interfaceName;
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    abstract String name();

    /** What the client reports having now, from its own records; empty while it has nothing. */
    abstract Optional<Bound> bound();

    /** Its state files and logs, for a failure message. */
    abstract Evidence describe(Evidence evidence);

    /**
     * Waits until the client reports an address and has configured it on its interface (fails
     * early if the client exits); {@code context} gives what else a failure message should show.
     */
    Bound awaitBound(Duration timeout, Supplier<Evidence> context) {
        // The state the condition saw is the one returned: the client's files may be rewritten
        // between two reads (dhclient rewrites its lease file as it renews).
        AtomicReference<Bound> seen = new AtomicReference<>();
        NetnsLab.await(timeout, name() + " to be bound and configure its address", () -> {
            Optional<Bound> now = bound().filter(b -> configured(b.address()));
            now.ifPresent(seen::set);
            return now.isPresent() || !process.isAlive();
        }, () -> describe(context.get()).section("ip -6 address in " + namespace, lab.describe(namespace))
                .toString());
        if (seen.get() == null) {
            throw new AssertionError(name() + " exited with status " + process.exitCode().orElse(-1) + "\n"
                    + describe(context.get()));
        }
        return seen.get();
    }

    boolean configured(Inet6Address address) {
        return lab.addresses(namespace, interfaceName, "global").stream()
                .anyMatch(text -> Addresses.parse6(text).equals(address));
    }

    LabProcess process() {
        return process;
    }

    /** SIGTERM (what a shutdown does; dhcpcd and dhcp6c send a Release), SIGKILL after 10 s. */
    int stop() {
        return process.stop(Duration.ofSeconds(10));
    }
}
