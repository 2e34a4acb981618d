package io.tandem.common.wire.dhcp6;

import java.net.Inet6Address;
import java.util.Optional;

/**
 * Relay-Forward or Relay-Reply (RFC 9915 §9): hop count, link-address, peer-address and options,
 * one of which (relay-msg) holds the message one step closer to the client.
 */
public record RelayMessage(MessageType6 type, int hopCount, Inet6Address linkAddress, Inet6Address peerAddress,
        Options6 options) implements Dhcp6Message {
    public RelayMessage {
        if (!type.isRelay()) {
            throw new IllegalArgumentException(type + " is not a relay message");
        }
        if (hopCount >>> 8 != 0) {
            throw new IllegalArgumentException("hop count " + hopCount + " is not a byte");
        }
        Dhcp6Options.requireRecords(Dhcp6Options.DHCP6, options, true);
    }

    /** The message inside, if the relay-msg option is there. */
    public Optional<Dhcp6Message> relayed() {
        return options.relayedMessage();
    }
}
