package io.tandem.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of the client and of its shared socket: MACs, keys, relay wrapping. */
class ClientPartsTest {
    @Test
    void everyClientHasItsOwnMac() {
        long base = 0x02_00_00_00_00_fEL;
        assertEquals(Bytes.fromHex("0200000000fe"), ClientMessages.mac(base, 0));
        assertEquals(Bytes.fromHex("020000000101"), ClientMessages.mac(base, 3), "carries into the next byte");
        assertEquals(Bytes.fromHex("000000000000"), ClientMessages.mac(0xffff_ffff_ffffL, 1), "48 bits wrap");
    }

    @Test
    void answersFindTheirWaiterByTransactionId() {
        ClientMessages client = new ClientMessages(Bytes.fromHex("020000000001"));
        var offer = client.offer(0xfedcba98);
        var response = new Dhcp4o6Message(MessageType6.DHCPV4_RESPONSE, 0, Options6.of(
                new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.of(Dhcp4Codec.encode(offer)))));
        assertEquals(Optional.of(0xfedcba98L), QuerySocket.keyOf(response));
        var reply = new ClientServerMessage(MessageType6.REPLY, 0x123456, Options6.NONE);
        assertEquals(Optional.of(QuerySocket.dhcp6Key(0x123456)), QuerySocket.keyOf(reply));
        var advertise = new ClientServerMessage(MessageType6.ADVERTISE, 0x123456, Options6.NONE);
        assertEquals(Optional.empty(), QuerySocket.keyOf(advertise));
        assertEquals(Optional.empty(), QuerySocket.keyOf(ClientMessages.query(client.discover(1), false)));
        assertEquals(Optional.of(MessageType4.OFFER), offer.messageType());
        assertEquals(Optional.of(new Option4.ClientId(1, client.mac())), offer.options().clientIdentifier());
    }

    @Test
    void aRelayRouteWrapsEveryQuery() {
        InetSocketAddress any = new InetSocketAddress(Addresses.parse6("::"), 10547);
        InetSocketAddress server = new InetSocketAddress(Addresses.parse6("2001:db8:3::1"), 547);
        var query = ClientMessages.queryWithoutDhcpv4Message();
        assertEquals(query, new Route(any, server, Optional.empty(), Optional.empty()).wrap(query));
        Route relayed = new Route(any, server, Optional.empty(), Optional.of(new Route.Relay(
                Addresses.parse6("2001:db8:4::1"), Addresses.parse6("fe80::1"), "relay-7", true)));
        RelayMessage wrapped = (RelayMessage) relayed.wrap(query);
        assertEquals(Optional.of(0), wrapped.options().relaySourcePort());
        assertEquals(Optional.of(query), wrapped.relayed());
    }

    @Test
    void aPortAnotherClientHoldsIsAnErrorEvenWhenItSharesPorts() throws Exception {
        // dhclient holds 546 with SO_REUSEADDR; a socket that set it too would bind beside it.
        try (DatagramChannel holder = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            holder.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            holder.bind(new InetSocketAddress(Addresses.parse6("::1"), 0));
            InetSocketAddress taken = (InetSocketAddress) holder.getLocalAddress();
            Route route = new Route(taken, new InetSocketAddress(Addresses.parse6("::1"), Route.SERVER_PORT),
                    Optional.empty(), Optional.empty());
            IOException refused = assertThrows(IOException.class, () -> new QuerySocket(route).close());
            assertTrue(refused.getMessage().startsWith("[::1]:" + taken.getPort() + " is taken: "), refused.getMessage());
        }
    }
}
