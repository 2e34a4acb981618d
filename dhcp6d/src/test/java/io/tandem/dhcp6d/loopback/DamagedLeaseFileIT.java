package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.testing.Launcher;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d, started by {@code scripts/dhcp6d}, on a lease file whose header is not a DHCPv6 one and
 * with a row with a bad field: it starts, keeps the good row, reports each skipped line, keeps
 * the damaged file aside and serves; {@code scripts/dhcp6d --check-leases} reports the same lines.
 */
@Timeout(120)
class DamagedLeaseFileIT {
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
    private static final Inet6Address ADDRESS = Addresses.parse6("2001:db8:2::5254:12:3456");

    @TempDir
    Path directory;

    @Test
    void startsKeepingTheGoodRowsAndCheckLeasesReportsTheSameLines() throws Exception {
        String good = LeaseCsv6.INSTANCE.encode(new Lease6(ADDRESS, Bytes.fromHex("00030001525400123456"), 4000,
                Instant.now().getEpochSecond() + 4000, 2, 3000, LeaseType.NA, 1, 128, false, false, "",
                Optional.of(HardwareAddress.ethernet(MAC.bytes(), HwAddrSource.IPV6_LINK_LOCAL)), LeaseState.DEFAULT,
                ""));
        String damaged = "address,duid,valid_lif\n" + good + "\n" + good.replace(",4000,", ",-1,") + "\n";
        Path leases = Files.writeString(directory.resolve("leases6.csv"), damaged);

        Launcher.Result check = Launcher.run("dhcp6d", directory, "--check-leases", leases.toString());
        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains(leases + " line 1: not a lease file header"), check.output());
        assertTrue(check.output().contains(leases + " line 3: valid_lifetime '-1'"), check.output());
        assertTrue(check.output().contains(leases + ": 1 rows read, 2 lines skipped"), check.output());

        int serverPort = LoopbackDhcp6d.freeUdpPort();
        Path config = Files.writeString(directory.resolve("dhcp6d.json"), """
                {"Dhcp6": {
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0},
                  "tftp": {"enabled": false}, "http": {"listen": "[::1]:%d"}, "events": {"channel": ""}
                }}
                """.formatted(LoopbackDhcp6d.freeTcpPort()));
        try (LoopbackDhcp6d dhcp6d = LoopbackDhcp6d.start(directory, config, serverPort)) {
            dhcp6d.awaitLog("DHCP6_LISTENING");
            String log = dhcp6d.log();
            assertTrue(log.contains("DHCP6_LEASE_ROW_SKIPPED " + leases + " line 1: not a lease file header"), log);
            assertTrue(log.contains("DHCP6_LEASE_ROW_SKIPPED " + leases + " line 3: valid_lifetime '-1'"), log);
            assertTrue(log.contains("DHCP6_LEASES_LOADED 1 bindings from " + leases + " (2 lines skipped)"), log);
            assertTrue(log.contains("LEASE_FILE_REWRITTEN " + leases), log);
            try (ScriptedRelay relay = new ScriptedRelay(serverPort)) {
                assertEquals(Optional.of(ADDRESS), relay.bind(MAC, 5000), dhcp6d.log());
            }
        }
        assertEquals(List.of(), LeaseFile.load(leases, LeaseCsv6.INSTANCE).problems(),
                "rewritten under Kea 2.2's header with its good rows");
        try (var listing = Files.list(directory)) {
            Path kept = listing.filter(path -> path.getFileName().toString().startsWith("leases6.csv.damaged-"))
                    .findFirst().orElseThrow();
            assertEquals(damaged, Files.readString(kept), "the damaged file as it was");
        }
        Launcher.Result clean = Launcher.run("dhcp6d", directory, "--check-leases", leases.toString());
        assertEquals(0, clean.exitCode(), clean.output());
    }
}
