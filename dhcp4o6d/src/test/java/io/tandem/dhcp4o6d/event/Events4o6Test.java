package io.tandem.dhcp4o6d.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.client.ClientMessages;
import io.tandem.common.event.BootEvent;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 4o6 life cycle as events, from what the engine answered: one test per step. */
class Events4o6Test {
    private static final Bytes MAC = Bytes.fromHex("525400123456");
    private static final Inet6Address CLIENT = Addresses.parse6("fe80::5054:ff:fe12:3456");
    private static final Inet6Address LINK = Addresses.parse6("2001:db8:2::1");
    private static final Inet4Address SERVER_ID = Addresses.parse4("192.0.2.1");
    private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");

    private final ClientMessages client = new ClientMessages(MAC);
    private final Dhcp4o6Engine engine;

    Events4o6Test() throws Exception {
        engine = new Dhcp4o6Engine(Dhcp4ConfigParser.parse("""
                {"Dhcp4": {"subnet4": [{"id": 1, "subnet": "192.0.2.0/24", "4o6-interface": "eth0",
                  "4o6-interface-id": "swp7",
                  "option-data": [{"name": "dhcp-server-identifier", "data": "192.0.2.1"}],
                  "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]}]}}
                """, Path.of(".")).config(), name -> List.of());
    }

    private List<BootEvent> events(Dhcp4o6Ipc.Envelope envelope) {
        return Events4o6.of(envelope, engine.handle(envelope, NOW), NOW);
    }

    private static Dhcp4o6Ipc.Envelope direct(Dhcp4Message message) {
        return new Dhcp4o6Ipc.Envelope(ClientMessages.query(message, false), "eth0", CLIENT, 546);
    }

    private static BootEvent only(List<BootEvent> events) {
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }

    @Test
    void offeredThenAckedThenReleasedUnderTheClientsMac() {
        BootEvent offered = only(events(direct(client.discover(1))));
        assertEquals(MacAddress.of(MAC).orElseThrow(), offered.mac());
        assertEquals("4o6_offered", offered.name());
        assertEquals(Map.of("address", "192.0.2.10", "mac-source", "chaddr", "client-id", "01:52:54:00:12:34:56",
                "ipv6-source", "fe80::5054:ff:fe12:3456", "interface", "eth0"), offered.details());
        BootEvent acked = only(events(direct(client.request(2, Addresses.parse4("192.0.2.10"), SERVER_ID))));
        assertEquals("4o6_acked", acked.name());
        assertEquals("192.0.2.10", acked.details().get("address"));
        BootEvent released = only(events(direct(client.release(3, Addresses.parse4("192.0.2.10"), SERVER_ID))));
        assertEquals("4o6_released", released.name());
        assertEquals("192.0.2.10", released.details().get("address"));
    }

    @Test
    void aRelayedQueryNamesTheRelayAndTheClientsAddress() {
        Dhcp4o6Ipc.Envelope relayed = new Dhcp4o6Ipc.Envelope(ClientMessages.relayForward(
                ClientMessages.query(client.discover(1), false), LINK, CLIENT, "swp7", null), "eth1",
                Addresses.parse6("2001:db8:2::1"), 547);
        BootEvent offered = only(events(relayed));
        assertEquals("2001:db8:2::1", offered.details().get("relay"));
        assertEquals("fe80::5054:ff:fe12:3456", offered.details().get("ipv6-source"));
    }

    @Test
    void nakedAndDeclined() {
        // A SELECTING request without the offered address is NAKed (one for another subnet's address is not: Kea's rule).
        Dhcp4Message selectingNothing = Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, MAC).xid(1)
                .option(Option4.messageType(MessageType4.REQUEST))
                .option(new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER, SERVER_ID)).build();
        BootEvent naked = only(events(direct(selectingNothing)));
        assertEquals("4o6_naked", naked.name());
        assertEquals(null, naked.details().get("address"), "a DHCPNAK grants nothing");
        events(direct(client.discover(2)));
        events(direct(client.request(3, Addresses.parse4("192.0.2.10"), SERVER_ID)));
        Dhcp4Message decline = Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, MAC).xid(4)
                .option(Option4.messageType(MessageType4.DECLINE))
                .option(new Option4.Address(Dhcp4Options.REQUESTED_ADDRESS, Addresses.parse4("192.0.2.10")))
                .option(new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER, SERVER_ID)).build();
        BootEvent declined = only(events(direct(decline)));
        assertEquals("4o6_declined", declined.name());
        assertEquals("192.0.2.10", declined.details().get("address"));
        assertEquals("chaddr", declined.details().get("mac-source"));
    }

    @Test
    void anInformAnswerIsNoLeaseEvent() {
        Dhcp4Message inform = Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, MAC).xid(5)
                .ciaddr(Addresses.parse4("192.0.2.99")).option(Option4.messageType(MessageType4.INFORM)).build();
        assertEquals(List.of(), events(direct(inform)));
    }
}
