package io.tandem.dhcp6d.engine;

import java.net.Inet6Address;

/**
 * A datagram as the transport received it: its bytes, who sent it (for a direct client, its
 * link-local address; for a relay, the relay's address), from which port, and the interface it
 * arrived on.
 */
public record Inbound6(byte[] datagram, Inet6Address source, int sourcePort, String interfaceName) {
}
