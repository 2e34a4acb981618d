package io.tandem.dhcp6d.engine;

import java.net.Inet6Address;

/**
 * A datagram as the transport received it: its bytes, who sent it (for a direct client, its
 * link-local address; for a relay, the relay's address), from which port, and how it arrived
 * (the interface, and what the sender addressed).
 */
public record Inbound6(byte[] datagram, Inet6Address source, int sourcePort, Arrival arrival) {
    /** The interface the datagram arrived on (empty when it cannot be told). */
    public String interfaceName() {
        return arrival.interfaceName();
    }
}
