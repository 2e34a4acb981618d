package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.event.BootEvent;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.dhcp6d.netboot.BootStage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The events of one answered exchange, seen-not-served among them. */
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
}
