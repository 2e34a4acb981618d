package io.tandem.client;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The messages of a DHCPv4-over-DHCPv6 client (RFC 7341) with one MAC, built with the codecs:
 * DHCPv4 messages in each RFC 2131 state, carried in DHCPV4-QUERY (with the U flag when the DHCPv4
 * message would have been unicast), optionally wrapped as a relay would; and the Information-Request
 * that asks for the 4o6 server address (option 88). Pure: no sockets.
 */
public final class ClientMessages {
    private final Bytes mac;

    public ClientMessages(Bytes mac) {
        this.mac = mac;
    }

    public Bytes mac() {
        return mac;
    }

    /** The MAC of client {@code client} when the first one is {@code baseMac} (48 bits, wrapping). */
    public static Bytes mac(long baseMac, int client) {
        return MacAddress.fromLong(baseMac + client).bytes();
    }

    private Dhcp4Message.Builder message(MessageType4 type, int xid) {
        return Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, mac).xid(xid)
                .option(Option4.messageType(type))
                .option(new Option4.ClientId(Dhcp4Message.HTYPE_ETHERNET, mac))
                .option(Option4.parameterRequestList(1, 3, 6, 15));
    }

    public Dhcp4Message discover(int xid) {
        return message(MessageType4.DISCOVER, xid).build();
    }

    /** SELECTING: the offered address and the chosen server's identifier. */
    public Dhcp4Message request(int xid, Inet4Address offered, Inet4Address serverId) {
        return message(MessageType4.REQUEST, xid)
                .option(new Option4.Address(Dhcp4Options.REQUESTED_ADDRESS, offered))
                .option(new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER, serverId)).build();
    }

    /** INIT-REBOOT (RFC 2131 §4.3.2): the address it held, neither a server identifier nor ciaddr. */
    public Dhcp4Message initReboot(int xid, Inet4Address held) {
        return message(MessageType4.REQUEST, xid).option(new Option4.Address(Dhcp4Options.REQUESTED_ADDRESS, held))
                .build();
    }

    /** RENEWING or REBINDING (which of them the query's U flag says): ciaddr, nothing else. */
    public Dhcp4Message renew(int xid, Inet4Address leased) {
        return message(MessageType4.REQUEST, xid).ciaddr(leased).build();
    }

    public Dhcp4Message release(int xid, Inet4Address leased, Inet4Address serverId) {
        return Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, mac).xid(xid).ciaddr(leased)
                .option(Option4.messageType(MessageType4.RELEASE))
                .option(new Option4.ClientId(Dhcp4Message.HTYPE_ETHERNET, mac))
                .option(new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER, serverId)).build();
    }

    /** A BOOTREPLY (a DHCPOFFER) as a client would never send it: a server must not answer it. */
    public Dhcp4Message offer(int xid) {
        return message(MessageType4.OFFER, xid).op(Dhcp4Message.BOOTREPLY).build();
    }

    /** An Information-Request (RFC 9915 §18.2.6) with a DUID-LL of the MAC, asking for option 88. */
    public ClientServerMessage informationRequest(int transactionId) {
        return new ClientServerMessage(MessageType6.INFORMATION_REQUEST, transactionId & 0xffffff, Options6.of(
                Option6.clientId(Duid.ll(mac)), Option6.oro(Dhcp6Options.DHCP4O6_SERVER_ADDR), Option6.elapsedTime(0)));
    }

    /** The DHCPV4-QUERY carrying {@code message}, with the U flag when {@code unicast}. */
    public static Dhcp4o6Message query(Dhcp4Message message, boolean unicast) {
        return new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, unicast ? Dhcp4o6Message.UNICAST_FLAG : 0,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Dhcp4Codec.encodeToBytes(message, Dhcp4Codec.MINIMUM_LENGTH))));
    }

    /** A DHCPV4-QUERY without the DHCPv4 Message option: a server must not answer it. */
    public static Dhcp4o6Message queryWithoutDhcpv4Message() {
        return new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0, Options6.NONE);
    }

    /**
     * A Relay-Forward around {@code inner} (RFC 9915 §9), with an Interface-ID and the Relay Source
     * Port option (RFC 8357 §5.2: a first-hop relay's downstream port is 0) when given.
     */
    public static RelayMessage relayForward(Dhcp6Message inner, Inet6Address linkAddress, Inet6Address peerAddress,
                                            String interfaceId, Integer relaySourcePort) {
        List<Option6> options = new ArrayList<>();
        if (interfaceId != null) {
            options.add(new Option6.Raw(Dhcp6Options.INTERFACE_ID, Bytes.utf8(interfaceId)));
        }
        options.add(new Option6.RelayedMessage(inner));
        if (relaySourcePort != null) {
            options.add(new Option6.Uint16(Dhcp6Options.RELAY_SOURCE_PORT, relaySourcePort));
        }
        return new RelayMessage(MessageType6.RELAY_FORW, 0, linkAddress, peerAddress, new Options6(options));
    }

    /** What came back for a DHCPV4-QUERY: the DHCPv4 message, the response's flags, and whether it was relayed. */
    public record Answer(Dhcp4Message message, int flags, boolean relayed) {
    }

    /** The innermost message, through any Relay-Reply layers (a layer without a message ends the walk). */
    public static Dhcp6Message innermost(Dhcp6Message message) {
        Dhcp6Message current = message;
        while (current instanceof RelayMessage relay && relay.relayed().isPresent()) {
            current = relay.relayed().get();
        }
        return current;
    }

    /** The answer inside a DHCPV4-RESPONSE with exactly one option 87, else empty. */
    public static Optional<Answer> answerOf(Dhcp6Message response) {
        if (!(innermost(response) instanceof Dhcp4o6Message message)
                || !message.type().equals(MessageType6.DHCPV4_RESPONSE)
                || message.options().count(Dhcp6Options.DHCPV4_MESSAGE) != 1) {
            return Optional.empty();
        }
        try {
            Dhcp4Message dhcp4 = Dhcp4Codec.decode(message.options().dhcpv4Message().orElseThrow());
            return dhcp4.isReply() ? Optional.of(new Answer(dhcp4, message.flags(), response instanceof RelayMessage))
                    : Optional.empty();
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }

    /** The DHCPv4 message inside a DHCPV4-RESPONSE, for callers that know one is there. */
    public static Dhcp4Message answer(Dhcp6Message response) {
        return answerOf(response).map(Answer::message)
                .orElseThrow(() -> new IllegalArgumentException("not a DHCPV4-RESPONSE with a DHCPv4 reply: " + response));
    }
}
