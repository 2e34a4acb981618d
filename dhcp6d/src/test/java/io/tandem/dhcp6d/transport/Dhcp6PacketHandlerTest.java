package io.tandem.dhcp6d.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.common.daemon.ServingSteps;
import io.tandem.common.config.LeaseDatabaseConfig;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.event.EventBus;
import io.tandem.common.event.EventTable;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import io.tandem.dhcp6d.engine.Arrival;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import io.tandem.dhcp6d.engine.DropReason6;
import io.tandem.dhcp6d.engine.Inbound6;
import io.tandem.dhcp6d.engine.Outcome6;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d's packet handler in an {@link EmbeddedChannel}, over the real engine and no socket: where
 * replies go, that a reply with lease rows waits for them, and that drops and engine failures are
 * counted without harm to the channel. Joining multicast groups needs a socket: the loopback ITs.
 */
class Dhcp6PacketHandlerTest {
    /** Served on {@code lo}, whose index a scoped link-local sender carries as its scope. */
    static final String CONFIG = """
            {"Dhcp6": {
              "interfaces-config": {"interfaces": ["lo"]},
              "subnet6": [
                {"id": 1, "subnet": "2001:db8:0:1::/64", "interface": "lo", "rapid-commit": true,
                 "pools": [{"pool": "2001:db8:0:1::1000 - 2001:db8:0:1::1fff"}]},
                {"id": 2, "subnet": "2001:db8:0:2::/64",
                 "pools": [{"pool": "2001:db8:0:2::1000 - 2001:db8:0:2::1fff"}]}
              ]
            }}
            """;
    static final Duid SERVER = Duid.fromHex("00010001" + "2a3b4c5d" + "00005e0053fe");
    static final Duid CLIENT = Duid.fromHex("00010001" + "30000000" + "525400123456");
    static final InetSocketAddress SERVER_PORT = new InetSocketAddress(Addresses.parse6("ff02::1:2"), 547);
    static final Inet6Address RELAY = Addresses.parse6("2001:db8:ff::2");

    InterfaceDirectory interfaces;
    Dhcp6Engine engine;
    Dhcp6Counters counters = new Dhcp6Counters();
    EventBus events = new EventBus(new EventTable(100, 10));
    @TempDir
    Path directory;
    Path leasePath;
    LeaseFile<Lease6> leaseFile;
    /** Thrown by the engine on the next datagram, when set. */
    RuntimeException nextFailure;
    EmbeddedChannel channel;

    @BeforeEach
    void start() throws Exception {
        interfaces = InterfaceDirectory.start(Duration.ofMinutes(1));
        engine = new Dhcp6Engine(Dhcp6ConfigParser.parse(CONFIG, Path.of(".")).config(),
                new Dhcp6Engine.Settings(SERVER, 547, 546, 0), name -> List.of(), Clock.systemUTC());
        leasePath = directory.resolve("leases6.csv");
        leaseFile = LeaseFile.open(leasePath, LeaseCsv6.INSTANCE);
        channel = new EmbeddedChannel(new Dhcp6PacketHandler(this::decide,
                new MulticastOrRelaySocket(new RelaySocketArrival(interfaces, List.of("lo"))),
                new ServingLoop(LeaseCommit.to(leaseFile, LeaseDatabaseConfig.Durability.WRITE, "DHCP6"), counters), events,
                datagram -> {
                    throw new AssertionError("nothing here is for dhcp4o6d");
                }, counters, Optional.empty()));
    }

    @AfterEach
    void stop() throws Exception {
        assertFalse(channel.finish(), "nothing left in the channel");
        interfaces.close();
        leaseFile.close();
    }

    /**
     * The arrivals these datagrams have in dhcp6d: a direct client's (link-local) by the multicast
     * group of {@code lo}, as its multicast socket marks them (a direct Solicit by unicast is
     * discarded), a relay's by the relay-facing socket.
     */
    private record MulticastOrRelaySocket(RelaySocketArrival relaySocket) implements Function<Inet6Address, Arrival> {
        @Override
        public Arrival apply(Inet6Address source) {
            return source.isLinkLocalAddress() ? new Arrival("lo", Arrival.Addressing.MULTICAST) : relaySocket.apply(source);
        }
    }

    private Outcome6 decide(Inbound6 inbound) {
        RuntimeException failure = nextFailure;
        nextFailure = null;
        if (failure != null) {
            throw failure;
        }
        return engine.handle(inbound);
    }

    /** {@code fe80::5054:ff:fe12:3456%lo}: a direct client's source as the kernel reports it. */
    static Inet6Address linkLocalOnLo() throws Exception {
        return Inet6Address.getByAddress(null, Addresses.parse6("fe80::5054:ff:fe12:3456").getAddress(),
                NetworkInterface.getByName("lo").getIndex());
    }

    static ClientServerMessage solicit(Option6... extra) {
        List<Option6> options = new ArrayList<>(List.of(new Option6.DuidOption(Dhcp6Options.CLIENTID, CLIENT),
                new Option6.IaNa(1, 0, 0, Options6.NONE)));
        options.addAll(List.of(extra));
        return new ClientServerMessage(MessageType6.SOLICIT, 0x123456, new Options6(options));
    }

    static RelayMessage relayed(Dhcp6Message message, Option6... relayOptions) {
        List<Option6> options = new ArrayList<>(List.of(relayOptions));
        options.add(new Option6.RelayedMessage(message));
        return new RelayMessage(MessageType6.RELAY_FORW, 0, Addresses.parse6("2001:db8:0:2::1"),
                Addresses.parse6("fe80::5054:ff:fe12:3456"), new Options6(options));
    }

    private void receive(byte[] datagram, InetSocketAddress sender) {
        assertFalse(channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), SERVER_PORT, sender)),
                "the handler consumes what it reads");
    }

    /** The next datagram sent: where to, and what. */
    private record Sent(InetSocketAddress recipient, Dhcp6Message message) {
    }

    private Sent sent() throws Exception {
        DatagramPacket packet = channel.readOutbound();
        assertTrue(packet != null, "a datagram was sent");
        try {
            return new Sent(packet.recipient(), Dhcp6Codec.decode(ByteBufUtil.getBytes(packet.content())));
        } finally {
            packet.release();
        }
    }

    @Test
    void aScopedLinkLocalSenderIsAnsweredAtItsAddressOnTheClientPort() throws Exception {
        Inet6Address client = linkLocalOnLo();
        receive(Dhcp6Codec.encode(solicit()), new InetSocketAddress(client, 546));
        Sent advertise = sent();
        assertEquals(MessageType6.ADVERTISE, advertise.message().type());
        Inet6Address to = (Inet6Address) advertise.recipient().getAddress();
        assertEquals(client, to);
        assertEquals(client.getScopeId(), to.getScopeId(), "out of the interface it came in on");
        assertEquals(546, advertise.recipient().getPort());
        assertEquals(1, counters.received());
        assertEquals(1, counters.receivedByType()[MessageType6.SOLICIT.code()]);
        assertEquals(1, counters.sentByType()[MessageType6.ADVERTISE.code()]);
    }

    @Test
    void aRelayIsAnsweredOnTheServerPortOrOnItsRelaySourcePort() throws Exception {
        receive(Dhcp6Codec.encode(relayed(solicit())), new InetSocketAddress(RELAY, 547));
        Sent plain = sent();
        assertEquals(new InetSocketAddress(RELAY, 547), plain.recipient());
        assertEquals(MessageType6.RELAY_REPL, plain.message().type());

        receive(Dhcp6Codec.encode(relayed(solicit(), new Option6.Uint16(Dhcp6Options.RELAY_SOURCE_PORT, 0))),
                new InetSocketAddress(RELAY, 10547));
        assertEquals(new InetSocketAddress(RELAY, 10547), sent().recipient(), "RFC 8357: the port it sent from");
    }

    @Test
    void aReplyWithLeaseRowsLeavesAtTheEndOfTheServingStepOnceTheyAreWritten() throws Exception {
        long published = events.published();
        channel.pipeline().fireChannelRead(new DatagramPacket(Unpooled.wrappedBuffer(Dhcp6Codec.encode(
                solicit(new Option6.Empty(Dhcp6Options.RAPID_COMMIT)))), SERVER_PORT,
                new InetSocketAddress(linkLocalOnLo(), 546)));
        assertNull(channel.readOutbound(), "nothing leaves while the burst is read");
        assertEquals(List.of(), LeaseFile.load(leasePath, LeaseCsv6.INSTANCE).leases());
        assertEquals(published, events.published(), "no event before the lease is recorded");

        channel.pipeline().fireChannelReadComplete();
        assertEquals(1, LeaseFile.load(leasePath, LeaseCsv6.INSTANCE).leases().size(), "recorded at the step's end");
        assertEquals(MessageType6.REPLY, sent().message().type());
        assertTrue(events.published() > published, "its events go on the bus with it");
    }

    @Test
    void aRequestReadAfterAStepsWorthOfSolicitsIsServedInTheFirstStep() throws Exception {
        InetSocketAddress client = new InetSocketAddress(linkLocalOnLo(), 546);
        for (int i = 0; i < ServingSteps.STEP; i++) {
            channel.pipeline().fireChannelRead(new DatagramPacket(Unpooled.wrappedBuffer(Dhcp6Codec.encode(solicit())),
                    SERVER_PORT, client));
        }
        ClientServerMessage request = new ClientServerMessage(MessageType6.REQUEST, 0x654321, new Options6(List.of(
                new Option6.DuidOption(Dhcp6Options.CLIENTID, CLIENT), new Option6.DuidOption(Dhcp6Options.SERVERID, SERVER),
                new Option6.IaNa(1, 0, 0, Options6.NONE))));
        channel.pipeline().fireChannelRead(new DatagramPacket(Unpooled.wrappedBuffer(Dhcp6Codec.encode(request)),
                SERVER_PORT, client));
        channel.pipeline().fireChannelReadComplete();
        channel.runPendingTasks();
        List<MessageType6> types = new ArrayList<>();
        for (DatagramPacket packet = channel.readOutbound(); packet != null; packet = channel.readOutbound()) {
            try {
                types.add(Dhcp6Codec.decode(ByteBufUtil.getBytes(packet.content())).type());
            } finally {
                packet.release();
            }
        }
        // The first step's Advertises leave as they are served, its Reply once its row is written at the step's end
        List<MessageType6> expected = new ArrayList<>(Collections.nCopies(ServingSteps.STEP - 1, MessageType6.ADVERTISE));
        expected.add(MessageType6.REPLY);
        expected.add(MessageType6.ADVERTISE);
        assertEquals(expected, types, "the Request in the first step, the last Solicit in the next");
    }

    @Test
    void aReplyWhoseRowsCannotBeWrittenIsDroppedAndCounted() throws Exception {
        leaseFile.close();
        receive(Dhcp6Codec.encode(solicit(new Option6.Empty(Dhcp6Options.RAPID_COMMIT))),
                new InetSocketAddress(linkLocalOnLo(), 546));
        assertNull(channel.readOutbound());
        assertEquals(0, counters.sent());
        assertEquals(Map.of(DropReason6.LEASE_NOT_RECORDED, 1L), counters.drops());

        receive(Dhcp6Codec.encode(solicit()), new InetSocketAddress(linkLocalOnLo(), 546));
        assertEquals(MessageType6.ADVERTISE, sent().message().type(), "an answer without rows does not wait");
    }

    @Test
    void aMalformedDatagramIsCountedUnderMalformed() throws Exception {
        receive(new byte[] {1, 2, 3}, new InetSocketAddress(linkLocalOnLo(), 546));
        assertNull(channel.readOutbound());
        assertEquals(Map.of(DropReason6.MALFORMED, 1L), counters.drops());
    }

    @Test
    void anEngineFailureIsCountedAsSuchAndTheChannelGoesOn() throws Exception {
        nextFailure = new IllegalStateException("a bug in the engine");
        InetSocketAddress client = new InetSocketAddress(linkLocalOnLo(), 546);
        receive(Dhcp6Codec.encode(solicit()), client);
        assertNull(channel.readOutbound());
        assertEquals(1, counters.engineFailures());
        assertEquals(Map.of(), counters.drops(), "a bug is not a drop");

        assertTrue(channel.isActive());
        receive(Dhcp6Codec.encode(solicit()), client);
        assertInstanceOf(ClientServerMessage.class, sent().message());
        assertEquals(1, counters.engineFailures());
    }
}
