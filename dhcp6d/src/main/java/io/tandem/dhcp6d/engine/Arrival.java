package io.tandem.dhcp6d.engine;

import java.util.Locale;

/**
 * How a datagram reached dhcp6d, as the socket it came in on tells (Java has no IPv6 packet
 * info): the interface, and whether the sender addressed the DHCPv6 multicast group, one of the
 * server's own unicast addresses, or the relay-facing socket.
 *
 * @param interfaceName the arrival interface; empty when it cannot be told (a global sender on
 *                      the relay-facing socket with no served interface on its prefix)
 */
public record Arrival(String interfaceName, Addressing addressing) {
    /** What the sender sent to. */
    public enum Addressing {
        /** All_DHCP_Relay_Agents_and_Servers (ff02::1:2) on the interface: a client on the link. */
        MULTICAST,
        /** The interface's link-local address. */
        UNICAST_LINK_LOCAL,
        /** A global address configured for the interface ({@code "eth0/2001:db8::1"}). */
        UNICAST_GLOBAL,
        /**
         * The relay-facing socket (the server port on {@code [::]}): relays, and senders that unicast
         * to an address without a socket of its own. It receives no multicast.
         */
        RELAY_SOCKET;

        /** The lower-case form logs use: {@code unicast-link-local}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
