package io.tandem.dhcp6d.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.testing.NetnsLab;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Checks of dhcp6d's lease file, read with {@link io.tandem.common.lease.LeaseFile#load}. */
final class Bindings {
    private Bindings() {
    }

    /**
     * The client's binding is in the lease file: every row for its DUID and IAID names
     * {@code expected}, and the last one is a live IA_NA lease in subnet {@code subnetId} with
     * the client's MAC, found through {@code source}. Returns that last row.
     */
    static Lease6 assertRecorded(Dhcp6dProcess daemon, RealClient.Bound bound, Inet6Address expected, String mac,
            long subnetId, HwAddrSource source, Supplier<String> evidence) {
        awaitWholeFile(daemon, evidence);
        List<Lease6> rows = daemon.rows(bound.duid().bytes(), bound.iaid());
        assertTrue(!rows.isEmpty(), () -> "no lease file row for " + bound + evidence.get());
        for (Lease6 row : rows) {
            assertEquals(expected, row.address(),
                    () -> "a row for " + bound + " names " + row.address().getHostAddress() + evidence.get());
        }
        Lease6 last = rows.get(rows.size() - 1);
        assertTrue(last.validLifetime() > 0,
                () -> "the last row of " + bound + " ends the binding (valid_lifetime 0)" + evidence.get());
        assertEquals(subnetId, last.subnetId(), () -> "subnet_id" + evidence.get());
        assertEquals(LeaseType.NA, last.type(), () -> "lease_type" + evidence.get());
        assertEquals(128, last.prefixLength(), () -> "prefix_len" + evidence.get());
        assertEquals(Optional.of(HardwareAddress.ethernet(MacAddress.parse(mac).bytes(), source)),
                last.hardwareAddress(), () -> "hwaddr, hwtype and hwaddr_source" + evidence.get());
        return last;
    }

    /** Waits until the last row of the client's binding is a release (valid_lifetime 0). */
    static void awaitReleased(Dhcp6dProcess daemon, RealClient.Bound bound, Supplier<String> evidence) {
        NetnsLab.await(Duration.ofSeconds(10), "a release row (valid_lifetime 0) for " + bound, () -> {
            List<Lease6> rows = daemon.rows(bound.duid().bytes(), bound.iaid());
            return !rows.isEmpty() && rows.get(rows.size() - 1).isRelease();
        }, evidence);
    }

    /** Every row parses; a row being appended while we read would not, so that gets a moment to finish. */
    static void awaitWholeFile(Dhcp6dProcess daemon, Supplier<String> evidence) {
        NetnsLab.await(Duration.ofSeconds(3), "every lease file row to parse",
                () -> daemon.leases().problems().isEmpty(),
                () -> "problems: " + daemon.leases().problems() + evidence.get());
    }
}
