package io.tandem.dhcp6d.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.testing.NetnsLab;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Duid;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real clients on dhcp6d's own link each get the subnet's prefix + their MAC, whatever DUID
 * they use, for a real NIC's MAC and a virtual machine's alike: ISC dhclient with a DUID-LL and
 * with a DUID-LLT, dhcpcd with rapid commit, and WIDE dhcp6c. The MAC comes from the EUI-64
 * link-local address the client sends from, or, when dhcpcd makes a stable-private link-local,
 * from its DUID-LLT. dhcpcd and dhcp6c send a Release when stopped, which ends their binding.
 *
 * <p>One lab for the class: dhcp6d in {@code srv} on {@code srv0}, the clients one after another
 * in {@code cli} on {@code cli0}, which gets a new MAC for every case ({@code ip link set address}).
 */
@Tag("system")
class DirectClientsIT {
    private static final String PREFIX = "2001:db8:1::/80";
    private static final String CONFIG = """
            {"Dhcp6": {
              "interfaces-config": {"interfaces": ["srv0"]},
              "preferred-lifetime": 3000, "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
              "option-data": [{"name": "dns-servers", "data": "2001:db8::53"}],
              "subnet6": [
                {"id": 1, "subnet": "2001:db8:1::/64", "interface": "srv0", "rapid-commit": true,
                 "mac-addressing": {"prefix": "2001:db8:1::/80"}}
              ]}}
            """;

    @TempDir
    static Path work;
    private static NetnsLab lab;
    private static NetnsLab.Namespace server;
    private static NetnsLab.Namespace client;
    private static Dhcp6dProcess daemon;

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    static void startDaemon() {
        NetnsLab.requireCommands("dhclient", "dhcpcd", "dhcp6c");
        lab = NetnsLab.create(work.resolve("lab"));
        server = lab.namespace("srv");
        client = lab.namespace("cli");
        lab.veth(client, "cli0", NetnsLab.universalMac(0x01), server, "srv0", NetnsLab.universalMac(0xfe));
        daemon = Dhcp6dProcess.start(lab, server, work.resolve("dhcp6d"), CONFIG);
    }

    @AfterAll
    static void stopAll() {
        if (lab != null) {
            lab.close();
        }
    }

    static Stream<Arguments> clientsAndMacs() {
        List<Arguments> cases = new ArrayList<>();
        int n = 0x10;
        for (RealClient.Kind kind : RealClient.Kind.values()) {
            for (MacKind macKind : MacKind.values()) {
                cases.add(Arguments.of(kind, macKind, macKind.mac(n++)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with a {1} MAC ({2})")
    @MethodSource("clientsAndMacs")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void getsThePrefixPlusItsMac(RealClient.Kind kind, MacKind macKind, String mac) {
        lab.setMac(client, "cli0", mac);
        Path directory = work.resolve(kind.name().toLowerCase() + "-" + macKind.name().toLowerCase());
        RealClient running = kind.start(lab, client, "cli0", directory);
        try {
            Inet6Address expected = PrefixPlusMac.address(PREFIX, mac);
            RealClient.Bound bound = running.awaitBound(Duration.ofSeconds(20),
                    () -> daemon.describe(new Evidence()));
            assertEquals(expected, bound.address(), () -> kind + " got " + bound + ", not " + PREFIX + " + " + mac
                    + " = " + expected.getHostAddress() + evidence(running));
            assertTrue(running.configured(expected), () -> expected + " is not on cli0" + evidence(running));
            assertEquals(kind.duidType(), bound.duid().type(), () -> kind + " sent " + bound + evidence(running));
            Bindings.assertRecorded(daemon, bound, expected, mac, 1, HwAddrSource.IPV6_LINK_LOCAL,
                    () -> evidence(running));
            if (kind == RealClient.Kind.DHCPCD) {
                String output = running.process().output();
                assertTrue(output.contains("REPLY6 received"), () -> "dhcpcd got no Reply" + evidence(running));
                assertFalse(output.contains(": ADV "), () -> "dhcpcd asked for rapid commit and the subnet allows it, "
                        + "but it was sent an Advertise instead of a Reply" + evidence(running));
            }
            running.stop();
            if (kind == RealClient.Kind.DHCPCD || kind == RealClient.Kind.WIDE_DHCP6C) {
                // Both send a Release when stopped: it must end exactly this binding.
                Bindings.awaitReleased(daemon, bound, () -> evidence(running));
            }
        } finally {
            running.stop();
            lab.exec(client, "ip", "-6", "address", "flush", "dev", "cli0", "scope", "global");
        }
    }

    /**
     * dhcpcd with Debian's {@code slaac private}, bringing the interface up itself, turns the
     * kernel's EUI-64 link-local off and makes an RFC 7217 stable-private one: the MAC is then
     * only in its DUID-LLT, which comes last in the default {@code mac-sources}.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void dhcpcdWithAStablePrivateLinkLocalIsKnownByItsDuidLlt() {
        String mac = MacKind.LOCAL.mac(0x1f);
        lab.setMac(client, "cli0", mac);
        lab.execOk(client, "ip", "link", "set", "dev", "cli0", "down");
        RealClient running = Dhcpcd.start(lab, client, "cli0", work.resolve("dhcpcd-stable-private"), true);
        try {
            Inet6Address expected = PrefixPlusMac.address(PREFIX, mac);
            RealClient.Bound bound = running.awaitBound(Duration.ofSeconds(20),
                    () -> daemon.describe(new Evidence()));
            List<Inet6Address> linkLocal = lab.addresses(client, "cli0", "link").stream().map(Addresses::parse6)
                    .toList();
            assertFalse(linkLocal.contains(MacAddress.parse(mac).linkLocal()),
                    () -> "dhcpcd kept the EUI-64 link-local " + linkLocal + ": this test needs its stable-private one"
                            + evidence(running));
            assertEquals(Duid.LLT, bound.duid().type(), () -> "dhcpcd sent " + bound + evidence(running));
            assertEquals(expected, bound.address(), () -> "dhcpcd got " + bound + ", not " + PREFIX + " + " + mac
                    + " = " + expected.getHostAddress() + evidence(running));
            Bindings.assertRecorded(daemon, bound, expected, mac, 1, HwAddrSource.DUID, () -> evidence(running));
        } finally {
            running.stop();
            lab.exec(client, "ip", "-6", "address", "flush", "dev", "cli0", "scope", "global");
        }
    }

    private static String evidence(RealClient running) {
        Evidence evidence = new Evidence();
        daemon.describe(evidence);
        running.describe(evidence);
        return evidence.section("ip -6 address in " + client, lab.describe(client)).toString();
    }
}
