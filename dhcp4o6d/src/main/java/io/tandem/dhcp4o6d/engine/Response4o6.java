package io.tandem.dhcp4o6d.engine;

import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole DHCPv6 answer to a query, built here as Kea's DHCPv4 side builds it, for the partner to
 * send on unchanged: a DHCPV4-RESPONSE holding only the DHCPv4 reply (option 87, not padded),
 * wrapped in one Relay-Reply per Relay-Forward of the query, each with the query layer's hop count,
 * link-address and peer-address, its Interface-ID and Relay Source Port options copied in their
 * order, then the relay message; with the query's metadata, so the partner knows where to send it.
 *
 * <p>The response's flags are 0: RFC 7341 §6 defines flags for the query only. (Kea copies the
 * query's; dhcp6d clears them either way, and kea-dhcp6 sends them on as they are.)
 */
final class Response4o6 {
    private Response4o6() {
    }

    static Dhcp4o6Ipc.Envelope to(Query4o6 query, Dhcp4Message reply) {
        Dhcp6Message message = new Dhcp4o6Message(MessageType6.DHCPV4_RESPONSE, 0, Options6.of(
                new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Dhcp4Codec.encodeToBytes(reply, 0))));
        for (int i = query.relays().size() - 1; i >= 0; i--) {
            RelayMessage hop = query.relays().get(i);
            List<Option6> options = new ArrayList<>(3);
            for (Option6 option : hop.options().all()) {
                if (option.code() == Dhcp6Options.INTERFACE_ID || option.code() == Dhcp6Options.RELAY_SOURCE_PORT) {
                    options.add(option);
                }
            }
            options.add(new Option6.RelayedMessage(message));
            message = new RelayMessage(MessageType6.RELAY_REPL, hop.hopCount(), hop.linkAddress(), hop.peerAddress(),
                    new Options6(options));
        }
        Dhcp4o6Ipc.Envelope received = query.envelope();
        return new Dhcp4o6Ipc.Envelope(message, received.interfaceName(), received.sourceAddress(),
                received.sourcePort());
    }
}
