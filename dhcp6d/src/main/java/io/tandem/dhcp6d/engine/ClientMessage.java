package io.tandem.dhcp6d.engine;

import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client's message with the relay layers it came through, outermost (nearest the server)
 * first, the way Kea keeps {@code relay_info_} beside the client's packet.
 */
record ClientMessage(Dhcp6Message message, List<RelayMessage> relays) {
    ClientMessage {
        relays = List.copyOf(relays);
    }

    /** Peels every Relay-Forward layer; empty if a relay layer holds no relay message. */
    static Optional<ClientMessage> unwrap(Dhcp6Message received) {
        List<RelayMessage> relays = new ArrayList<>();
        Dhcp6Message current = received;
        while (current instanceof RelayMessage relay) {
            relays.add(relay);
            Optional<Dhcp6Message> inner = relay.relayed();
            if (inner.isEmpty()) {
                return Optional.empty();
            }
            current = inner.get();
        }
        return Optional.of(new ClientMessage(current, relays));
    }

    boolean relayed() {
        return !relays.isEmpty();
    }

    /** The relay that received the message from the client, whose options describe the client's link. */
    Optional<RelayMessage> nearestRelay() {
        return relays.isEmpty() ? Optional.empty() : Optional.of(relays.get(relays.size() - 1));
    }

    /** The client/server message, when it is one (not a 4o6 or unknown-layout message). */
    Optional<ClientServerMessage> clientServer() {
        return message instanceof ClientServerMessage m ? Optional.of(m) : Optional.empty();
    }
}
