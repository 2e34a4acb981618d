package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import io.tandem.dhcp6d.config.Subnet6;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link SubnetSelector} on its own, rule by rule, as Kea 2.2 selects; each relayed case was
 * checked against kea-dhcp6 2.2 in a network namespace with the same subnets.
 */
class SubnetSelectorTest {
    static final String CONFIG = """
            {"Dhcp6": {"subnet6": [
              {"id": 1, "subnet": "2001:db8:1::/64", "interface": "lab0"},
              {"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:ff::7"]}},
              {"id": 3, "subnet": "2001:db8:3::/64", "interface-id": "port-3"},
              {"id": 4, "subnet": "2001:db8:4::/64"},
              {"id": 5, "subnet": "2001:db8:5::/64", "relay": {"ip-addresses": ["2001:db8:5::1"]}},
              {"id": 6, "subnet": "2001:db8:6::/64", "interface-id": "port-6"}]}}
            """;
    static final Inet6Address CLIENT = Addresses.parse6("fe80::1");
    static final Inet6Address RELAY = Addresses.parse6("2001:db8:ff::2");

    static Optional<Long> select(Dhcp6Message received, Inet6Address source, String arrival,
            List<Inet6Address> interfaceAddresses) throws Exception {
        List<Subnet6> subnets = Dhcp6ConfigParser.parse(CONFIG, Path.of(".")).config().subnets();
        return SubnetSelector.select(subnets, ClientMessage.unwrap(received).orElseThrow(), source, arrival,
                name -> interfaceAddresses).map(Subnet6::id);
    }

    static Optional<Long> relayedSelect(Dhcp6Message received) throws Exception {
        return select(received, RELAY, "lab9", List.of());
    }

    static RelayMessage relayed(String linkAddress, Option6... relayOptions) {
        return around(Dhcp6Messages.solicit(Dhcp6EngineTest.OS).build(), linkAddress, relayOptions);
    }

    /** {@code inner} as a relay with this link-address forwards it. */
    static RelayMessage around(Dhcp6Message inner, String linkAddress, Option6... relayOptions) {
        int hops = inner instanceof RelayMessage relay ? relay.hopCount() + 1 : 0;
        return Dhcp6Messages.relayForward(inner, hops, Addresses.parse6(linkAddress), CLIENT, relayOptions);
    }

    @Test
    void aDirectClientByTheInterfaceNameThenItsOwnAddressThenTheInterfacesAddresses() throws Exception {
        Dhcp6Message direct = Dhcp6Messages.solicit(Dhcp6EngineTest.OS).build();
        assertEquals(Optional.of(1L), select(direct, CLIENT, "lab0", List.of(Addresses.parse6("2001:db8:4::1"))));
        assertEquals(Optional.of(4L), select(direct, Addresses.parse6("2001:db8:4::99"), "lab1", List.of()),
                "a client sending from a global address, as Kea's remote address");
        assertEquals(Optional.of(4L), select(direct, CLIENT, "lab1", List.of(CLIENT, Addresses.parse6("2001:db8:4::1"))),
                "beyond Kea: the interface's address in a subnet that names no link");
        assertEquals(Optional.empty(), select(direct, CLIENT, "lab1", List.of(CLIENT)));
    }

    /** Issue 12: Kea answers NoAddrsAvail there; a subnet behind a relay is not the server's own link. */
    @Test
    void aDirectClientOnAnInterfaceWhoseAddressesAreOnlyInRelayedSubnetsHasNone() throws Exception {
        Dhcp6Message direct = Dhcp6Messages.solicit(Dhcp6EngineTest.OS).build();
        assertEquals(Optional.empty(), select(direct, CLIENT, "lab3", List.of(Addresses.parse6("2001:db8:3::1"))),
                "an interface-id subnet");
        assertEquals(Optional.empty(), select(direct, CLIENT, "lab5", List.of(Addresses.parse6("2001:db8:5::9"))),
                "a relay.ip-addresses subnet");
    }

    @Test
    void aRelayedClientByInterfaceIdThenRelayAddressThenLinkAddress() throws Exception {
        assertEquals(Optional.of(3L), relayedSelect(relayed("2001:db8:4::1", Dhcp6Messages.interfaceId("port-3"))));
        assertEquals(Optional.of(3L), relayedSelect(relayed("2001:db8:ff::7", Dhcp6Messages.interfaceId("port-3"))),
                "the Interface-ID before relay.ip-addresses");
        assertEquals(Optional.of(2L), relayedSelect(relayed("2001:db8:ff::7")));
        assertEquals(Optional.of(5L), relayedSelect(relayed("2001:db8:5::1")), "the relay address, also in the prefix");
        assertEquals(Optional.of(4L), relayedSelect(relayed("2001:db8:4::1", Dhcp6Messages.interfaceId("unknown"))),
                "an Interface-ID no subnet names, then the link-address");
        assertEquals(Optional.empty(), relayedSelect(relayed("2001:db8:99::1", Dhcp6Messages.interfaceId("unknown"))),
                "nothing matches");
    }

    /** Kea 2.2: only a link-address that names a link makes the message relayed; the Interface-ID is then unused. */
    @Test
    void relaysWithoutALinkAddressAreSelectedAsADirectClientIs() throws Exception {
        assertEquals(Optional.empty(), relayedSelect(relayed("::", Dhcp6Messages.interfaceId("port-3"))));
        assertEquals(Optional.empty(), relayedSelect(relayed("fe80::7", Dhcp6Messages.interfaceId("port-3"))));
        assertEquals(Optional.of(1L), select(relayed("::"), RELAY, "lab0", List.of()), "by the arrival interface");
        assertEquals(Optional.of(4L), select(relayed("::"), Addresses.parse6("2001:db8:4::2"), "lab9", List.of()),
                "by the relay's own address");
    }

    /** The link is the first link-address from the client outward; the Interface-ID is the nearest relay's. */
    @Test
    void throughSeveralRelays() throws Exception {
        assertEquals(Optional.of(3L), relayedSelect(around(relayed("fe80::1", Dhcp6Messages.interfaceId("port-3")),
                "2001:db8:4::5")), "the inner relay's Interface-ID, the outer relay's link-address");
        assertEquals(Optional.of(4L), relayedSelect(around(relayed("2001:db8:4::5"), "::",
                Dhcp6Messages.interfaceId("port-6"))), "only the nearest relay's Interface-ID counts");
        assertEquals(Optional.of(4L), relayedSelect(around(relayed("2001:db8:4::5"), "2001:db8:ff::7")),
                "the link-address nearest the client");
        assertEquals(Optional.of(2L), relayedSelect(around(relayed("::"), "2001:db8:ff::7")),
                "an outer relay's, when the nearest names none");
    }

    /** A direct client and relayed ones side by side: each keeps its own subnet. */
    @Test
    void aDirectClientNextToRelayedOnes() throws Exception {
        Dhcp6Message direct = Dhcp6Messages.solicit(Dhcp6EngineTest.OS).build();
        assertEquals(Optional.of(1L), select(direct, CLIENT, "lab0", List.of()));
        assertEquals(Optional.of(2L), select(relayed("2001:db8:ff::7"), RELAY, "lab0", List.of()));
        assertEquals(Optional.of(3L), select(relayed("2001:db8:1::1", Dhcp6Messages.interfaceId("port-3")), RELAY,
                "lab0", List.of()), "a relay on the direct link's prefix, naming its port");
        assertEquals(Optional.of(1L), select(relayed("2001:db8:1::1"), RELAY, "lab0", List.of()),
                "a relay on the direct link, with only its link-address");
    }
}
