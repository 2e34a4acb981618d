package io.tandem.dhcp4o6d.event;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventNames;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.Lease4;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp4o6d.engine.Outcome4;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a 4o6 exchange tells an operator watching a machine: {@code 4o6_offered},
 * {@code 4o6_acked}, {@code 4o6_naked}, {@code 4o6_released}, {@code 4o6_declined}, under the MAC
 * of the DHCPv4 {@code chaddr} (Ethernet), else of a client identifier of type 1 holding a MAC, so
 * that a dual-stack client's DHCPv4 events join its DHCPv6 events in one entry. Details: the IPv4
 * address, {@code mac-source}, the client identifier, the client's IPv6 address, the receiving
 * interface and the relay nearest the client.
 *
 * <p>Built from what the transport holds already (the partner's envelope and the engine's
 * outcome): an answer needs no decoding; a release or decline, which has no answer, decodes the
 * query's DHCPv4 message once more. A DHCPINFORM's acknowledgement is no lease event.
 */
public final class Events4o6 {
    private Events4o6() {
    }

    /** The events of one outcome that is not a drop; empty when there are none or no MAC is known. */
    public static List<BootEvent> of(Dhcp4o6Ipc.Envelope envelope, Outcome4 outcome, Instant now) {
        if (outcome instanceof Outcome4.Reply reply) {
            Dhcp4Message answer = reply.reply();
            Optional<MessageType4> type = answer.messageType();
            if (type.isEmpty()) {
                return List.of();
            }
            String name;
            if (type.get().equals(MessageType4.OFFER)) {
                name = EventNames.OFFERED_4O6;
            } else if (type.get().equals(MessageType4.ACK) && !answer.yiaddr().equals(Dhcp4Message.ANY)) {
                name = EventNames.ACKED_4O6;
            } else if (type.get().equals(MessageType4.NAK)) {
                name = EventNames.NAKED_4O6;
            } else {
                return List.of();
            }
            Optional<Inet4Address> address = name.equals(EventNames.NAKED_4O6) ? Optional.empty()
                    : Optional.of(answer.yiaddr());
            return event(envelope, answer, name, address, now).stream().toList();
        }
        if (outcome instanceof Outcome4.Recorded recorded) {
            Optional<Dhcp4Message> query = query(envelope);
            Optional<MessageType4> type = query.flatMap(Dhcp4Message::messageType);
            if (type.isEmpty()) {
                return List.of();
            }
            String name = type.get().equals(MessageType4.RELEASE) ? EventNames.RELEASED_4O6
                    : type.get().equals(MessageType4.DECLINE) ? EventNames.DECLINED_4O6 : null;
            if (name == null) {
                return List.of();
            }
            Optional<Inet4Address> address = recorded.leaseRows().stream().map(Lease4::address).findFirst();
            return event(envelope, query.get(), name, address, now).stream().toList();
        }
        return List.of();
    }

    private static Optional<BootEvent> event(Dhcp4o6Ipc.Envelope envelope, Dhcp4Message message, String name,
                                             Optional<Inet4Address> address, Instant now) {
        Optional<Bytes> clientId = message.options().clientIdentifier().map(Option4.ClientId::value);
        String source = "chaddr";
        Optional<MacAddress> mac = message.htype() == Dhcp4Message.HTYPE_ETHERNET
                ? MacAddress.of(message.hardwareAddress()) : Optional.empty();
        if (mac.isEmpty() && clientId.isPresent() && clientId.get().length() == 7 && clientId.get().get(0) == 1) {
            mac = MacAddress.of(clientId.get().slice(1, 7));
            source = "client-id";
        }
        if (mac.isEmpty()) {
            return Optional.empty();
        }
        BootEvent.Builder event = BootEvent.builder(mac.get(), name, now);
        if (address.isPresent()) {
            event.with("address", Addresses.text(address.get()));
        }
        event.with("mac-source", source);
        if (clientId.isPresent()) {
            event.with("client-id", clientId.get().colonHex());
        }
        Dhcp6Message outer = envelope.message();
        RelayMessage nearest = null;
        for (Dhcp6Message current = outer; current instanceof RelayMessage relay;
                current = relay.relayed().orElse(null)) {
            nearest = relay;
        }
        event.with("ipv6-source", Addresses.text(nearest == null ? envelope.sourceAddress()
                : nearest.peerAddress()));
        if (!envelope.interfaceName().isEmpty()) {
            event.with("interface", envelope.interfaceName());
        }
        if (nearest != null) {
            event.with("relay", Addresses.text(nearest.linkAddress()));
        }
        return Optional.of(event.build());
    }

    /** The DHCPv4 message of the DHCPV4-QUERY inside {@code envelope}, if it decodes. */
    private static Optional<Dhcp4Message> query(Dhcp4o6Ipc.Envelope envelope) {
        Dhcp6Message current = envelope.message();
        while (current instanceof RelayMessage relay) {
            current = relay.relayed().orElse(null);
        }
        if (!(current instanceof Dhcp4o6Message query)) {
            return Optional.empty();
        }
        try {
            Optional<Bytes> bytes = query.options().dhcpv4Message();
            return bytes.isEmpty() ? Optional.empty() : Optional.of(Dhcp4Codec.decode(bytes.get()));
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }
}
