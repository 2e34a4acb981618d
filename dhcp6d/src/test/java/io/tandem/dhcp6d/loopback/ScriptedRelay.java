package io.tandem.dhcp6d.loopback;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
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
    private int transactionId = 0x100;

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
        Optional<ClientServerMessage> advertise = ask(mac, message(duid, MessageType6.SOLICIT, null, extra),
                timeoutMillis);
        if (advertise.isEmpty()) {
            return Optional.empty();
        }
        Duid server = advertise.get().options().serverId().orElseThrow();
        return ask(mac, message(duid, MessageType6.REQUEST, server, extra), timeoutMillis)
                .flatMap(reply -> reply.options().iaNas().stream().flatMap(ia -> ia.options().iaAddresses().stream())
                        .map(Option6.IaAddress::address).findFirst());
    }

    private ClientServerMessage message(Duid duid, MessageType6 type, Duid server, List<Option6> extra) {
        List<Option6> options = new ArrayList<>();
        options.add(new Option6.DuidOption(Dhcp6Options.CLIENTID, duid));
        if (server != null) {
            options.add(new Option6.DuidOption(Dhcp6Options.SERVERID, server));
        }
        options.add(new Option6.Uint16(Dhcp6Options.ELAPSED_TIME, 0));
        options.add(new Option6.IaNa(1, 0, 0, Options6.NONE));
        options.addAll(extra);
        transactionId = (transactionId + 1) & 0xffffff;
        return new ClientServerMessage(type, transactionId, new Options6(options));
    }

    /** Sends {@code message} for {@code mac} and waits for the answer with its transaction id. */
    Optional<ClientServerMessage> ask(MacAddress mac, ClientServerMessage message, int timeoutMillis)
            throws IOException {
        RelayMessage forward = new RelayMessage(MessageType6.RELAY_FORW, 0, LINK, mac.linkLocal(), Options6.of(
                new Option6.Uint16(Dhcp6Options.RELAY_SOURCE_PORT, socket.getLocalPort()),
                new Option6.RelayedMessage(message)));
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
                    && inner.transactionId() == message.transactionId()) {
                return Optional.of(inner);
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
