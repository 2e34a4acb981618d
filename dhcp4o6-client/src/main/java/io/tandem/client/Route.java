package io.tandem.client;

import io.tandem.common.wire.dhcp6.Dhcp6Message;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Optional;

/**
 * How the client's queries travel (RFC 7341 §5): from {@code bind} to {@code destination}, which is
 * ff02::1:2 on {@code multicastInterface} or a server's unicast address; and, when {@code relay} is
 * present, inside a Relay-Forward as a relay would send it.
 */
public record Route(InetSocketAddress bind, InetSocketAddress destination, Optional<NetworkInterface> multicastInterface,
                    Optional<Relay> relay) {
    public static final int CLIENT_PORT = 546;
    public static final int SERVER_PORT = 547;

    /** The Relay-Forward's fields; {@code sourcePortOption} adds the Relay Source Port option (RFC 8357). */
    public record Relay(Inet6Address linkAddress, Inet6Address peerAddress, String interfaceId, boolean sourcePortOption) {
    }

    /** What goes on the wire for {@code query}. */
    public Dhcp6Message wrap(Dhcp6Message query) {
        return relay.<Dhcp6Message>map(r -> ClientMessages.relayForward(query, r.linkAddress(), r.peerAddress(),
                r.interfaceId(), r.sourcePortOption() ? 0 : null)).orElse(query);
    }
}
