package io.tandem.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientMessagesTest {
    static final Bytes MAC = Bytes.fromHex("020000000001");
    static final ClientMessages CLIENT = new ClientMessages(MAC);
    static final Inet4Address LEASED = Addresses.parse4("192.0.2.10");
    static final Inet4Address SERVER = Addresses.parse4("192.0.2.1");

    private static Dhcp4o6Message reencoded(Dhcp6Message message) throws Exception {
        return (Dhcp4o6Message) Dhcp6Codec.decode(Dhcp6Codec.encode(message));
    }

    private static Dhcp4Message inner(Dhcp4o6Message query) throws Exception {
        return Dhcp4Codec.decode(query.options().dhcpv4Message().orElseThrow().toArray());
    }

    @Test
    void doraQueriesAreBroadcastTypeAndTheRenewalCarriesTheUnicastFlag() throws Exception {
        Dhcp4o6Message discover = reencoded(ClientMessages.query(CLIENT.discover(7), false));
        assertEquals(MessageType6.DHCPV4_QUERY, discover.type());
        assertEquals(0, discover.flags());
        Dhcp4Message dhcp4 = inner(discover);
        assertEquals(Optional.of(MessageType4.DISCOVER), dhcp4.messageType());
        assertEquals(MAC, dhcp4.hardwareAddress());
        assertEquals(Optional.of(new Option4.ClientId(Dhcp4Message.HTYPE_ETHERNET, MAC)), dhcp4.options().clientIdentifier());

        Dhcp4Message request = inner(reencoded(ClientMessages.query(CLIENT.request(8, LEASED, SERVER), false)));
        assertEquals(Optional.of(LEASED), request.options().requestedAddress());
        assertEquals(Optional.of(SERVER), request.options().serverIdentifier());
        assertEquals(Dhcp4Message.ANY, request.ciaddr(), "SELECTING: no ciaddr");

        Dhcp4o6Message renewal = reencoded(ClientMessages.query(CLIENT.renew(9, LEASED), true));
        assertEquals(Dhcp4o6Message.UNICAST_FLAG, renewal.flags());
        assertEquals(LEASED, inner(renewal).ciaddr());
        assertEquals(Optional.empty(), inner(renewal).options().serverIdentifier(), "RENEWING: no server identifier");

        Dhcp4Message release = inner(reencoded(ClientMessages.query(CLIENT.release(10, LEASED, SERVER), true)));
        assertEquals(Optional.of(MessageType4.RELEASE), release.messageType());
        assertEquals(LEASED, release.ciaddr());
    }

    @Test
    void theProbesAreWhatAServerMustNotAnswer() throws Exception {
        assertFalse(reencoded(ClientMessages.queryWithoutDhcpv4Message()).options().has(Dhcp6Options.DHCPV4_MESSAGE));
        Dhcp4Message offer = inner(reencoded(ClientMessages.query(CLIENT.offer(11), false)));
        assertTrue(offer.isReply());
        assertEquals(Optional.of(MessageType4.OFFER), offer.messageType());
    }

    @Test
    void theInformationRequestAsksForOption88WithADuidLlOfTheMac() throws Exception {
        ClientServerMessage request = (ClientServerMessage) Dhcp6Codec.decode(Dhcp6Codec.encode(
                CLIENT.informationRequest(0x1234567)));
        assertEquals(MessageType6.INFORMATION_REQUEST, request.type());
        assertEquals(0x234567, request.transactionId(), "24 bits");
        assertEquals(List.of(Dhcp6Options.DHCP4O6_SERVER_ADDR), request.options().requestedOptions());
        assertEquals(Optional.of(MAC), request.options().clientId().orElseThrow().linkLayerAddress());
    }

    @Test
    void aRelayForwardCarriesTheInterfaceIdAndTheRelaySourcePort() throws Exception {
        RelayMessage relay = (RelayMessage) Dhcp6Codec.decode(Dhcp6Codec.encode(ClientMessages.relayForward(
                ClientMessages.query(CLIENT.discover(1), false), Addresses.parse6("2001:db8:4::1"),
                Addresses.parse6("fe80::1"), "relay-7", 0)));
        assertEquals(MessageType6.RELAY_FORW, relay.type());
        assertEquals(Optional.of(Bytes.utf8("relay-7")), relay.options().interfaceId());
        assertEquals(Optional.of(0), relay.options().relaySourcePort());
        assertEquals(Addresses.parse6("2001:db8:4::1"), relay.linkAddress());
        RelayMessage plain = ClientMessages.relayForward(ClientMessages.query(CLIENT.discover(1), false),
                Addresses.parse6("2001:db8:4::1"), Addresses.parse6("fe80::1"), null, null);
        assertEquals(List.of(Dhcp6Options.RELAY_MSG), plain.options().all().stream().map(Option6::code).toList());
    }

    private static Dhcp4o6Message response(Dhcp4Message dhcp4, int count) {
        List<Option6> options = java.util.Collections.nCopies(count,
                new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.of(Dhcp4Codec.encode(dhcp4))));
        return new Dhcp4o6Message(MessageType6.DHCPV4_RESPONSE, 0, new Options6(options));
    }

    @Test
    void anAnswerIsADhcpv4ReplyInAResponseWithExactlyOneOption87ThroughRelayReplies() {
        Dhcp4Message ack = CLIENT.offer(5).toBuilder().option(Option4.messageType(MessageType4.ACK)).build();
        assertEquals(Optional.of(new ClientMessages.Answer(ack, 0, false)), ClientMessages.answerOf(response(ack, 1)));
        RelayMessage reply = new RelayMessage(MessageType6.RELAY_REPL, 0, Addresses.parse6("2001:db8:4::1"),
                Addresses.parse6("fe80::1"), Options6.of(new Option6.RelayedMessage(response(ack, 1))));
        assertTrue(ClientMessages.answerOf(reply).orElseThrow().relayed());
        assertEquals(ack, ClientMessages.answer(reply));
        assertEquals(Optional.empty(), ClientMessages.answerOf(response(ack, 2)), "two option 87");
        assertEquals(Optional.empty(), ClientMessages.answerOf(response(CLIENT.discover(5), 1)), "a BOOTREQUEST");
        assertEquals(Optional.empty(), ClientMessages.answerOf(ClientMessages.query(ack, false)), "a query");
    }
}
