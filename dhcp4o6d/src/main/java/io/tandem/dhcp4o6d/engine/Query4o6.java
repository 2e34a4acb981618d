package io.tandem.dhcp4o6d.engine;

import io.tandem.common.engine.Refused;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A DHCPv4-over-DHCPv6 query as the partner handed it over: the pair's metadata, the Relay-Forward
 * layers (outermost first, as received), the DHCPV4-QUERY and the DHCPv4 message inside it.
 */
record Query4o6(Dhcp4o6Ipc.Envelope envelope, List<RelayMessage> relays, Dhcp4o6Message query, Dhcp4Message message) {
    Query4o6 {
        relays = List.copyOf(relays);
    }

    /**
     * The query of {@code envelope}, or why there is none: a message that is not a DHCPV4-QUERY in
     * Relay-Forward layers, that does not hold exactly one DHCPv4 message (RFC 7341 §7.1, as Kea's
     * DHCPv4 side requires), or whose DHCPv4 message does not decode.
     */
    static Query4o6 of(Dhcp4o6Ipc.Envelope envelope) throws Refused {
        List<RelayMessage> relays = new ArrayList<>();
        Dhcp6Message current = envelope.message();
        while (current instanceof RelayMessage relay) {
            if (!relay.type().equals(MessageType6.RELAY_FORW)) {
                throw new Refused(DropReason4.NOT_A_QUERY, "a " + relay.type() + " layer");
            }
            relays.add(relay);
            current = relay.relayed().orElseThrow(() ->
                    new Refused(DropReason4.RELAY_WITHOUT_MESSAGE, "a Relay-Forward without a relay message"));
        }
        if (!(current instanceof Dhcp4o6Message query) || !query.type().equals(MessageType6.DHCPV4_QUERY)) {
            throw new Refused(DropReason4.NOT_A_QUERY, "a " + current.type() + ", not a DHCPV4-QUERY");
        }
        int count = query.options().count(Dhcp6Options.DHCPV4_MESSAGE);
        if (count == 0) {
            throw new Refused(DropReason4.NO_DHCPV4_MESSAGE, "a DHCPV4-QUERY without a DHCPv4 Message option");
        }
        if (count > 1) {
            throw new Refused(DropReason4.SEVERAL_DHCPV4_MESSAGES, "a DHCPV4-QUERY with " + count
                    + " DHCPv4 Message options");
        }
        Bytes bytes = query.options().dhcpv4Message().orElseThrow();
        if (bytes.length() >= Dhcp4Codec.HEADER_LENGTH + 4 && cookie(bytes) != Dhcp4Codec.MAGIC_COOKIE) {
            throw new Refused(DropReason4.NO_MAGIC_COOKIE, String.format("the DHCPv4 message has %08x where the"
                    + " magic cookie 63825363 belongs", cookie(bytes)));
        }
        try {
            return new Query4o6(envelope, relays, query, Dhcp4Codec.decode(bytes));
        } catch (DecodeException e) {
            throw new Refused(DropReason4.MALFORMED_DHCPV4, "DHCPv4 message: " + e.getMessage());
        }
    }

    private static long cookie(Bytes bytes) {
        int at = Dhcp4Codec.HEADER_LENGTH;
        return (long) bytes.get(at) << 24 | bytes.get(at + 1) << 16 | bytes.get(at + 2) << 8 | bytes.get(at + 3);
    }

    boolean relayed() {
        return !relays.isEmpty();
    }

    /** RFC 7341 §6.1: the client would have unicast this DHCPv4 message (RENEWING, not REBINDING). */
    boolean unicast() {
        return query.unicast();
    }

    /** The receiving interface of the partner, from the metadata. */
    String interfaceName() {
        return envelope.interfaceName();
    }

    /** The IPv6 source of the datagram the partner received: the client's, or the relay's when relayed. */
    Inet6Address sourceAddress() {
        return envelope.sourceAddress();
    }

    /** The client's own IPv6 address: the source of a direct query, the peer-address of the relay nearest the client. */
    Inet6Address clientAddress() {
        return relayed() ? relays.get(relays.size() - 1).peerAddress() : envelope.sourceAddress();
    }

    /** The Interface-ID of the relay nearest the client (Kea's {@code RELAY_GET_FIRST}). */
    Optional<Bytes> interfaceId() {
        return relayed() ? relays.get(relays.size() - 1).options().interfaceId() : Optional.empty();
    }

    /**
     * The link-address of the relay nearest the client that has a usable one (neither unspecified
     * nor link-local), as Kea's {@code first_relay_linkaddr_}: a relay may leave it unspecified
     * when the Interface-ID identifies the link (RFC 9915 §19.1.1).
     */
    Optional<Inet6Address> firstUsableLinkAddress() {
        for (int i = relays.size() - 1; i >= 0; i--) {
            Inet6Address linkAddress = relays.get(i).linkAddress();
            if (!linkAddress.isAnyLocalAddress() && !linkAddress.isLinkLocalAddress()) {
                return Optional.of(linkAddress);
            }
        }
        return Optional.empty();
    }
}
