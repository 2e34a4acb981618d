package io.tandem.dhcp6d.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.testing.NetnsLab;
import io.tandem.common.wire.dhcp6.Duid;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One machine, two DUIDs: what happens at every stage of a network boot. dhclient first runs
 * with a DUID-LL, then (same MAC, fresh state) with a DUID-LLT; the second DUID gets the same
 * address while the first binding is still valid, both bindings are in the lease file, and the
 * first client, started again, renews its binding on that same address.
 *
 * <p>Short timers (renew 2 s, rebind 3 s) make the clients renew within the test.
 */
@Tag("system")
class DuidChangeIT {
    private static final String PREFIX = "2001:db8:1::/80";
    private static final String CONFIG = """
            {"Dhcp6": {
              "interfaces-config": {"interfaces": ["srv0"]},
              "preferred-lifetime": 30, "valid-lifetime": 60, "renew-timer": 2, "rebind-timer": 3,
              "subnet6": [
                {"id": 1, "subnet": "2001:db8:1::/64", "interface": "srv0",
                 "mac-addressing": {"prefix": "2001:db8:1::/80"}}
              ]}}
            """;

    @TempDir
    Path work;
    private NetnsLab lab;
    private NetnsLab.Namespace client;
    private Dhcp6dProcess daemon;

    @AfterEach
    void cleanUp() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aNewDuidGetsTheSameAddressWhileTheOldBindingStaysValid() {
        NetnsLab.requireCommands("dhclient");
        lab = NetnsLab.create(work.resolve("lab"));
        NetnsLab.Namespace server = lab.namespace("srv");
        client = lab.namespace("cli");
        String mac = NetnsLab.localMac(0x40);
        lab.veth(client, "cli0", mac, server, "srv0", NetnsLab.universalMac(0xfe));
        daemon = Dhcp6dProcess.start(lab, server, work.resolve("dhcp6d"), CONFIG);
        Inet6Address expected = PrefixPlusMac.address(PREFIX, mac);

        // The firmware's client: DUID-LL. It gets the address and renews it once.
        Dhclient first = Dhclient.start(lab, client, "cli0", work.resolve("duid-ll"), true);
        RealClient.Bound old = first.awaitBound(Duration.ofSeconds(20), () -> daemon.describe(new Evidence()));
        assertEquals(expected, old.address(), () -> "the DUID-LL client got " + old + ", not "
                + expected.getHostAddress() + evidence(first));
        assertEquals(Duid.LL, old.duid().type(), () -> "dhclient -D LL sent " + old.duid() + evidence(first));
        awaitRenewal(first);
        first.stop();
        lab.exec(client, "ip", "-6", "address", "flush", "dev", "cli0", "scope", "global");

        // The next stage's client: same MAC, a DUID-LLT. Same address, while the first binding is valid.
        Dhclient second = Dhclient.start(lab, client, "cli0", work.resolve("duid-llt"), false);
        RealClient.Bound fresh = second.awaitBound(Duration.ofSeconds(20), () -> daemon.describe(new Evidence()));
        assertEquals(Duid.LLT, fresh.duid().type(), () -> "dhclient -6 sent " + fresh.duid() + evidence(second));
        assertEquals(Optional.of(MacAddress.parse(mac).bytes()), fresh.duid().linkLayerAddress(),
                () -> "dhclient's DUID-LLT " + fresh.duid() + " should hold the interface's MAC" + evidence(second));
        assertNotEquals(old.duid(), fresh.duid(), "the second run should have another DUID");
        assertEquals(expected, fresh.address(), () -> "the DUID-LLT client got " + fresh + ", not "
                + expected.getHostAddress() + " like the DUID-LL client before it" + evidence(second));
        Lease6 oldBinding = Bindings.assertRecorded(daemon, old, expected, mac, 1, HwAddrSource.IPV6_LINK_LOCAL,
                () -> evidence(second).toString());
        Bindings.assertRecorded(daemon, fresh, expected, mac, 1, HwAddrSource.IPV6_LINK_LOCAL,
                () -> evidence(second).toString());
        assertTrue(!oldBinding.isExpired(Instant.now()),
                () -> "the DUID-LL binding should still be valid: " + oldBinding + evidence(second));
        awaitRenewal(second);
        second.stop();
        lab.exec(client, "ip", "-6", "address", "flush", "dev", "cli0", "scope", "global");

        // Both bindings are live in the lease file, on one address.
        List<Lease6> live = LeaseFile.latestPerBinding(daemon.leases().leases()).stream()
                .filter(row -> !row.isExpired(Instant.now())).toList();
        assertTrue(holds(live, old.duid(), expected) && holds(live, fresh.duid(), expected),
                () -> "both DUIDs should hold " + expected + ", live bindings: " + live + evidence(second));

        // The first client comes back with its stored lease: its binding is still good, it renews it.
        long rows = daemon.rows(old.duid().bytes(), old.iaid()).size();
        Dhclient again = Dhclient.start(lab, client, "cli0", work.resolve("duid-ll"), true);
        RealClient.Bound back = again.awaitBound(Duration.ofSeconds(20), () -> daemon.describe(new Evidence()));
        assertEquals(old, back, () -> "the DUID-LL client came back to " + back + ", not " + old + evidence(again));
        awaitRenewal(again);
        NetnsLab.await(Duration.ofSeconds(5), "a new row for the DUID-LL binding",
                () -> daemon.rows(old.duid().bytes(), old.iaid()).size() > rows, () -> evidence(again).toString());
        Bindings.assertRecorded(daemon, old, expected, mac, 1, HwAddrSource.IPV6_LINK_LOCAL,
                () -> evidence(again).toString());
        again.stop();
    }

    private static boolean holds(List<Lease6> rows, Duid duid, Inet6Address address) {
        return rows.stream().anyMatch(row -> row.duid().equals(duid.bytes()) && row.address().equals(address));
    }

    /** Waits for a Reply to a Renew (the hook's RENEW6), which names this server's DUID. */
    private void awaitRenewal(Dhclient dhclient) {
        NetnsLab.await(Duration.ofSeconds(15), dhclient.name() + " to renew",
                () -> dhclient.hooks().count("RENEW6", dhclient.startedMillis()) > 0,
                () -> evidence(dhclient).toString());
    }

    private Evidence evidence(RealClient running) {
        Evidence evidence = new Evidence();
        daemon.describe(evidence);
        running.describe(evidence);
        return evidence.section("ip -6 address in " + client, lab.describe(client));
    }
}
