package io.tandem.dhcp4o6d.testing;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of a scripted DHCPv4-over-DHCPv6 client (RFC 7341) with one MAC, built with the
 * codecs: DHCPv4 messages in each RFC 2131 state, carried in DHCPV4-QUERY (U flag when the DHCPv4
 * message would have been unicast), optionally wrapped as a relay would.
 */
public final class ScriptedClient4o6 {
    private final Bytes mac;

    public ScriptedClient4o6(Bytes mac) {
        this.mac = mac;
    }

    private Dhcp4Message.Builder message(MessageType4 type, int xid) {
        return Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, mac).xid(xid)
                .option(Option4.messageType(type))
                .option(new Option4.ClientId(Dhcp4Message.HTYPE_ETHERNET, mac))
                .option(new Option4.Uint8List(Dhcp4Options.PARAMETER_REQUEST_LIST, List.of(1, 3, 6, 15)));
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

    /** The DHCPV4-QUERY carrying {@code message}, with the U flag when {@code unicast}. */
    public static Dhcp4o6Message query(Dhcp4Message message, boolean unicast) {
        return new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, unicast ? Dhcp4o6Message.UNICAST_FLAG : 0,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.of(Dhcp4Codec.encode(message)))));
    }

    /** A Relay-Forward around {@code inner}, with an Interface-ID and a Relay Source Port option when given. */
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

    /** The DHCPv4 message inside a DHCPV4-RESPONSE, through any Relay-Reply layers. */
    public static Dhcp4Message answer(Dhcp6Message response) {
        Dhcp6Message current = response;
        while (current instanceof RelayMessage relay) {
            current = relay.relayed().orElseThrow(() -> new AssertionError("a Relay-Reply without a message"));
        }
        if (!(current instanceof Dhcp4o6Message message) || !message.type().equals(MessageType6.DHCPV4_RESPONSE)) {
            throw new AssertionError("not a DHCPV4-RESPONSE: " + current);
        }
        try {
            return Dhcp4Codec.decode(message.options().dhcpv4Message().orElseThrow().toArray());
        } catch (DecodeException e) {
            throw new AssertionError("the DHCPv4 message does not decode: " + e.getMessage(), e);
        }
    }
}
