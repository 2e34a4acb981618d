package io.tandem.common.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.daemon.QueryQueue.Lane;
import io.tandem.common.daemon.QueryQueue.Shed;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp4o6PeekTest;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryQueueTest {
    final List<Shed> shed = new ArrayList<>();
    final QueryQueue<String> queue = new QueryQueue<>(2, 3, 1_000, shed::add);

    static final byte[] SOLICIT = Dhcp6Codec.encode(message(MessageType6.SOLICIT));
    static final byte[] REQUEST = Dhcp6Codec.encode(message(MessageType6.REQUEST));

    @Test
    void ongoingExchangesGoBeforeNewOnesEachInTheOrderRead() {
        queue.add("solicit 1", SOLICIT, 0);
        queue.add("request 1", REQUEST, 1);
        queue.add("solicit 2", SOLICIT, 2);
        queue.add("request 2", REQUEST, 3);
        assertEquals(List.of("request 1", "request 2", "solicit 1", "solicit 2"), drain(10));
        assertTrue(queue.isEmpty());
        assertEquals(List.of(), shed);
    }

    @Test
    void aFullLaneDropsItsOldestAndCountsIt() {
        for (int i = 1; i <= 5; i++) {
            queue.add("solicit " + i, SOLICIT, i);
        }
        queue.add("request 1", REQUEST, 6);
        assertEquals(List.of("request 1", "solicit 3", "solicit 4", "solicit 5"), drain(10));
        assertEquals(List.of(Shed.QUEUE_FULL, Shed.QUEUE_FULL), shed);
    }

    @Test
    void aQueryThatWaitedLongerThanAClientWouldIsDroppedWhenItsTurnComes() {
        queue.add("request 1", REQUEST, 0);
        queue.add("solicit 1", SOLICIT, 500);
        assertEquals("solicit 1", queue.next(1_001), "request 1 waited 1,001 ns of the 1,000 allowed");
        assertEquals(List.of(Shed.WAITED_TOO_LONG), shed);
        assertNull(queue.next(1_001));
    }

    @Test
    void aDiscoverWhoseClientsRequestCameBeforeItsTurnIsDropped() {
        QueryQueue<String> lanes = new QueryQueue<>(4, 8, 1_000, shed::add);
        lanes.add("discover a", dhcp4o6(MessageType4.DISCOVER, 7, 0xa), 0);
        lanes.add("discover a again", dhcp4o6(MessageType4.DISCOVER, 7, 0xa), 0);
        lanes.add("discover b", dhcp4o6(MessageType4.DISCOVER, 7, 0xb), 1);
        lanes.add("discover c", dhcp4o6(MessageType4.DISCOVER, 8, 0xc), 2);
        // client a chose another server's offer; c's REQUEST is of another transaction than its DISCOVER
        lanes.add("request a", dhcp4o6(MessageType4.REQUEST, 7, 0xa), 3);
        lanes.add("request c", dhcp4o6(MessageType4.REQUEST, 9, 0xc), 4);
        assertEquals(List.of("request a", "request c", "discover b", "discover c"), drain(lanes, 10));
        assertEquals(List.of(Shed.CLIENT_MOVED_ON, Shed.CLIENT_MOVED_ON), shed, "a's DISCOVER and its retransmission");
    }

    private List<String> drain(long now) {
        return drain(queue, now);
    }

    private static List<String> drain(QueryQueue<String> lanes, long now) {
        List<String> served = new ArrayList<>();
        for (String query = lanes.next(now); query != null; query = lanes.next(now)) {
            served.add(query);
        }
        return served;
    }

    @Test
    void theLaneIsTheInnermostMessageTypes() {
        assertEquals(Lane.NEW, QueryQueue.laneOf(Dhcp6Codec.encode(message(MessageType6.SOLICIT))));
        assertEquals(Lane.NEW, QueryQueue.laneOf(Dhcp6Codec.encode(message(MessageType6.INFORMATION_REQUEST))));
        for (MessageType6 type : List.of(MessageType6.REQUEST, MessageType6.RENEW, MessageType6.REBIND,
                MessageType6.RELEASE, MessageType6.DECLINE, MessageType6.CONFIRM)) {
            assertEquals(Lane.ONGOING, QueryQueue.laneOf(Dhcp6Codec.encode(message(type))), type.label());
        }
        assertEquals(Lane.ONGOING, QueryQueue.laneOf(Dhcp6Codec.encode(relayed(relayed(message(MessageType6.REQUEST))))),
                "a Request inside two relay layers, the relay message option after an Interface-ID");
        assertEquals(Lane.NEW, QueryQueue.laneOf(Dhcp6Codec.encode(relayed(message(MessageType6.SOLICIT)))));
    }

    @Test
    void aDhcpv4QueryGoesByItsDhcpv4MessageType() {
        for (MessageType4 type : List.of(MessageType4.REQUEST, MessageType4.DECLINE, MessageType4.RELEASE)) {
            assertEquals(Lane.ONGOING, QueryQueue.laneOf(Dhcp6Codec.encode(Dhcp4o6PeekTest.query(1, type))), type.name());
        }
        for (MessageType4 type : List.of(MessageType4.DISCOVER, MessageType4.INFORM)) {
            assertEquals(Lane.NEW, QueryQueue.laneOf(Dhcp6Codec.encode(Dhcp4o6PeekTest.query(1, type))), type.name());
        }
        byte[] relayedRequest = Dhcp6Codec.encode(relayed(Dhcp4o6PeekTest.query(1, MessageType4.REQUEST)));
        assertEquals(Lane.ONGOING, QueryQueue.laneOf(relayedRequest), "a relayed DHCPREQUEST");
        byte[] portPairDiscover = Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(
                relayed(Dhcp4o6PeekTest.query(2, MessageType4.DISCOVER)), "eth0", Addresses.parse6("2001:db8::1"), 547));
        assertEquals(Lane.NEW, QueryQueue.laneOf(portPairDiscover), "as dhcp4o6d reads it from the port pair");
        byte[] portPairRequest = Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(Dhcp4o6PeekTest.query(3, MessageType4.REQUEST),
                "eth0", Addresses.parse6("fe80::1"), 546));
        assertEquals(Lane.ONGOING, QueryQueue.laneOf(portPairRequest));
        assertEquals(Lane.NEW, QueryQueue.laneOf(new byte[] {20, 0, 0, 0}), "a DHCPV4-QUERY without a DHCPv4 message");
    }

    @Test
    void whatCannotBeReadGoesWithTheNewOnes() {
        assertEquals(Lane.NEW, QueryQueue.laneOf(new byte[0]));
        byte[] relayWithoutMessage = Dhcp6Codec.encode(new RelayMessage(MessageType6.RELAY_FORW, 0,
                Addresses.parse6("2001:db8::1"), Addresses.parse6("fe80::1"), Options6.NONE));
        assertEquals(Lane.NEW, QueryQueue.laneOf(relayWithoutMessage));
        byte[] cutShort = Dhcp6Codec.encode(relayed(message(MessageType6.REQUEST)));
        assertEquals(Lane.NEW, QueryQueue.laneOf(Arrays.copyOf(cutShort, 40)),
                "cut inside the Interface-ID option");
    }

    private static ClientServerMessage message(MessageType6 type) {
        return new ClientServerMessage(type, 0x123456, Options6.NONE);
    }

    private static RelayMessage relayed(Dhcp6Message message) {
        return new RelayMessage(MessageType6.RELAY_FORW, 0, Addresses.parse6("2001:db8::1"), Addresses.parse6("fe80::1"),
                new Options6(List.of(new Option6.Raw(Dhcp6Options.INTERFACE_ID, Bytes.utf8("eth0")),
                        new Option6.RelayedMessage(message))));
    }

    /** A DHCPV4-QUERY as dhcp4o6d reads it from the port pair: a DHCPv4 message of {@code type}, {@code xid} and a MAC ending in {@code client}. */
    private static byte[] dhcp4o6(MessageType4 type, int xid, int client) {
        Dhcp4Message dhcp4 = Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET,
                Bytes.fromHex("00005e0053%02x".formatted(client))).xid(xid).option(Option4.messageType(type)).build();
        Dhcp4o6Message query = new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.of(Dhcp4Codec.encode(dhcp4)))));
        return Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(query, "eth0", Addresses.parse6("fe80::1"), 546));
    }
}
