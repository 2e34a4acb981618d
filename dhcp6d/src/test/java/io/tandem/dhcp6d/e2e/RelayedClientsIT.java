package io.tandem.dhcp6d.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.NetnsLab;
import io.tandem.common.wire.Addresses;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Clients behind ISC {@code dhcrelay -6 -I}, one relay and two nested ones, get the relayed
 * subnet's prefix + their MAC. dhcrelay adds no Client Link-Layer Address option (79), so the
 * MAC comes from the EUI-64 peer-address of the relay nearest the client; its Interface-ID is a
 * 4-byte number, so the subnet is chosen by that relay's link-address.
 *
 * <pre>
 *   one:cli0 ─ r2a:relay2:r2u ─ srv0:server (dhcp6d)
 *   two:cli0 ─ r1d:relay1:r1u ─ r2b:relay2
 * </pre>
 *
 * Subnet 2 (the link of client one) is chosen by {@code relay.ip-addresses}, subnet 4 (client
 * two's link, behind both relays) by its prefix. Subnet 9 names relay2's address on the
 * relay1 link in {@code relay.ip-addresses}: a server that chose by the outer relay's
 * link-address instead of the nearest one would put client two there.
 */
@Tag("system")
class RelayedClientsIT {
    private static final String CONFIG = """
            {"Dhcp6": {
              "interfaces-config": {"interfaces": ["srv0"]},
              "preferred-lifetime": 3000, "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
              "subnet6": [
                {"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                 "mac-addressing": {"prefix": "2001:db8:2::/80"}},
                {"id": 4, "subnet": "2001:db8:4::/64",
                 "mac-addressing": {"prefix": "2001:db8:4::/80"}},
                {"id": 9, "subnet": "2001:db8:9::/64", "relay": {"ip-addresses": ["2001:db8:fe::1"]},
                 "mac-addressing": {"prefix": "2001:db8:9::/80"}}
              ]}}
            """;

    @TempDir
    static Path work;
    private static NetnsLab lab;
    private static NetnsLab.Namespace clientOne;
    private static NetnsLab.Namespace clientTwo;
    private static Dhcp6dProcess daemon;
    private static LabProcess relay1;
    private static LabProcess relay2;

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    static void startDaemonAndRelays() {
        NetnsLab.requireCommands("dhclient", "dhcrelay");
        lab = NetnsLab.create(work.resolve("lab"));
        NetnsLab.Namespace server = lab.namespace("srv");
        NetnsLab.Namespace r2 = lab.namespace("relay2");
        NetnsLab.Namespace r1 = lab.namespace("relay1");
        clientOne = lab.namespace("one");
        clientTwo = lab.namespace("two");
        lab.veth(r2, "r2u", NetnsLab.universalMac(0xe2), server, "srv0", NetnsLab.universalMac(0xfe));
        lab.veth(clientOne, "cli0", NetnsLab.universalMac(0x01), r2, "r2a", NetnsLab.universalMac(0xe3));
        lab.veth(r1, "r1u", NetnsLab.universalMac(0xe1), r2, "r2b", NetnsLab.universalMac(0xe4));
        lab.veth(clientTwo, "cli0", NetnsLab.universalMac(0x02), r1, "r1d", NetnsLab.universalMac(0xe5));
        lab.addAddress(server, "srv0", "2001:db8:ff::1/64");
        lab.addAddress(r2, "r2u", "2001:db8:ff::2/64");
        lab.addAddress(r2, "r2a", "2001:db8:2::1/64");
        lab.addAddress(r2, "r2b", "2001:db8:fe::1/64");
        lab.addAddress(r1, "r1u", "2001:db8:fe::2/64");
        lab.addAddress(r1, "r1d", "2001:db8:4::1/64");
        daemon = Dhcp6dProcess.start(lab, server, work.resolve("dhcp6d"), CONFIG);
        relay2 = startRelay(r2, "relay2", "2001:db8:ff::1%r2u", "r2a", "r2b");
        relay1 = startRelay(r1, "relay1", "2001:db8:fe::1%r1u", "r1d");
    }

    /** dhcrelay -6 in the foreground, with the Interface-ID option (-I), up to {@code upstream}. */
    private static LabProcess startRelay(NetnsLab.Namespace namespace, String name, String upstream,
            String... downstream) {
        List<String> command = new ArrayList<>(List.of("dhcrelay", "-6", "-d", "-I",
                "-pf", work.resolve(name + ".pid").toString()));
        for (String interfaceName : downstream) {
            command.add("-l");
            command.add(interfaceName);
        }
        command.add("-u");
        command.add(upstream);
        LabProcess relay = lab.start(name, namespace, command.toArray(String[]::new));
        String upstreamInterface = upstream.substring(upstream.indexOf('%') + 1);
        NetnsLab.await(Duration.ofSeconds(10), name + " to listen",
                () -> !relay.isAlive() || relay.output().contains("Sending on   Socket/" + upstreamInterface),
                relay::output);
        assertTrue(relay.isAlive(), () -> name + " exited:\n" + relay.output());
        return relay;
    }

    @AfterAll
    static void stopAll() {
        if (lab != null) {
            lab.close();
        }
    }

    @ParameterizedTest(name = "behind one relay, {0} MAC")
    @EnumSource(MacKind.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void behindOneRelay(MacKind macKind) {
        String mac = macKind.mac(0x20 + macKind.ordinal());
        int relay2Seen = relay2.output().length();
        Inet6Address expected = PrefixPlusMac.address("2001:db8:2::/80", mac);
        RealClient.Bound bound = runClient(clientOne, mac, expected, 2, "one-" + macKind);
        String linkLocal = Addresses.text(MacAddress.parse(mac).linkLocal());
        String relay2Now = relay2.output().substring(relay2Seen);
        assertTrue(relay2Now.contains("Relaying Reply to " + linkLocal + " port 546 down."),
                () -> "relay2 did not pass dhcp6d's Relay-Reply on to the client (" + bound + ")" + evidence(null));
    }

    @ParameterizedTest(name = "behind two nested relays, {0} MAC")
    @EnumSource(MacKind.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void behindTwoNestedRelays(MacKind macKind) {
        String mac = macKind.mac(0x30 + macKind.ordinal());
        int relay1Seen = relay1.output().length();
        int relay2Seen = relay2.output().length();
        Inet6Address expected = PrefixPlusMac.address("2001:db8:4::/80", mac);
        RealClient.Bound bound = runClient(clientTwo, mac, expected, 4, "two-" + macKind);
        String linkLocal = Addresses.text(MacAddress.parse(mac).linkLocal());
        String relay1Now = relay1.output().substring(relay1Seen);
        String relay2Now = relay2.output().substring(relay2Seen);
        assertTrue(relay2Now.contains("Relaying Relay-forward from 2001:db8:fe::2 port 547 going up.")
                && relay2Now.contains("Relaying Relay-reply to 2001:db8:fe::2 port 547 down."),
                () -> "relay2 did not carry relay1's Relay-Forward up and the Relay-Reply back down (" + bound + ")"
                        + evidence(null));
        assertTrue(relay1Now.contains("Relaying Reply to " + linkLocal + " port 546 down."),
                () -> "relay1 did not pass the Reply on to the client (" + bound + ")" + evidence(null));
    }

    private RealClient.Bound runClient(NetnsLab.Namespace namespace, String mac, Inet6Address expected,
            long subnetId, String name) {
        lab.setMac(namespace, "cli0", mac);
        RealClient client = RealClient.Kind.DHCLIENT_DUID_LL.start(lab, namespace, "cli0", work.resolve(name));
        try {
            RealClient.Bound bound = client.awaitBound(Duration.ofSeconds(20), RelayedClientsIT::evidenceBuilder);
            assertEquals(expected, bound.address(), () -> "the client behind the relay got " + bound + ", not "
                    + expected.getHostAddress() + " (the relayed subnet's prefix + " + mac + ")" + evidence(client));
            // The MAC comes from the peer-address: dhcrelay sends no option 79, and the DUID-LL
            // (which holds the MAC too) comes after the link-local in the default order.
            Bindings.assertRecorded(daemon, bound, expected, mac, subnetId, HwAddrSource.IPV6_LINK_LOCAL,
                    () -> evidence(client));
            return bound;
        } finally {
            client.stop();
            lab.exec(namespace, "ip", "-6", "address", "flush", "dev", "cli0", "scope", "global");
        }
    }

    private static Evidence evidenceBuilder() {
        Evidence evidence = new Evidence();
        daemon.describe(evidence);
        evidence.section("relay1 (" + relay1 + ") output", relay1.output());
        evidence.section("relay2 (" + relay2 + ") output", relay2.output());
        return evidence;
    }

    private static String evidence(RealClient client) {
        Evidence evidence = evidenceBuilder();
        if (client != null) {
            client.describe(evidence);
        }
        return evidence.toString();
    }
}
