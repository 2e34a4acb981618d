package io.tandem.dhcp4o6d.transport;

import io.netty.channel.EventLoopGroup;
import io.tandem.common.daemon.ScratchLeases;
import io.tandem.common.daemon.UdpEndpoint;
import io.tandem.common.daemon.WarmUpLoop;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseCsv4;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import io.tandem.dhcp4o6d.config.Subnet4;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import io.tandem.dhcp4o6d.event.EventSender;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * dhcp4o6d's packet path run on made-up DORA exchanges before its port opens, so that the JIT
 * compiles it while no client waits (without it, the pair's first second of load cost 25 times the
 * CPU per DORA of full speed, and most of the first exchanges timed out). It takes the real path: a
 * socket of the port pair's kind on {@code [::1]} with an ephemeral port, read by the same
 * {@link Dhcp4o6PacketHandler} through an event loop of the same kind, the made-up partner (this
 * thread, on a socket of its own on {@code [::1]}) sending what dhcp6d forwards: DHCPV4-QUERYs from
 * a client's link-local address on the first subnet's 4o6 interface (or behind a relay with its
 * Interface-ID, or from its 4o6 subnet). Everything it touches is its own: an engine with its own
 * leases, a lease file in the temporary directory (deleted after), events sent to a socket nobody
 * reads, counters nobody shows. Nothing leaves the host's loopback. It runs until the compiler is
 * idle or its time is up ({@link WarmUpLoop}; with the launchers' C2 alone, always the time).
 */
public final class WarmUp {
    /** Clients in flight at once (at most): the reads and writes then batch as under load. */
    private static final int WINDOW = 32;
    private static final long ANSWER_TIMEOUT_MILLIS = 1000;
    /**
     * The wait for the first answers, which the interpreter computes while the engine's classes load:
     * on a busy core that took over the 1 s of the others (measured), and ended the warm-up at once. A
     * configuration that answers nothing delays the start by this much.
     */
    private static final long FIRST_ANSWER_TIMEOUT_MILLIS = 5000;
    /** How often the wait for answers looks whether the handler dropped the rest. */
    private static final int POLL_MILLIS = 20;
    /** The made-up clients' MACs count up from here (locally administered). */
    private static final long FIRST_MAC = 0x02_57_55_00_00_00L;
    private static final Inet6Address LOOPBACK = Addresses.parse6("::1");
    private static final Inet6Address CLIENT_LINK_LOCAL = Addresses.parse6("fe80::57:55ff:fe00:1");
    private static final Inet6Address RELAY = Addresses.parse6("2001:db8:ffff::1");

    private WarmUp() {
    }

    /**
     * Runs the warm-up on {@code scratch}, an engine of the daemon's configuration thrown away after,
     * as clients of the first subnet that a 4o6 selector names; empty when none does (the subnet is
     * then chosen from dhcp6d's shared networks, which made-up clients cannot be placed in).
     *
     * @param events whether the daemon sends events to dhcp6d, so the warm-up encodes them too
     * @param budget the longest it may run ({@link WarmUpLoop#budget()} for a daemon)
     */
    public static Optional<WarmUpLoop.Result> run(Dhcp4o6Engine scratch, Dhcp4Config config, boolean events,
                                                  Clock clock, Duration budget) throws IOException {
        Optional<Subnet4> subnet = config.subnets().stream().filter(Subnet4::has4o6Selector).findFirst();
        if (subnet.isEmpty()) {
            return Optional.empty();
        }
        try (ScratchLeases<Lease4> leases = ScratchLeases.open("dhcp4o6d-warm-up-", LeaseCsv4.INSTANCE,
                config.leaseDatabase().durability(), "DHCP4O6");
             DatagramSocket partner = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket eventSink = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Optional<EventSender> sender = events
                    ? Optional.of(new EventSender((InetSocketAddress) eventSink.getLocalSocketAddress()))
                    : Optional.empty();
            EventLoopGroup loop = UdpEndpoint.newEventLoop();
            try {
                Dhcp4o6Counters counters = new Dhcp4o6Counters();
                Dhcp4o6PacketHandler handler = new Dhcp4o6PacketHandler(scratch::handle,
                        (InetSocketAddress) partner.getLocalSocketAddress(), leases.commit(), sender, clock,
                        counters, Optional.empty());
                UdpEndpoint endpoint = UdpEndpoint.bind("the warm-up's 4o6 port", new InetSocketAddress(LOOPBACK, 0),
                        UdpEndpoint.Options.unicast(0), loop, handler);
                try {
                    Clients clients = new Clients(partner, endpoint.localAddress(), subnet.get(), counters,
                            window(subnet.get()));
                    return Optional.of(WarmUpLoop.run(clients::dora, budget));
                } finally {
                    endpoint.close();
                }
            } finally {
                // The loop first: the sender's lingering events are its thread's until it has stopped
                loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                if (sender.isPresent()) {
                    sender.get().close();
                }
            }
        }
    }

    /** Clients in flight: {@value #WINDOW}, or fewer when the subnet's pools have fewer addresses (none is left wanting one). */
    private static int window(Subnet4 subnet) {
        long addresses = subnet.pools().stream().mapToLong(pool -> pool.range().size()).sum();
        return (int) Math.max(1, Math.min(WINDOW, addresses));
    }

    /** The made-up clients, {@code window} at a time, and the partner's socket they speak through. */
    private record Clients(DatagramSocket partner, InetSocketAddress daemon, Subnet4 subnet, Dhcp4o6Counters counters,
                           int window) {
        /**
         * DISCOVER and REQUEST of clients {@code first} to {@code first + window - 1}, twice when
         * {@code first / window % 3 == 2} (about a third of all DORAs: the clients come back and find
         * their leases, a path that load meets too and that C2 code compiled for new clients only
         * would throw away; the second round reuses the first's xids, which no engine keys on), then a RELEASE of each address
         * ACKed, so that a pool of any size never runs out (one that did dropped the next DISCOVERs
         * with a warning an operator would read as a full pool, and ended the warm-up): how many DORAs
         * were ACKed.
         */
        int dora(int first) throws IOException {
            long timeout = first == 0 ? FIRST_ANSWER_TIMEOUT_MILLIS : ANSWER_TIMEOUT_MILLIS;
            Map<Integer, Dhcp4Message> acks = discoverAndRequest(first, timeout);
            int acked = acks.size();
            if (acked > 0 && first / window % 3 == 2) {
                Map<Integer, Dhcp4Message> again = discoverAndRequest(first, timeout);
                acked += again.size();
                acks.putAll(again);
            }
            release(acks.values(), timeout);
            return acked;
        }

        /** DISCOVER and REQUEST of clients {@code first} to {@code first + window - 1}: their ACKs by xid. */
        private Map<Integer, Dhcp4Message> discoverAndRequest(int first, long timeout) throws IOException {
            long dropped = dropped();
            for (int client = first; client < first + window; client++) {
                send(message(MessageType4.DISCOVER, client).build());
            }
            Map<Integer, Dhcp4Message> offers = answers(MessageType4.OFFER, window, dropped, timeout);
            dropped = dropped();
            for (Dhcp4Message offer : offers.values()) {
                int client = offer.xid();
                send(message(MessageType4.REQUEST, client)
                        .option(new Option4.Address(Dhcp4Options.REQUESTED_ADDRESS, offer.yiaddr()))
                        .option(new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER,
                                offer.options().serverIdentifier().orElse(Dhcp4Message.ANY))).build());
            }
            return offers.isEmpty() ? new HashMap<>() : answers(MessageType4.ACK, offers.size(), dropped, timeout);
        }

        /** A RELEASE of each ACKed address, waited for until the handler recorded (or dropped) them all. */
        private void release(Collection<Dhcp4Message> acks, long timeoutMillis) throws IOException {
            long settled = counters.recorded() + dropped() + acks.size();
            for (Dhcp4Message ack : acks) {
                send(message(MessageType4.RELEASE, ack.xid()).ciaddr(ack.yiaddr())
                        .option(new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER,
                                ack.options().serverIdentifier().orElse(Dhcp4Message.ANY))).build());
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (counters.recorded() + dropped() < settled && System.nanoTime() < deadline) {
                try {
                    TimeUnit.MILLISECONDS.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** A client's message as the DORA clients send it: its MAC in chaddr and client-id, a parameter list. */
        private static Dhcp4Message.Builder message(MessageType4 type, int client) {
            Bytes mac = MacAddress.fromLong(FIRST_MAC + client).bytes();
            return Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, mac).xid(client)
                    .option(Option4.messageType(type))
                    .option(new Option4.ClientId(Dhcp4Message.HTYPE_ETHERNET, mac))
                    .option(Option4.parameterRequestList(1, 3, 6, 15));
        }

        /** {@code message} in a DHCPV4-QUERY as dhcp6d hands it over for this subnet's clients. */
        private void send(Dhcp4Message message) throws IOException {
            Dhcp6Message query = new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0,
                    Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Dhcp4Codec.encodeToBytes(message, Dhcp4Codec.MINIMUM_LENGTH))));
            Dhcp4o6Ipc.Envelope envelope;
            if (subnet.interface4o6().isPresent()) {
                envelope = new Dhcp4o6Ipc.Envelope(query, subnet.interface4o6().get(), CLIENT_LINK_LOCAL, 546);
            } else if (subnet.interfaceId4o6().isPresent()) {
                envelope = new Dhcp4o6Ipc.Envelope(new RelayMessage(MessageType6.RELAY_FORW, 0, RELAY, CLIENT_LINK_LOCAL,
                        Options6.of(new Option6.Raw(Dhcp6Options.INTERFACE_ID, subnet.interfaceId4o6().get()),
                                new Option6.RelayedMessage(query))), "", RELAY, 547);
            } else {
                envelope = new Dhcp4o6Ipc.Envelope(query, "", subnet.subnet4o6().orElseThrow().network(), 546);
            }
            byte[] datagram = Dhcp4o6Ipc.encode(envelope);
            partner.send(new DatagramPacket(datagram, datagram.length, daemon));
        }

        /**
         * The answers of {@code type} to {@code sent} queries, by xid: until each query is answered or
         * dropped by the handler (counted since {@code droppedBefore}: a pool run out drops its
         * DHCPDISCOVERs, and a small pool runs out at once), or none has come for {@code timeoutMillis}.
         */
        private Map<Integer, Dhcp4Message> answers(MessageType4 type, int sent, long droppedBefore, long timeoutMillis)
                throws IOException {
            Map<Integer, Dhcp4Message> answers = new HashMap<>();
            byte[] buffer = new byte[UdpEndpoint.MAX_DATAGRAM];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            partner.setSoTimeout(POLL_MILLIS);
            long lastAnswer = System.nanoTime();
            while (answers.size() + dropped() - droppedBefore < sent) {
                try {
                    partner.receive(packet);
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - lastAnswer > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                        break;
                    }
                    continue;
                }
                lastAnswer = System.nanoTime();
                answer(Arrays.copyOf(buffer, packet.getLength())).filter(message -> message.messageType()
                        .filter(type::equals).isPresent()).ifPresent(message -> answers.put(message.xid(), message));
            }
            return answers;
        }

        /** The queries the handler has dropped so far (a pool run out, among others). */
        private long dropped() {
            return counters.drops().values().stream().mapToLong(Long::longValue).sum();
        }

        private static Optional<Dhcp4Message> answer(byte[] datagram) {
            try {
                Dhcp6Message message = Dhcp4o6Ipc.decode(datagram).message();
                while (message instanceof RelayMessage relay && relay.relayed().isPresent()) {
                    message = relay.relayed().get();
                }
                if (message instanceof Dhcp4o6Message response) {
                    Optional<Bytes> dhcpv4 = response.options().dhcpv4Message();
                    if (dhcpv4.isPresent()) {
                        return Optional.of(Dhcp4Codec.decode(dhcpv4.get()));
                    }
                }
                return Optional.empty();
            } catch (DecodeException e) {
                throw new IllegalStateException("dhcp4o6d's own answer does not decode", e);
            }
        }
    }
}
