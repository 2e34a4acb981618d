package io.tandem.common.wire.dhcp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Building values: what the records accept, and the helpers a server uses to build a reply. */
class Dhcp4MessageTest {
    private static final Bytes MAC = Bytes.fromHex("00:0b:82:01:fc:42");

    @Test
    void aReplyIsBuiltFromTheRequest() throws DecodeException {
        Dhcp4Message discover = Dhcp4Codec.decode(Dhcp4Vectors.bytes(Dhcp4Vectors.DISCOVER));
        Dhcp4Message offer = discover.toBuilder()
                .op(Dhcp4Message.BOOTREPLY)
                .yiaddr(Addresses.parse4("192.0.2.10"))
                .siaddr(Addresses.parse4("192.0.2.1"))
                .serverName("tandem")
                .bootFileName("ipxe.efi")
                .options(Options4.of(
                        Option4.messageType(MessageType4.OFFER),
                        new Option4.Address(Dhcp4Options.SUBNET_MASK, Addresses.parse4("255.255.255.0")),
                        new Option4.AddressList(Dhcp4Options.ROUTERS, List.of(Addresses.parse4("192.0.2.1"))),
                        new Option4.AddressList(Dhcp4Options.DOMAIN_NAME_SERVERS,
                                List.of(Addresses.parse4("192.0.2.53"), Addresses.parse4("192.0.2.54"))),
                        Option4.Text.of(Dhcp4Options.DOMAIN_NAME, "example.com"),
                        new Option4.Uint32(Dhcp4Options.LEASE_TIME, 3600),
                        new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER, Addresses.parse4("192.0.2.1")),
                        new Option4.Uint32(Dhcp4Options.RENEWAL_TIME, 1800),
                        new Option4.Uint32(Dhcp4Options.REBINDING_TIME, 3150)))
                .build();
        assertArrayEquals(Dhcp4Vectors.bytes(Dhcp4Vectors.OFFER), Dhcp4Codec.encode(offer));
    }

    @Test
    void builderStartsAsAnEthernetRequestWithEverythingElseZero() {
        Dhcp4Message message = Dhcp4Message.builder().build();
        assertEquals(Dhcp4Message.BOOTREQUEST, message.op());
        assertEquals(Dhcp4Message.HTYPE_ETHERNET, message.htype());
        assertEquals(6, message.hlen());
        assertEquals(Dhcp4Message.ANY, message.giaddr());
        assertEquals(Bytes.of(new byte[16]), message.chaddr());
        assertEquals(Options4.NONE, message.options());
        byte[] wire = Dhcp4Codec.encode(message);
        assertEquals(Dhcp4Codec.MINIMUM_LENGTH, wire.length);
        assertEquals(Dhcp4Options.END, wire[240] & 0xff);
    }

    @Test
    void hardwareAddressHonorsHlen() {
        Dhcp4Message message = Dhcp4Message.builder().hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, MAC).build();
        assertEquals(6, message.hlen());
        assertEquals(MAC, message.hardwareAddress());
        assertEquals(16, message.chaddr().length());
        assertEquals(Bytes.EMPTY, message.toBuilder().hlen(0).build().hardwareAddress());
        assertEquals(message.chaddr(), message.toBuilder().hlen(20).build().hardwareAddress());
        assertThrows(IllegalArgumentException.class,
                () -> Dhcp4Message.builder().hardwareAddress(1, Bytes.of(new byte[17])));
    }

    @Test
    void namesAreNulTerminatedInTheirFields() {
        assertEquals(Optional.of("x".repeat(63)), Dhcp4Message.builder().serverName("x".repeat(63)).build().serverName());
        assertThrows(IllegalArgumentException.class, () -> Dhcp4Message.builder().serverName("x".repeat(64)));
        assertEquals(Optional.of("y".repeat(127)),
                Dhcp4Message.builder().bootFileName("y".repeat(127)).build().bootFileName());
        assertThrows(IllegalArgumentException.class, () -> Dhcp4Message.builder().bootFileName("y".repeat(128)));
    }

    @Test
    void broadcastFlag() {
        Dhcp4Message message = Dhcp4Message.builder().flags(0x0001).broadcast(true).build();
        assertTrue(message.isBroadcast());
        assertEquals(0x8001, message.flags());
        assertEquals(0x0001, message.toBuilder().broadcast(false).build().flags());
    }

    @Test
    void headerFieldsMustFitTheirWidths() {
        assertThrows(IllegalArgumentException.class, () -> Dhcp4Message.builder().op(256).build());
        assertThrows(IllegalArgumentException.class, () -> Dhcp4Message.builder().secs(0x10000).build());
        assertThrows(IllegalArgumentException.class, () -> Dhcp4Message.builder().chaddr(MAC).build());
        assertThrows(IllegalArgumentException.class, () -> Dhcp4Message.builder().sname(Bytes.of(new byte[63])).build());
        assertThrows(IllegalArgumentException.class, () -> Dhcp4Message.builder().file(Bytes.of(new byte[129])).build());
    }

    @Test
    void aMessageHoldsEachCodeOnceAndNoLayoutOptions() {
        assertThrows(IllegalArgumentException.class, () -> withOptions(
                Option4.messageType(MessageType4.DISCOVER), new Option4.Raw(250, Bytes.EMPTY),
                Option4.messageType(MessageType4.REQUEST)));
        assertThrows(IllegalArgumentException.class, () -> withOptions(new Option4.Uint8(Dhcp4Options.OPTION_OVERLOAD, 3)));
        assertThrows(IllegalArgumentException.class, () -> withOptions(new Option4.Raw(Dhcp4Options.PAD, Bytes.EMPTY)));
        assertThrows(IllegalArgumentException.class, () -> withOptions(new Option4.Raw(Dhcp4Options.END, Bytes.EMPTY)));
    }

    @Test
    void eachOptionIsTheRecordItsCodeCallsFor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withOptions(new Option4.Raw(Dhcp4Options.MESSAGE_TYPE, Bytes.of((byte) 1))));
        assertEquals("dhcp4 option 53 (dhcp-message-type) is Uint8, not Raw", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> withOptions(new Option4.Uint16(Dhcp4Options.MESSAGE_TYPE, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> withOptions(new Option4.Text(Dhcp4Options.CLIENT_IDENTIFIER, MAC)));
        assertThrows(IllegalArgumentException.class, () -> withOptions(Option4.Text.of(250, "undefined codes are raw")));
    }

    @Test
    void optionValuesMustFitTheirFields() {
        assertThrows(IllegalArgumentException.class, () -> new Option4.Uint8(53, 256));
        assertThrows(IllegalArgumentException.class, () -> new Option4.Uint16(57, -1));
        assertThrows(IllegalArgumentException.class, () -> new Option4.Uint32(51, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new Option4.Raw(256, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new Option4.Uint8List(55, List.of(1, 256)));
        assertThrows(IllegalArgumentException.class, () -> new Option4.Uint16List(93, List.of(0x10000)));
        assertThrows(IllegalArgumentException.class, () -> new Option4.ClientId(1, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new Option4.ClientNdi(1, 2, 256));
    }

    @Test
    void relayAgentSubOptionsFollowTheAgentSpaceAndFitOneInstance() {
        assertThrows(IllegalArgumentException.class, () -> Option4.RelayAgentInfo.of(
                new Option4.Address(Dhcp4Options.AGENT_CIRCUIT_ID, Addresses.parse4("192.0.2.1"))));
        assertThrows(IllegalArgumentException.class, () -> Option4.RelayAgentInfo.of(
                new Option4.Raw(Dhcp4Options.AGENT_REMOTE_ID, Bytes.of(new byte[256]))));
        Option4.RelayAgentInfo agent = Option4.RelayAgentInfo.of(
                new Option4.Raw(Dhcp4Options.AGENT_REMOTE_ID, Bytes.of(new byte[255])),
                Option4.Text.of(Dhcp4Options.AGENT_SUBSCRIBER_ID, "subscriber-7"),
                new Option4.Address(Dhcp4Options.AGENT_SERVER_ID_OVERRIDE, Addresses.parse4("192.0.2.1")),
                new Option4.Empty(Dhcp4Options.AGENT_VIRTUAL_SUBNET_SELECT_CTRL));
        assertEquals(Optional.of("subscriber-7"), agent.subscriberId());
        assertEquals(Optional.of(Addresses.parse4("192.0.2.1")), agent.serverIdOverride());
    }

    @Test
    void longOptionsAreSplitInto255ByteInstances() throws DecodeException {
        for (int length : new int[] {0, 1, 255, 256, 510, 511}) {
            Dhcp4Message message = withOptions(new Option4.Raw(250, Bytes.of(new byte[length])));
            byte[] wire = Dhcp4Codec.encode(message);
            int instances = Math.max(1, (length + 254) / 255);
            assertEquals(Math.max(Dhcp4Codec.MINIMUM_LENGTH, 240 + 2 * instances + length + 1), wire.length);
            int at = 240;
            for (int i = 0; i < instances; i++) {
                assertEquals(250, wire[at] & 0xff);
                int instance = wire[at + 1] & 0xff;
                assertEquals(Math.min(255, length - 255 * i), instance);
                at += 2 + instance;
            }
            assertEquals(Dhcp4Options.END, wire[at] & 0xff);
            assertEquals(message, Dhcp4Codec.decode(wire));
        }
    }

    @Test
    void optionsWithReplacesInPlaceOrAppends() {
        Options4 options = Options4.of(
                Option4.messageType(MessageType4.DISCOVER), Option4.Text.of(Dhcp4Options.HOST_NAME, "a"));
        Options4 replaced = options.with(Option4.messageType(MessageType4.REQUEST));
        assertEquals(List.of(Option4.messageType(MessageType4.REQUEST), Option4.Text.of(Dhcp4Options.HOST_NAME, "a")),
                replaced.all());
        assertEquals(3, options.with(new Option4.Raw(250, Bytes.EMPTY)).size());
        assertEquals(List.of(Option4.Text.of(Dhcp4Options.HOST_NAME, "a")),
                options.without(Dhcp4Options.MESSAGE_TYPE).all());
        assertEquals(Optional.empty(), options.get(Dhcp4Options.LEASE_TIME));
    }

    @Test
    void messageTypesAreOpen() {
        assertSame(MessageType4.ACK, MessageType4.of(5));
        assertSame(MessageType4.TLS, MessageType4.of(18));
        assertEquals(new MessageType4(19, "TYPE-19"), MessageType4.of(19));
        assertEquals(MessageType4.of(0), MessageType4.of(0));
        assertThrows(IllegalArgumentException.class, () -> MessageType4.of(256));
    }

    @Test
    void textDropsTrailingNulsOnly() {
        assertEquals("a\0b", new Option4.Text(12, Bytes.fromHex("610062 00 00")).text());
    }

    @Test
    void clientIdentifierValueIsTypeThenIdentifier() {
        assertEquals(Bytes.fromHex("ff 00000001 000300 01 000b8201fc42"),
                new Option4.ClientId(255, Bytes.fromHex("00000001 000300 01 000b8201fc42")).value());
    }

    private static Dhcp4Message withOptions(Option4... options) {
        return Dhcp4Message.builder().options(new Options4(Arrays.asList(options))).build();
    }
}
