package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link MacFinder} on its own: each source of {@code mac-sources}, in the configured order. */
class MacFinderTest {
    static final MacAddress OPTION_79 = MacAddress.parse("00:00:5e:00:53:01");
    static final MacAddress LINK_LOCAL = MacAddress.parse("52:54:00:12:34:56");
    static final Duid DUID_LL = Duid.fromHex("00030001" + "00005e005302");
    static final List<HwAddrSource> ALL = List.of(HwAddrSource.CLIENT_LINK_ADDR_OPTION, HwAddrSource.IPV6_LINK_LOCAL,
            HwAddrSource.DUID);

    static ClientMessage relayed(Inet6Address peer, Option6... relayOptions) {
        return ClientMessage.unwrap(Dhcp6Messages.relayForward(Dhcp6Messages.solicit(DUID_LL).build(), 0,
                Addresses.parse6("2001:db8:2::1"), peer, relayOptions)).orElseThrow();
    }

    @Test
    void theFirstSourceThatHasOneWins() {
        ClientMessage client = relayed(LINK_LOCAL.linkLocal(), new Option6.ClientLinkLayerAddress(1,
                OPTION_79.bytes()));
        assertEquals(Optional.of(new ClientMac(OPTION_79, HwAddrSource.CLIENT_LINK_ADDR_OPTION)),
                MacFinder.find(client, Addresses.parse6("2001:db8:ff::2"), ALL));
        assertEquals(Optional.of(new ClientMac(LINK_LOCAL, HwAddrSource.IPV6_LINK_LOCAL)),
                MacFinder.find(client, Addresses.parse6("2001:db8:ff::2"), ALL.subList(1, 3)));
        assertEquals(Optional.of(new ClientMac(MacAddress.parse("00:00:5e:00:53:02"), HwAddrSource.DUID)),
                MacFinder.find(client, Addresses.parse6("2001:db8:ff::2"), ALL.subList(2, 3)));
    }

    @Test
    void aDirectClientsOwnLinkLocalSourceAndNoMacWithoutAnEui64() {
        ClientMessage direct = ClientMessage.unwrap(Dhcp6Messages.solicit(Dhcp6EngineTest.FIRMWARE).build())
                .orElseThrow();
        assertEquals(Optional.of(new ClientMac(LINK_LOCAL, HwAddrSource.IPV6_LINK_LOCAL)),
                MacFinder.find(direct, LINK_LOCAL.linkLocal(), ALL));
        assertEquals(Optional.empty(), MacFinder.find(direct, Addresses.parse6("fe80::1c2b:3a4d:5e6f:7081"), ALL),
                "a stable-privacy address and a DUID-UUID hold no MAC");
    }
}
