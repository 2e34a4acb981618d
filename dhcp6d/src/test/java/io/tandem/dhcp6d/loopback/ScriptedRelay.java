package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.testing.ScriptedClient6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A relay on {@code [::1]} in front of dhcp6d, for clients named by their MAC: each client's
 * peer-address is the EUI-64 link-local address of its MAC (its DUID a DUID-LL of it unless the
 * test gives another), so that dhcp6d finds the MAC. The Relay Source Port option brings the answers back to this socket.
 */
final class ScriptedRelay implements AutoCloseable {
    static final Inet6Address LINK = Addresses.parse6("2001:db8:2::1");
    private static final Inet6Address LOOPBACK = Addresses.parse6("::1");

    private final DatagramSocket socket;
    private final int serverPort;

    ScriptedRelay(int serverPort) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        this.serverPort = serverPort;
    }

    /** Solicit then Request for {@code mac} with a DUID-LL: the bound address, or empty when an answer was missing. */
    Optional<Inet6Address> bind(MacAddress mac, int timeoutMillis) throws IOException {
        return bind(mac, Duid.fromHex("00030001" + mac.bytes().colonHex().replace(":", "")), List.of(), timeoutMillis);
    }

    /** Solicit then Request for {@code mac} as the client {@code duid}, with {@code extra} options in both. */
    Optional<Inet6Address> bind(MacAddress mac, Duid duid, List<Option6> extra, int timeoutMillis) throws IOException {
        return new ScriptedClient6(duid, 1, extra, message -> ask(mac, message, timeoutMillis)).bind();
    }

    /** Sends {@code message} for {@code mac} and waits for the answer with its transaction id. */
    Optional<ClientServerMessage> ask(MacAddress mac, ClientServerMessage message, int timeoutMillis)
            throws IOException {
        return forward(Dhcp6Messages.relayForward(message, 0, LINK, mac.linkLocal(),
                Dhcp6Messages.relaySourcePort(port())), timeoutMillis).map(Dhcp6Messages::innermost);
    }

    /**
     * Sends {@code forward} and returns the Relay-Reply to the message inside it, which must come
     * from the server port; other datagrams (late answers to earlier probes) are skipped.
     */
    Optional<RelayMessage> forward(RelayMessage forward, int timeoutMillis) throws IOException {
        int transactionId = Dhcp6Messages.innermost(forward).transactionId();
        byte[] datagram = Dhcp6Codec.encode(forward);
        socket.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress(LOOPBACK, serverPort)));
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] buffer = new byte[65_536];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout((int) left);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            Dhcp6Message answer;
            try {
                answer = Dhcp6Codec.decode(Arrays.copyOf(packet.getData(), packet.getLength()));
            } catch (DecodeException e) {
                throw new AssertionError("dhcp6d sent an undecodable datagram", e);
            }
            if (answer instanceof RelayMessage reply && reply.relayed().orElse(null) instanceof ClientServerMessage inner
                    && inner.transactionId() == transactionId) {
                assertEquals(serverPort, packet.getPort(), "answered from the server port");
                return Optional.of(reply);
            }
        }
    }

    /** The relay's own port, for the Relay Source Port option. */
    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
