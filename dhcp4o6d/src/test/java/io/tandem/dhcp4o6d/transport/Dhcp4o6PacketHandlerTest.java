package io.tandem.dhcp4o6d.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.client.ClientMessages;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import io.tandem.dhcp4o6d.engine.DropReason4;
import io.tandem.dhcp4o6d.engine.Outcome4;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
}
