package io.tandem.dhcp6d.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.MessageType4;
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
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * dhcp6d's end of the 4o6 port pair in an {@link EmbeddedChannel}: queries go to dhcp4o6d at
 * {@code [::1]:P+1}, and each answer goes on to where its metadata says the query came from, on
 * 546, 547 or the relay's RFC 8357 port; a failure on one answer is counted and the next goes on.
 */
class Dhcp4o6BridgeTest {
    static final int PORT = 6767;
    static final InetSocketAddress PARTNER = new InetSocketAddress(Addresses.parse6("::1"), PORT + 1);
    static final Inet6Address CLIENT = Addresses.parse6("2001:db8:0:1::77");
    static final Inet6Address RELAY = Addresses.parse6("2001:db8:ff::2");

    /** One datagram handed to the DHCPv6 socket for a client. */
    private record ToClient(byte[] datagram, InetSocketAddress destination) {
    }

    final List<ToClient> toClients = new ArrayList<>();
    RuntimeException nextFailure;
    final InterfaceDirectory interfaces = InterfaceDirectory.start(Duration.ofMinutes(1));
    final Dhcp4o6Bridge bridge = new Dhcp4o6Bridge(PORT, interfaces, (datagram, destination) -> {
        RuntimeException failure = nextFailure;
        nextFailure = null;
        if (failure != null) {
            throw failure;
        }
        toClients.add(new ToClient(datagram, destination));
    });
    final EmbeddedChannel channel = new EmbeddedChannel(bridge);

    @AfterEach
    void stop() {
        interfaces.close();
        assertFalse(channel.finish(), "nothing left in the channel");
    }

    static Dhcp4o6Message response() {
        return response(0x12345678);
    }

    /** A DHCPV4-RESPONSE whose DHCPv4 message is a BOOTREPLY with transaction id {@code xid}. */
    static Dhcp4o6Message response(int xid) {
        return new Dhcp4o6Message(MessageType6.DHCPV4_RESPONSE, Dhcp4o6Message.UNICAST_FLAG,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.fromHex("02010600%08x".formatted(xid)))));
    }

    /** A DHCPV4-QUERY whose DHCPv4 message is a BOOTREQUEST with transaction id {@code xid}. */
    static byte[] query(int xid) {
        return Dhcp6Codec.encode(new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.fromHex("01010600%08x".formatted(xid))))));
    }

    static RelayMessage relayReply(Dhcp6Message inner, Option6... options) {
        List<Option6> all = new ArrayList<>(List.of(options));
        all.add(new Option6.RelayedMessage(inner));
        return new RelayMessage(MessageType6.RELAY_REPL, 0, Addresses.parse6("2001:db8:0:2::1"),
                Addresses.parse6("fe80::5054:ff:fe12:3456"), new Options6(all));
    }

    private void answer(Dhcp6Message message, Inet6Address source, int sourcePort) {
        answer(message, "lo", source, sourcePort);
    }

    private void answer(Dhcp6Message message, String interfaceName, Inet6Address source, int sourcePort) {
        byte[] datagram = Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(message, interfaceName, source, sourcePort));
        assertFalse(channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram),
                new InetSocketAddress(Addresses.parse6("::1"), PORT), PARTNER)));
    }

    @Test
    void aQueryIsForwardedToTheOtherPortOfThePair() {
        byte[] query = Bytes.fromHex("14000000").toArray();
        bridge.forward(query);
        assertNull(channel.readOutbound(), "flushed at the end of the event loop's turn");
        channel.runPendingTasks();
        DatagramPacket sent = channel.readOutbound();
        try {
            assertEquals(PARTNER, sent.recipient());
            assertEquals(Bytes.of(query), Bytes.of(ByteBufUtil.getBytes(sent.content())));
        } finally {
            sent.release();
        }
        assertEquals(1, bridge.stats().forwarded());
    }

    /** One query answered, then as many new ones forwarded as may wait at the partner, then one more: shed. */
    private void leaveThePartnerBehind() {
        bridge.forward(query(1));
        answer(response(1), CLIENT, 546);
        for (int xid = 2; xid < 2 + Dhcp4o6Bridge.MAX_BACKLOG; xid++) {
            bridge.forward(query(xid));
        }
        bridge.forward(query(1000));
    }

    @Test
    void queriesAreShedWhileThePartnerIsBehindAndForwardedAgainOnceItCatchesUp() {
        leaveThePartnerBehind();
        assertEquals(1 + Dhcp4o6Bridge.MAX_BACKLOG, bridge.stats().forwarded());
        assertEquals(1, bridge.stats().shed(), "the partner has that many waiting");

        answer(response(2), CLIENT, 546);
        bridge.forward(query(1001));
        assertEquals(2 + Dhcp4o6Bridge.MAX_BACKLOG, bridge.stats().forwarded(), "one answered: room for one");
        bridge.forward(query(1002));
        assertEquals(2, bridge.stats().shed());

        answer(response(1 + Dhcp4o6Bridge.MAX_BACKLOG), CLIENT, 546);
        bridge.forward(query(1003));
        assertEquals(3 + Dhcp4o6Bridge.MAX_BACKLOG, bridge.stats().forwarded(),
                "answers come in the order of the queries: those before the last one answered are not waiting");
        drainOutbound();
    }

    @Test
    void whileThePartnerIsBehindADhcprequestIsStillForwardedUntilItsOwnLaneIsFull() {
        leaveThePartnerBehind();
        assertEquals(1, bridge.stats().shed(), "a new exchange is shed");
        for (int xid = 2000; xid < 2000 + Dhcp4o6Bridge.MAX_ONGOING_BACKLOG; xid++) {
            bridge.forward(request(xid));
        }
        assertEquals(1 + Dhcp4o6Bridge.MAX_BACKLOG + Dhcp4o6Bridge.MAX_ONGOING_BACKLOG, bridge.stats().forwarded(),
                "the DHCPREQUESTs went on");
        bridge.forward(request(3000));
        assertEquals(2, bridge.stats().shed(), "past what the partner's lane of them holds, one is shed too");

        answer(response(2000 + Dhcp4o6Bridge.MAX_ONGOING_BACKLOG - 1), CLIENT, 546);
        bridge.forward(request(3001));
        assertEquals(2, bridge.stats().shed(), "the partner served its ongoing lane: room again");
        bridge.forward(query(1001));
        assertEquals(3, bridge.stats().shed(), "the new ones it has not served still wait");
        drainOutbound();
    }

    private static byte[] request(int xid) {
        return Dhcp6Codec.encode(Dhcp4o6PeekTest.query(xid, MessageType4.REQUEST));
    }

    @Test
    void aPartnerThatNeverAnsweredIsSentEveryQuery() {
        for (int xid = 1; xid <= 2 * Dhcp4o6Bridge.MAX_BACKLOG; xid++) {
            bridge.forward(query(xid));
        }
        assertEquals(0, bridge.stats().shed());
        assertEquals(2 * Dhcp4o6Bridge.MAX_BACKLOG, bridge.stats().forwarded());
        drainOutbound();
    }

    private void drainOutbound() {
        channel.runPendingTasks();
        for (Object sent = channel.readOutbound(); sent != null; sent = channel.readOutbound()) {
            ((DatagramPacket) sent).release();
        }
    }

    @Test
    void answersGoToTheClientOrRelayOnTheirPortWithTheFlagsCleared() throws Exception {
        answer(response(), CLIENT, 546);
        answer(relayReply(response()), RELAY, 547);
        answer(relayReply(response(), new Option6.Uint16(Dhcp6Options.RELAY_SOURCE_PORT, 0)), RELAY, 10547);
        assertEquals(List.of(new InetSocketAddress(CLIENT, 546), new InetSocketAddress(RELAY, 547),
                new InetSocketAddress(RELAY, 10547)), toClients.stream().map(ToClient::destination).toList());
        assertEquals(0, ((Dhcp4o6Message) Dhcp6Codec.decode(toClients.get(0).datagram())).flags());
        assertEquals(3, bridge.stats().answered());
    }

    @Test
    void anAnswerToALinkLocalClientLeavesByTheInterfaceItsQueryCameIn() throws Exception {
        Inet6Address linkLocal = Addresses.parse6("fe80::5054:ff:fe12:3456");
        answer(response(), "lo", linkLocal, 546);
        Inet6Address destination = (Inet6Address) toClients.get(0).destination().getAddress();
        assertEquals(NetworkInterface.getByName("lo").getIndex(), destination.getScopeId());
        assertEquals(Bytes.of(linkLocal.getAddress()), Bytes.of(destination.getAddress()));

        answer(response(), "no-such-if0", linkLocal, 546);
        assertEquals(1, toClients.size(), "no interface of that name: nowhere to send it");
        assertEquals(1, bridge.stats().badAnswers());
    }

    @Test
    void aFailureOnOneAnswerIsCountedAndTheNextGoesOn() {
        nextFailure = new IllegalStateException("a bug on the way to the client");
        answer(response(), CLIENT, 546);
        assertEquals(1, bridge.stats().badAnswers());
        assertTrue(toClients.isEmpty());

        answer(response(), CLIENT, 546);
        assertEquals(1, toClients.size());
        assertEquals(1, bridge.stats().answered());
    }

    @Test
    void aDatagramFromAnyoneButThePartnerIsRefused() {
        byte[] datagram = Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(response(), "lo", CLIENT, 546));
        assertFalse(channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram),
                new InetSocketAddress(Addresses.parse6("::1"), PORT), new InetSocketAddress(RELAY, 547))));
        assertTrue(toClients.isEmpty());
        assertEquals(1, bridge.stats().badAnswers());
    }
}
