package io.tandem.dhcp6d.engine;

import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The index by client IA answers what a scan of every binding would, through replace, remove and reclaim. */
class BindingTableTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Bytes DUID = Bytes.fromHex("00030001525400123456");

    static Lease6 lease(String address, Bytes duid, long iaid, long valid) {
        return new Lease6(Addresses.parse6(address), duid, valid, NOW.getEpochSecond() + valid, 1, valid, LeaseType.NA,
                iaid, 128, false, false, "", Optional.<HardwareAddress>empty(), LeaseState.DEFAULT, "");
    }

    @Test
    void aClientsIaIsFoundThroughReplaceRemoveAndReclaim() {
        BindingTable table = new BindingTable();
        table.put(lease("2001:db8::1", DUID, 1, 3600));
        table.put(lease("2001:db8::2", DUID, 2, 3600));
        table.put(lease("2001:db8::3", Bytes.fromHex("00030001525400123457"), 1, 3600));
        assertEquals(List.of(Addresses.parse6("2001:db8::1")), addresses(table.ofClient(DUID, 1, LeaseType.NA, NOW)));

        table.put(lease("2001:db8::1", DUID, 1, 7200));
        assertEquals(7200, table.ofClient(DUID, 1, LeaseType.NA, NOW).get(0).validLifetime(), "the new row replaces the old");

        table.remove(lease("2001:db8::1", DUID, 1, 7200).binding());
        assertEquals(List.of(), table.ofClient(DUID, 1, LeaseType.NA, NOW));
        assertEquals(1, table.ofClient(DUID, 2, LeaseType.NA, NOW).size());
        assertEquals(List.of(), table.ofClient(DUID, 2, LeaseType.PD, NOW), "another type is another IA");

        table.put(lease("2001:db8::4", DUID, 4, 10));
        assertEquals(1, table.reclaimExpired(NOW.plusSeconds(100), 0));
        assertEquals(List.of(), table.ofClient(DUID, 4, LeaseType.NA, NOW));
        assertEquals(2, table.size());
    }

    /**
     * Rows loaded one by one in file order leave what Kea's rule says the whole file leaves: the
     * last row of each binding, without releases, without what ran out (a declined address stays).
     */
    @Test
    void rowsLoadedInFileOrderLeaveTheLastLiveRowOfEachBinding() {
        Bytes other = Bytes.fromHex("00030001525400123457");
        Lease6 renewed = lease("2001:db8::1", DUID, 1, 7200);
        Lease6 expired = new Lease6(Addresses.parse6("2001:db8::5"), DUID, 60, NOW.getEpochSecond() - 1, 1, 60,
                LeaseType.NA, 5, 128, false, false, "", Optional.empty(), LeaseState.DEFAULT, "");
        Lease6 declined = new Lease6(Addresses.parse6("2001:db8::6"), Lease6.EMPTY_DUID, 60, NOW.getEpochSecond() - 1,
                1, 60, LeaseType.NA, 0, 128, false, false, "", Optional.empty(), LeaseState.DECLINED, "");
        Lease6 sameAddressOtherClient = lease("2001:db8::1", other, 1, 3600);
        List<Lease6> rows = List.of(lease("2001:db8::1", DUID, 1, 3600), lease("2001:db8::2", DUID, 2, 3600),
                sameAddressOtherClient, renewed, lease("2001:db8::2", DUID, 2, 3600).released(), expired, declined,
                lease("2001:db8::3", other, 3, 3600).released(), lease("2001:db8::3", other, 3, 3600));
        BindingTable table = new BindingTable();
        rows.forEach(row -> table.load(row, NOW));

        List<Lease6> expected = LeaseFile.latestPerBinding(rows).stream()
                .filter(lease -> !lease.isExpired(NOW) || lease.state() == LeaseState.DECLINED).toList();
        assertEquals(Set.copyOf(expected), Set.copyOf(table.snapshot()));
        assertEquals(4, table.size(), "::1 twice (two clients), ::3 taken again after its release, the declined ::6");
    }

    private static List<java.net.Inet6Address> addresses(List<Lease6> leases) {
        return leases.stream().map(Lease6::address).toList();
    }
}
