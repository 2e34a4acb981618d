package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import io.tandem.dhcp6d.config.Subnet6;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link SubnetSelector} on its own, rule by rule, as Kea selects. */
class SubnetSelectorTest {
    static final String CONFIG = """
            {"Dhcp6": {"subnet6": [
              {"id": 1, "subnet": "2001:db8:1::/64", "interface": "lab0"},
              {"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:ff::7"]}},
              {"id": 3, "subnet": "2001:db8:3::/64", "interface-id": "port-3"},
              {"id": 4, "subnet": "2001:db8:4::/64"}]}}
            """;
    static final Inet6Address CLIENT = Addresses.parse6("fe80::1");

    static Optional<Long> select(Dhcp6Message received, String arrival, List<Inet6Address> interfaceAddresses)
            throws Exception {
        List<Subnet6> subnets = Dhcp6ConfigParser.parse(CONFIG, Path.of(".")).config().subnets();
        return SubnetSelector.select(subnets, ClientMessage.unwrap(received).orElseThrow(), arrival,
                name -> interfaceAddresses).map(Subnet6::id);
    }

    static Dhcp6Message relayed(String linkAddress, Option6... relayOptions) {
        return Dhcp6Messages.relayForward(Dhcp6Messages.solicit(Dhcp6EngineTest.OS).build(), 0,
                Addresses.parse6(linkAddress), CLIENT, relayOptions);
    }

    @Test
    void aDirectClientByTheInterfaceNameThenByTheInterfacesAddresses() throws Exception {
        Dhcp6Message direct = Dhcp6Messages.solicit(Dhcp6EngineTest.OS).build();
        assertEquals(Optional.of(1L), select(direct, "lab0", List.of(Addresses.parse6("2001:db8:4::1"))));
        assertEquals(Optional.of(4L), select(direct, "lab1", List.of(CLIENT, Addresses.parse6("2001:db8:4::1"))));
        assertEquals(Optional.empty(), select(direct, "lab1", List.of(CLIENT)));
    }

    @Test
    void aRelayedClientByInterfaceIdThenRelayAddressThenLinkAddress() throws Exception {
        assertEquals(Optional.of(3L), select(relayed("2001:db8:4::1", Dhcp6Messages.interfaceId("port-3")), "lab0",
                List.of()));
        assertEquals(Optional.of(2L), select(relayed("2001:db8:ff::7"), "lab0", List.of()));
        assertEquals(Optional.of(4L), select(relayed("2001:db8:4::1"), "lab0", List.of()));
        assertEquals(Optional.empty(), select(relayed("fe80::7"), "lab0", List.of()), "a link-local link-address");
        assertEquals(Optional.empty(), select(relayed("::"), "lab0", List.of()), "no link-address");
    }
}
