package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.UnattributedEvent;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.netboot.BootStage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The events of one answered exchange, seen-not-served and no MAC found among them. */
class ExchangeEventsTest {
    private static final ClientMac MAC = new ClientMac(MacAddress.parse("52:54:00:12:34:56"),
            HwAddrSource.IPV6_LINK_LOCAL);
    private static final Duid DUID = Duid.fromHex("00030001525400123456");
    private static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");

    @Test
    void aMacThatAskedAndGotNoAddressIsNotServedWithTheReason() {
        ClientServerMessage solicit = Dhcp6Messages.solicit(DUID).iaNa(1).build();
        List<Option6> answer = List.of(new Option6.IaNa(1, 0, 0, Options6.of(Option6.StatusCode.of(
                Option6.StatusCode.NO_ADDRS_AVAIL, "the pool is full"))));
        List<BootEvent> events = ExchangeEvents.of(solicit, false, MAC, BootStage.OS, answer, Optional.empty(), NOW);
        assertEquals(List.of(new BootEvent(MAC.mac(), "not_served", NOW, Map.of("duid", DUID.bytes().colonHex(),
                "mac-source", "ipv6-link-local", "iaid", "1", "message", "SOLICIT",
                "reason", "NoAddrsAvail: the pool is full"))), events);
    }

    @Test
    void anAddressGivenIsAdvertisedAsBefore() {
        ClientServerMessage solicit = Dhcp6Messages.solicit(DUID).iaNa(1).build();
        List<Option6> answer = List.of(new Option6.IaNa(1, 1000, 2000, Options6.of(new Option6.IaAddress(
                Addresses.parse6("2001:db8::5254:12:3456"), 3000, 4000, Options6.NONE))));
        List<BootEvent> events = ExchangeEvents.of(solicit, false, MAC, BootStage.OS, answer, Optional.empty(), NOW);
        assertEquals(List.of("advertised"), events.stream().map(BootEvent::name).toList());
        assertEquals("2001:db8::5254:12:3456", events.get(0).details().get("address"));
    }

    @Test
    void aClientWithNoMacIsNoMacUnderItsDuidWithWhatItAskedAndWhereFrom() {
        Duid enterprise = Duid.fromHex("0002000000090c0c0c0c0c0c");
        ClientServerMessage solicit = Dhcp6Messages.solicit(enterprise).iaNa(3).build();
        List<Option6> answer = List.of(new Option6.IaNa(3, 1000, 2000, Options6.of(new Option6.IaAddress(
                Addresses.parse6("2001:db8:9::17"), 3000, 4000, Options6.NONE))));
        RelayMessage relay = new RelayMessage(MessageType6.RELAY_FORW, 0, Addresses.parse6("2001:db8:9::1"),
                Addresses.parse6("fe80::a8c1:ab12:3456:7890"), Options6.NONE);
        UnattributedEvent noMac = ExchangeEvents.noMac(solicit, false, answer, Optional.of(relay),
                relay.peerAddress(), "relay link-address 2001:db8:9::1", NOW).orElseThrow();
        assertEquals(new UnattributedEvent(enterprise.bytes().colonHex(), "no_mac", NOW, Map.of(
                "duid", enterprise.bytes().colonHex(), "duid-type", "duid-en", "message", "SOLICIT",
                "outcome", "advertised", "address", "2001:db8:9::17", "iaid", "3",
                "link", "relay link-address 2001:db8:9::1", "relay", "2001:db8:9::1",
                "source", "fe80::a8c1:ab12:3456:7890")), noMac);
        assertEquals(List.of("duid", "duid-type", "message", "outcome", "address", "iaid", "link", "relay", "source"),
                List.copyOf(noMac.details().keySet()), "in the order written");
        assertEquals("{\"event\":\"no_mac\",\"timestamp\":\"2026-12-05T01:00:00.000000000Z\","
                + "\"duid\":\"00:02:00:00:00:09:0c:0c:0c:0c:0c:0c\",\"duid-type\":\"duid-en\","
                + "\"message\":\"SOLICIT\",\"outcome\":\"advertised\",\"address\":\"2001:db8:9::17\","
                + "\"iaid\":\"3\",\"link\":\"relay link-address 2001:db8:9::1\",\"relay\":\"2001:db8:9::1\","
                + "\"source\":\"fe80::a8c1:ab12:3456:7890\"}", noMac.toJson().toString());
    }

    @Test
    void aClientWithNoMacThatGotNoAddressSaysWhyAndAnInformationRequestMakesNothing() {
        Duid uuid = Duid.fromHex("0004" + "11223344556677889900aabbccddeeff");
        ClientServerMessage request = Dhcp6Messages.request(uuid).iaNa(1).build();
        List<Option6> answer = List.of(new Option6.IaNa(1, 0, 0, Options6.of(Option6.StatusCode.of(
                Option6.StatusCode.NO_ADDRS_AVAIL, "the pool is full"))));
        UnattributedEvent noMac = ExchangeEvents.noMac(request, false, answer, Optional.empty(),
                Addresses.parse6("fe80::1c2b:3a4d:5e6f:7081"), "interface lab0", NOW).orElseThrow();
        assertEquals("not_served", noMac.details().get("outcome"));
        assertEquals("NoAddrsAvail: the pool is full", noMac.details().get("reason"));
        assertEquals("duid-uuid", noMac.details().get("duid-type"));
        assertEquals("interface lab0", noMac.details().get("link"));
        assertEquals(null, noMac.details().get("relay"), "a direct client has no relay");
        assertEquals(Optional.empty(), ExchangeEvents.noMac(Dhcp6Messages.informationRequest(uuid).build(), false,
                List.of(), Optional.empty(), Addresses.parse6("fe80::1c2b:3a4d:5e6f:7081"), "interface lab0", NOW));
    }
}
