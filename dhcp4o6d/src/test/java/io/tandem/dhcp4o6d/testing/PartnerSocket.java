package io.tandem.dhcp4o6d.testing;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The DHCPv6 side of the port pair, played by a test: bound to {@code [::1]:P}, sending Kea's
 * port-pair datagrams to dhcp4o6d at {@code [::1]:P+1} and reading its answers.
 */
public final class PartnerSocket implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress daemon;

    private PartnerSocket(DatagramSocket socket) {
        this.socket = socket;
        this.daemon = new InetSocketAddress(Addresses.parse6("::1"), socket.getLocalPort() + 1);
    }

    /** A socket on a free port P of [::1] whose P+1 is free too, for dhcp4o6d to bind. */
    public static PartnerSocket bindFreePair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramSocket candidate = new DatagramSocket(new InetSocketAddress(Addresses.parse6("::1"), 0));
            int port = candidate.getLocalPort();
            if (port < 0xfffe && isFree(port + 1)) {
                return new PartnerSocket(candidate);
            }
            candidate.close();
        }
        throw new IOException("no free port pair on [::1]");
    }

    private static boolean isFree(int port) {
        try {
            new DatagramSocket(new InetSocketAddress(Addresses.parse6("::1"), port)).close();
            return true;
        } catch (SocketException taken) {
            return false;
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public void send(Dhcp4o6Ipc.Envelope envelope) throws IOException {
        send(Dhcp4o6Ipc.encode(envelope));
    }

    public void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, daemon));
    }

    /** The next answer from dhcp4o6d, or empty after {@code timeout}; anything not from [::1]:P+1 fails. */
    public Optional<Dhcp4o6Ipc.Envelope> receive(Duration timeout) throws IOException, DecodeException {
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        if (!packet.getSocketAddress().equals(daemon)) {
            throw new AssertionError("an answer from " + packet.getSocketAddress() + ", not from " + daemon);
        }
        return Optional.of(Dhcp4o6Ipc.decode(Arrays.copyOf(buffer, packet.getLength())));
    }

    @Override
    public void close() {
        socket.close();
    }
}
