package io.tandem.dhcp4o6d.engine;

import static io.tandem.dhcp4o6d.engine.Queries.MAC;
import static io.tandem.dhcp4o6d.engine.Queries.direct;
import static io.tandem.dhcp4o6d.engine.Queries.message;
import static io.tandem.dhcp4o6d.engine.Queries.relayed;
import static io.tandem.dhcp4o6d.engine.Queries.v4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One test per subnet selection rule (DESIGN.md, "The pair"), and a query that matches nothing. */
class SubnetSelectionTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final String SERVER_ID = "\"option-data\": [ { \"name\": \"dhcp-server-identifier\", \"data\": \"192.0.2.1\" } ],";

    /** Kea's per-subnet selectors, written out of id order on purpose. */
    static final String KEA_SELECTORS = "{ " + SERVER_ID + """
              "subnet4": [
                { "id": 30, "subnet": "10.30.0.0/16", "4o6-interface": "eth0",
                  "pools": [ { "pool": "10.30.0.10 - 10.30.0.20" } ] },
                { "id": 10, "subnet": "10.10.0.0/16", "4o6-subnet": "2001:db8:aa::/64",
                  "pools": [ { "pool": "10.10.0.10 - 10.10.0.20" } ] },
                { "id": 20, "subnet": "10.20.0.0/16", "4o6-interface-id": "relay-7",
                  "pools": [ { "pool": "10.20.0.10 - 10.20.0.20" } ] }
              ] }
            """;

    /** ISC DHCP's grouping through the shared networks' subnet6 lists. */
    static final String ISC_GROUPING = "{ " + SERVER_ID + """
              "subnet4": [ { "id": 9, "subnet": "10.9.0.0/24", "4o6-interface": "eth7",
                             "pools": [ { "pool": "10.9.0.10 - 10.9.0.20" } ] } ],
              "shared-networks": [
                { "name": "a", "subnet6": [ "2001:db8:10::/64" ], "subnet4": [
                    { "id": 1, "subnet": "10.1.0.0/24", "pools": [ { "pool": "10.1.0.10 - 10.1.0.10" } ] },
                    { "id": 2, "subnet": "10.2.0.0/24", "pools": [ { "pool": "10.2.0.10 - 10.2.0.20" } ] } ] },
                { "name": "b", "subnet6": [ "2001:db8:20::/64" ], "interface": "eth2", "subnet4": [
                    { "id": 3, "subnet": "10.3.0.0/24", "pools": [ { "pool": "10.3.0.10 - 10.3.0.20" } ] } ] },
                { "name": "c", "subnet6": [ "2001:db8:30::/64" ], "interface": "eth7", "subnet4": [
                    { "id": 4, "subnet": "10.4.0.0/24", "pools": [ { "pool": "10.4.0.10 - 10.4.0.20" } ] } ] }
              ] }
            """;

    static final HostInterfaces HOST = name -> name.equals("eth3")
            ? List.<InetAddress>of(Addresses.parse6("fe80::1"), Addresses.parse6("2001:db8:30::1")) : List.of();

    private static Dhcp4Message discover() {
        return message(MessageType4.DISCOVER, MAC, 7).build();
    }

    /** The subnet id the offered address belongs to, and the rule that chose it. */
    private static Outcome4.Reply offer(String config, Dhcp4o6Ipc.Envelope query) {
        Outcome4 outcome = new Dhcp4o6Engine(Queries.config(config), HOST).handle(query, NOW);
        return assertInstanceOf(Outcome4.Reply.class, outcome, outcome.toString());
    }

    private static void assertSubnet(String expectedAddress, String expectedRule, Outcome4.Reply offer) {
        assertEquals(v4(expectedAddress), offer.reply().yiaddr(), offer.summary());
        assertTrue(offer.summary().contains(expectedRule), offer.summary());
    }

    @Test
    void aDirectClientLandsInTheSubnetOfItsInterface() {
        assertSubnet("10.30.0.10", "4o6-interface eth0", offer(KEA_SELECTORS, direct(discover(), "eth0")));
    }

    @Test
    void fourO6SubnetMatchesTheRelaysSourceAddressAndSubnetsGoInIdOrder() {
        assertSubnet("10.10.0.10", "4o6-subnet 2001:db8:aa::/64", offer(KEA_SELECTORS,
                relayed(discover(), 0, "eth0", "2001:db8:aa::1", "2001:db8:ff::1", "relay-7")));
    }

    @Test
    void fourO6InterfaceIdMatchesTheRelaysInterfaceIdBeforeALaterSubnetsInterface() {
        assertSubnet("10.20.0.10", "4o6-interface-id relay-7", offer(KEA_SELECTORS,
                relayed(discover(), 0, "eth0", "2001:db8:bb::1", "2001:db8:ff::1", "relay-7")));
    }

    @Test
    void aRelayWithAnotherInterfaceIdLandsInTheLinksSubnet() {
        assertSubnet("10.30.0.10", "4o6-interface eth0", offer(KEA_SELECTORS,
                relayed(discover(), 0, "eth0", "2001:db8:bb::1", "2001:db8:ff::1", "relay-8")));
    }

    @Test
    void theInterfaceIdIsTheOneOfTheRelayNearestTheClient() {
        Dhcp4o6Ipc.Envelope inner = relayed(discover(), 0, "eth0", "2001:db8:bb::1", "2001:db8:ff::1", "relay-8");
        RelayMessage outer = new RelayMessage(MessageType6.RELAY_FORW, 1, Addresses.parse6("2001:db8:fe::1"),
                Addresses.parse6("2001:db8:bb::1"), Options6.of(new Option6.Raw(Dhcp6Options.INTERFACE_ID,
                        Bytes.utf8("relay-7")), new Option6.RelayedMessage(inner.message())));
        assertSubnet("10.30.0.10", "4o6-interface eth0", offer(KEA_SELECTORS,
                new Dhcp4o6Ipc.Envelope(outer, "eth0", Addresses.parse6("2001:db8:bb::9"), 547)));
    }

    @Test
    void aQueryThatMatchesNothingIsDroppedAndCounted() {
        Outcome4 outcome = new Dhcp4o6Engine(Queries.config(KEA_SELECTORS), HOST).handle(direct(discover(), "eth5"),
                NOW);
        Outcome4.Drop drop = assertInstanceOf(Outcome4.Drop.class, outcome);
        assertEquals(DropReason4.NO_SUBNET, drop.reason());
        assertTrue(drop.detail().contains("eth5"), drop.detail());
    }

    @Test
    void anInformThatMatchesNothingGetsTheTopLevelsOptionsAsFromKea() {
        HostInterfaces withIpv4 = name -> List.of(v4("192.0.2.1"));
        Outcome4 outcome = new Dhcp4o6Engine(Queries.config(KEA_SELECTORS), withIpv4).handle(direct(
                message(MessageType4.INFORM, MAC, 7).ciaddr(v4("198.51.100.9")).build(), "eth5"), NOW);
        Dhcp4Message ack = assertInstanceOf(Outcome4.Reply.class, outcome).reply();
        assertEquals(MessageType4.ACK, ack.messageType().orElseThrow());
        assertEquals(Optional.of(v4("192.0.2.1")), ack.options().serverIdentifier());
        assertTrue(ack.options().leaseTime().isEmpty());
        Outcome4 discover = new Dhcp4o6Engine(Queries.config(KEA_SELECTORS), withIpv4).handle(direct(discover(), "eth5"),
                NOW);
        assertEquals(DropReason4.NO_SUBNET, assertInstanceOf(Outcome4.Drop.class, discover).reason());
    }

    @Test
    void aGlobalClientAddressSelectsTheSharedNetworkWhoseSubnet6HoldsIt() {
        Dhcp4o6Ipc.Envelope fromGlobal = new Dhcp4o6Ipc.Envelope(Queries.query(Bytes.of(Dhcp4Codec.encode(discover())),
                0), "eth9", Addresses.parse6("2001:db8:10::5"), 546);
        assertSubnet("10.1.0.10", "shared network a by client address 2001:db8:10::5", offer(ISC_GROUPING, fromGlobal));
    }

    @Test
    void aRelayedClientSelectsByTheRelaysLinkAddress() {
        assertSubnet("10.3.0.10", "shared network b by relay link-address 2001:db8:20::1", offer(ISC_GROUPING,
                relayed(discover(), 0, "eth0", "2001:db8:99::1", "2001:db8:20::1", null)));
    }

    @Test
    void theFirstUsableLinkAddressFromTheClientOutwardCounts() {
        Dhcp4o6Ipc.Envelope inner = relayed(discover(), 0, "eth0", "2001:db8:99::1", "::", "port-1");
        RelayMessage outer = new RelayMessage(MessageType6.RELAY_FORW, 1, Addresses.parse6("2001:db8:30::1"),
                Addresses.parse6("2001:db8:99::1"), Options6.of(new Option6.RelayedMessage(inner.message())));
        assertSubnet("10.4.0.10", "shared network c by relay link-address 2001:db8:30::1", offer(ISC_GROUPING,
                new Dhcp4o6Ipc.Envelope(outer, "eth0", Addresses.parse6("2001:db8:98::1"), 547)));
    }

    @Test
    void aRelayedClientOnAnUnknownLinkIsNotPutOnTheServersLink() {
        Outcome4 outcome = new Dhcp4o6Engine(Queries.config(ISC_GROUPING), HOST).handle(
                relayed(discover(), 0, "eth2", "2001:db8:99::1", "2001:db8:99::1", null), NOW);
        assertEquals(DropReason4.NO_SUBNET, assertInstanceOf(Outcome4.Drop.class, outcome).reason());
    }

    @Test
    void aDirectLinkLocalClientSelectsTheNetworkBoundToItsInterface() {
        assertSubnet("10.3.0.10", "shared network b by interface eth2", offer(ISC_GROUPING, direct(discover(), "eth2")));
    }

    @Test
    void orTheNetworkWhoseSubnet6HoldsAnAddressOfItsInterface() {
        assertSubnet("10.4.0.10", "shared network c by an address of interface eth3",
                offer(ISC_GROUPING, direct(discover(), "eth3")));
    }

    @Test
    void keasSelectorsComeBeforeTheGrouping() {
        assertSubnet("10.9.0.10", "4o6-interface eth7", offer(ISC_GROUPING, direct(discover(), "eth7")));
    }

    @Test
    void aSharedNetworkGivesAddressesFromAllItsSubnets() {
        Dhcp4o6Engine engine = new Dhcp4o6Engine(Queries.config(ISC_GROUPING), HOST);
        Dhcp4o6Ipc.Envelope first = relayed(discover(), 0, "eth0", "2001:db8:99::1", "2001:db8:10::1", null);
        Dhcp4o6Ipc.Envelope second = relayed(message(MessageType4.DISCOVER, Queries.OTHER_MAC, 8).build(), 0, "eth0",
                "2001:db8:99::1", "2001:db8:10::1", null);
        assertEquals(v4("10.1.0.10"), assertInstanceOf(Outcome4.Reply.class, engine.handle(first, NOW)).reply().yiaddr());
        assertEquals(v4("10.2.0.10"), assertInstanceOf(Outcome4.Reply.class, engine.handle(second, NOW)).reply().yiaddr(),
                "subnet 1's pool is held for the first client: the next subnet of the network");
    }
}
