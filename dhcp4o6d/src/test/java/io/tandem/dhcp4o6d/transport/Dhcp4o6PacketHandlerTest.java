package io.tandem.dhcp4o6d.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.common.daemon.ServingSteps;
import io.tandem.client.ClientMessages;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp4o6Peek;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import io.tandem.dhcp4o6d.engine.DropReason4;
import io.tandem.dhcp4o6d.engine.Outcome4;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp4o6d's packet handler in an {@link EmbeddedChannel}, over the real engine and no socket:
 * answers go back to the partner, and strangers, garbage and engine failures are each counted as
 * what they are, without harm to the channel. Lease rows before answers on a real port pair:
 * {@link Dhcp4o6TransportTest}.
 */
class Dhcp4o6PacketHandlerTest {
    static final InetSocketAddress PARTNER = new InetSocketAddress(Addresses.parse6("::1"), 6767);
    static final InetSocketAddress OWN_PORT = new InetSocketAddress(Addresses.parse6("::1"), 6768);

    @TempDir
    Path directory;

    Dhcp4o6Engine engine;
    Dhcp4o6Counters counters = new Dhcp4o6Counters();
    ClientMessages client = new ClientMessages(Bytes.fromHex("00005e005301"));
    /** Thrown by the engine on the next datagram, when set. */
    RuntimeException nextFailure;
    /** The DHCPv4 message type of each query the engine was given, in order. */
    final List<Integer> served = new ArrayList<>();
    EmbeddedChannel channel;

    @BeforeEach
    void start() throws Exception {
        engine = new Dhcp4o6Engine(Dhcp4ConfigParser.parse(Dhcp4o6TransportTest.CONFIG, directory).config(),
                name -> List.of());
        channel = new EmbeddedChannel(new Dhcp4o6PacketHandler(this::decide, PARTNER, LeaseCommit.inMemory(),
                Optional.empty(), Clock.systemUTC(), counters, Optional.empty()));
    }

    @AfterEach
    void stop() {
        assertFalse(channel.finish(), "nothing left in the channel");
    }

    private Outcome4 decide(Dhcp4o6Ipc.Envelope envelope, Instant now) {
        served.add(Dhcp4o6Peek.messageType(Dhcp6Codec.encode(envelope.message())));
        RuntimeException failure = nextFailure;
        nextFailure = null;
        if (failure != null) {
            throw failure;
        }
        return engine.handle(envelope, now);
    }

    private byte[] discover() {
        return Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(ClientMessages.query(client.discover(1), false), "link0",
                Addresses.parse6("fe80::200:5eff:fe00:5301"), 546));
    }

    private void receive(byte[] datagram, InetSocketAddress sender) {
        assertFalse(channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), OWN_PORT, sender)),
                "the handler consumes what it reads");
    }

    private Dhcp4Message answerToPartner() throws Exception {
        DatagramPacket packet = channel.readOutbound();
        assertTrue(packet != null, "an answer was sent");
        try {
            assertEquals(PARTNER, packet.recipient());
            return ClientMessages.answer(Dhcp4o6Ipc.decode(ByteBufUtil.getBytes(packet.content())).message());
        } finally {
            packet.release();
        }
    }

    @Test
    void aQueryOfThePartnerIsAnsweredToThePartner() throws Exception {
        receive(discover(), PARTNER);
        assertEquals(MessageType4.OFFER, answerToPartner().messageType().orElseThrow());
        assertEquals(1, counters.answered());
        assertEquals(1, counters.answeredByType()[MessageType4.OFFER.code()]);
    }

    @Test
    void aStrangerIsDroppedAsAForeignSender() {
        receive(discover(), new InetSocketAddress(Addresses.parse6("::1"), 40000));
        assertNull(channel.readOutbound());
        assertEquals(Map.of(DropReason4.FOREIGN_SENDER, 1L), counters.drops());
    }

    @Test
    void aMalformedDatagramIsCountedAsMalformed() {
        receive(new byte[] {20, 0, 0, 0}, PARTNER);
        assertNull(channel.readOutbound());
        assertEquals(Map.of(DropReason4.MALFORMED_DATAGRAM, 1L), counters.drops());
    }

    @Test
    void anEngineFailureIsCountedAsSuchAndTheChannelGoesOn() throws Exception {
        nextFailure = new IllegalStateException("a bug in the engine");
        receive(discover(), PARTNER);
        assertNull(channel.readOutbound());
        assertEquals(1, counters.engineFailures());
        assertEquals(Map.of(), counters.drops(), "a bug is not a drop");

        assertTrue(channel.isActive());
        receive(discover(), PARTNER);
        assertEquals(MessageType4.OFFER, answerToPartner().messageType().orElseThrow());
        assertEquals(2, counters.received());
    }

    private DatagramPacket fromPartner(Dhcp4o6Message query) {
        return new DatagramPacket(Unpooled.wrappedBuffer(Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(query, "link0",
                Addresses.parse6("fe80::200:5eff:fe00:5301"), 546))), OWN_PORT, PARTNER);
    }

    /** Runs the steps left (each waits for the loop's next turn) and releases what they sent. */
    private void runSteps(int queries) {
        for (int turn = 0; turn < 1000 && served.size() < queries; turn++) {
            channel.runPendingTasks();
        }
        for (Object sent = channel.readOutbound(); sent != null; sent = channel.readOutbound()) {
            ((DatagramPacket) sent).release();
        }
    }

    @Test
    void aRequestReadAfterAStepsWorthOfDiscoversIsServedFirst() {
        for (int i = 0; i < ServingSteps.STEP; i++) {
            channel.pipeline().fireChannelRead(fromPartner(ClientMessages.query(
                    new ClientMessages(ClientMessages.mac(0x00005e000000L, i)).discover(i), false)));
        }
        channel.pipeline().fireChannelRead(fromPartner(ClientMessages.query(
                client.request(99, Addresses.parse4("192.0.2.10"), Addresses.parse4("192.0.2.1")), false)));
        channel.pipeline().fireChannelReadComplete();
        runSteps(ServingSteps.STEP + 1);
        List<Integer> expected = new ArrayList<>(List.of(MessageType4.REQUEST.code()));
        expected.addAll(Collections.nCopies(ServingSteps.STEP, MessageType4.DISCOVER.code()));
        assertEquals(expected, served, "the DHCPREQUEST first, the DHCPDISCOVERs in the order read");
    }

    @Test
    void discoversBeyondTheirLaneAreShedOldestFirstAndCounted() {
        int read = Dhcp4o6Ipc.PARTNER_BACKLOG + 2;
        for (int i = 0; i < read; i++) {
            channel.pipeline().fireChannelRead(fromPartner(ClientMessages.query(
                    new ClientMessages(ClientMessages.mac(0x00005e000000L, i)).discover(i), false)));
        }
        channel.pipeline().fireChannelReadComplete();
        runSteps(Dhcp4o6Ipc.PARTNER_BACKLOG);
        assertEquals(Dhcp4o6Ipc.PARTNER_BACKLOG, served.size(), "the lane holds what dhcp6d lets wait here");
        assertEquals(2L, counters.drops().get(DropReason4.SHED_QUEUE_FULL));
        assertEquals(read, counters.received());
    }
}
