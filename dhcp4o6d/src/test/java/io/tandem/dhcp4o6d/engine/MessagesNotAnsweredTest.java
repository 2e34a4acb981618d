package io.tandem.dhcp4o6d.engine;

import static io.tandem.dhcp4o6d.engine.Queries.MAC;
import static io.tandem.dhcp4o6d.engine.Queries.direct;
import static io.tandem.dhcp4o6d.engine.Queries.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp4.Options4;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages a server must not answer are dropped, each with its own counted reason. */
class MessagesNotAnsweredTest {
    static final String CONFIG = """
            { "subnet4": [
                { "id": 1, "subnet": "192.0.2.0/24", "4o6-interface": "eth0",
                  "option-data": [ { "name": "dhcp-server-identifier", "data": "192.0.2.1" } ],
                  "pools": [ { "pool": "192.0.2.10 - 192.0.2.20" } ] },
                { "id": 2, "subnet": "198.51.100.0/24", "4o6-interface": "eth1",
                  "pools": [ { "pool": "198.51.100.10 - 198.51.100.20" } ] } ] }
            """;

    final Dhcp4o6Engine engine = new Dhcp4o6Engine(Queries.config(CONFIG), name -> List.<InetAddress>of());

    private DropReason4 dropped(Dhcp4o6Ipc.Envelope envelope) {
        Outcome4 outcome = engine.handle(envelope, Instant.parse("2026-01-01T00:00:00Z"));
        return assertInstanceOf(Outcome4.Drop.class, outcome, outcome.toString()).reason();
    }

    private DropReason4 dropped(Dhcp4Message message) {
        return dropped(direct(message, "eth0"));
    }

    private static Dhcp4o6Ipc.Envelope envelope(Dhcp6Message message) {
        return new Dhcp4o6Ipc.Envelope(message, "eth0", Queries.CLIENT_LINK_LOCAL, 546);
    }

    private static Dhcp4o6Ipc.Envelope withDhcpv4Bytes(byte[] dhcpv4) {
        return envelope(Queries.query(Bytes.of(dhcpv4), 0));
    }

    @Test
    void aBootReply() {
        assertEquals(DropReason4.BOOTREPLY, dropped(message(MessageType4.DISCOVER, MAC, 1).op(Dhcp4Message.BOOTREPLY)
                .build()));
    }

    @Test
    void aDhcpOfferInAQuery() {
        assertEquals(DropReason4.NOT_FOR_SERVER, dropped(message(MessageType4.OFFER, MAC, 1).build()));
        assertEquals(DropReason4.NOT_FOR_SERVER, dropped(message(MessageType4.ACK, MAC, 1).build()));
    }

    @Test
    void aTypeTheServerDoesNotServe() {
        assertEquals(DropReason4.UNSUPPORTED_TYPE, dropped(message(MessageType4.LEASEQUERY, MAC, 1).build()));
    }

    @Test
    void aQueryWithoutTheDhcpv4MessageOption() {
        assertEquals(DropReason4.NO_DHCPV4_MESSAGE, dropped(envelope(new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0,
                Options6.NONE))));
    }

    @Test
    void aQueryWithTwoDhcpv4MessageOptions() {
        Bytes discover = Bytes.of(Dhcp4Codec.encode(message(MessageType4.DISCOVER, MAC, 1).build()));
        assertEquals(DropReason4.SEVERAL_DHCPV4_MESSAGES, dropped(envelope(new Dhcp4o6Message(
                MessageType6.DHCPV4_QUERY, 0, Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, discover),
                new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, discover))))));
    }

    @Test
    void aDhcpv4MessageWithoutTheMagicCookie() {
        byte[] bytes = Dhcp4Codec.encode(message(MessageType4.DISCOVER, MAC, 1).build());
        Arrays.fill(bytes, Dhcp4Codec.HEADER_LENGTH, Dhcp4Codec.HEADER_LENGTH + 4, (byte) 0);
        assertEquals(DropReason4.NO_MAGIC_COOKIE, dropped(withDhcpv4Bytes(bytes)));
    }

    @Test
    void aTruncatedDhcpv4Message() {
        byte[] bytes = Dhcp4Codec.encode(message(MessageType4.DISCOVER, MAC, 1).build());
        assertEquals(DropReason4.MALFORMED_DHCPV4, dropped(withDhcpv4Bytes(Arrays.copyOf(bytes, 100))));
        assertEquals(DropReason4.MALFORMED_DHCPV4, dropped(withDhcpv4Bytes(new byte[0])));
    }

    @Test
    void aDhcpv4ResponseASolicitOrARelayReply() {
        Bytes discover = Bytes.of(Dhcp4Codec.encode(message(MessageType4.DISCOVER, MAC, 1).build()));
        assertEquals(DropReason4.NOT_A_QUERY, dropped(envelope(new Dhcp4o6Message(MessageType6.DHCPV4_RESPONSE, 0,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, discover))))));
        assertEquals(DropReason4.NOT_A_QUERY, dropped(envelope(new ClientServerMessage(MessageType6.SOLICIT, 1,
                Options6.NONE))));
        assertEquals(DropReason4.NOT_A_QUERY, dropped(envelope(new RelayMessage(MessageType6.RELAY_REPL, 0,
                Addresses.parse6("2001:db8::1"), Queries.CLIENT_LINK_LOCAL, Options6.of(new Option6.RelayedMessage(
                        Queries.query(discover, 0)))))));
        assertEquals(DropReason4.RELAY_WITHOUT_MESSAGE, dropped(envelope(new RelayMessage(MessageType6.RELAY_FORW, 0,
                Addresses.parse6("2001:db8::1"), Queries.CLIENT_LINK_LOCAL, Options6.NONE))));
    }

    @Test
    void aClientWithoutIdentity() {
        assertEquals(DropReason4.NO_CLIENT_IDENTITY, dropped(message(MessageType4.DISCOVER, MAC, 1)
                .hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, Bytes.EMPTY).build()));
    }

    @Test
    void aSubnetWithoutServerIdentifierOnAnInterfaceWithoutIpv4() {
        assertEquals(DropReason4.NO_SERVER_IDENTIFIER, dropped(direct(message(MessageType4.DISCOVER, MAC, 1).build(),
                "eth1")));
    }

    @Test
    void aBootpRequestWithoutAMessageType() {
        assertEquals(DropReason4.NO_MESSAGE_TYPE, dropped(message(MessageType4.DISCOVER, MAC, 1)
                .options(Options4.of(new Option4.Uint8List(
                        Dhcp4Options.PARAMETER_REQUEST_LIST, List.of(1)))).build()));
    }
}
