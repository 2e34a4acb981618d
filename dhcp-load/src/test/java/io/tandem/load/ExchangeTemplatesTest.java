package io.tandem.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tandem.client.ClientMessages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The templates patched in place decode, with the codecs, to the messages a client would build:
 * each query carries the patched transaction id and MAC, the second one the first answer's server
 * id and address; answers (the reflector's, and a server's refusal) are read as they should be.
 */
class ExchangeTemplatesTest {
    private static final long MAC = 0x02_00_00_ab_cd_efL;
    private static final Exchange.Relay RELAY = new Exchange.Relay(Addresses.parse6("2001:db8:4::1"),
            Addresses.parse6("fe80::1"), "load");
    private final byte[] answer = new byte[65_536];

    private static Dhcp6Message decode(byte[] bytes, int length) throws Exception {
        return Dhcp6Codec.decode(Arrays.copyOf(bytes, length));
    }

    /** The DHCPv4 message in a DHCPV4-QUERY. */
    private static Dhcp4Message dhcp4In(Dhcp6Message query) throws Exception {
        Dhcp4o6Message inner = assertInstanceOf(Dhcp4o6Message.class, ClientMessages.innermost(query));
        assertEquals(MessageType6.DHCPV4_QUERY, inner.type());
        return Dhcp4Codec.decode(inner.options().dhcpv4Message().orElseThrow().toArray());
    }

    @Test
    void sarrQueriesCarryTheXidTheMacAndTheAdvertisesServerIdAndAddress() throws Exception {
        for (Exchange.Relay relay : new Exchange.Relay[] {null, RELAY}) {
            SarrExchange sarr = new SarrExchange(relay);
            int length = sarr.patchFirst(0x123456, MAC);
            Dhcp6Message wire = decode(sarr.firstQuery(), length);
            if (relay != null) {
                RelayMessage forward = assertInstanceOf(RelayMessage.class, wire);
                assertEquals(Optional.of(Bytes.utf8("load")), forward.options().interfaceId());
                assertEquals(relay.linkAddress(), forward.linkAddress());
            }
            ClientServerMessage solicit = (ClientServerMessage) ClientMessages.innermost(wire);
            assertEquals(MessageType6.SOLICIT, solicit.type());
            assertEquals(0x123456, solicit.transactionId());
            assertEquals(Optional.of(Duid.fromHex("00030001020000abcdef")), solicit.options().clientId());
            assertEquals(1, solicit.options().iaNas().size());

            int advertise = Reflector.answer(sarr.firstQuery(), length, answer);
            assertEquals(Exchange.FIRST_ANSWER, sarr.read(answer, advertise));
            assertEquals(0x123456, sarr.xid());
            int requestLength = sarr.patchSecond(0x654321, MAC + 1, answer);
            ClientServerMessage request = (ClientServerMessage) ClientMessages.innermost(
                    decode(sarr.secondQuery(), requestLength));
            assertEquals(MessageType6.REQUEST, request.type());
            assertEquals(0x654321, request.transactionId());
            assertEquals(Optional.of(Duid.fromHex("00030001020000abcdf0")), request.options().clientId());
            assertEquals(Optional.of(Duid.fromHex("000300010200000000fe")), request.options().serverId());
            assertEquals(Addresses.parse6("2001:db8::12:3456"), request.options().iaNas().get(0).options().iaAddresses().get(0).address());

            int reply = Reflector.answer(sarr.secondQuery(), requestLength, answer);
            assertEquals(Exchange.FINAL_ANSWER, sarr.read(answer, reply));
            assertEquals(0x654321, sarr.xid());
        }
    }

    @Test
    void aNewServerIdLengthRebuildsTheRequestTemplate() throws Exception {
        SarrExchange sarr = new SarrExchange(null);
        int advertise = Reflector.answer(sarr.firstQuery(), sarr.patchFirst(7, MAC), answer);
        sarr.read(answer, advertise);
        sarr.patchSecond(8, MAC, answer);
        byte[] longer = Dhcp6Codec.encode(new ClientServerMessage(MessageType6.ADVERTISE, 9, Options6.of(
                Option6.serverId(Duid.fromHex("000100012c4e5a6b0200000000fe")),
                new Option6.IaNa(1, 0, 0, Options6.of(new Option6.IaAddress(Addresses.parse6("2001:db8::9"), 0, 0,
                        Options6.NONE))))));
        assertEquals(Exchange.FIRST_ANSWER, sarr.read(longer, longer.length));
        int length = sarr.patchSecond(10, MAC, longer);
        ClientServerMessage request = (ClientServerMessage) decode(sarr.secondQuery(), length);
        assertEquals(Optional.of(Duid.fromHex("000100012c4e5a6b0200000000fe")), request.options().serverId());
        assertEquals(Addresses.parse6("2001:db8::9"), request.options().iaNas().get(0).options().iaAddresses().get(0).address());
    }

    @Test
    void anAdvertiseWithoutAnAddressIsARefusal() {
        byte[] noAddrs = Dhcp6Codec.encode(new ClientServerMessage(MessageType6.ADVERTISE, 5, Options6.of(
                Option6.serverId(Duid.fromHex("000300010200000000fe")),
                new Option6.IaNa(1, 0, 0, Options6.of(Option6.StatusCode.of(2, "NoAddrsAvail"))))));
        SarrExchange sarr = new SarrExchange(null);
        assertEquals(Exchange.REFUSED, sarr.read(noAddrs, noAddrs.length));
        assertEquals(5, sarr.xid());
        assertEquals(Exchange.OTHER, sarr.read(noAddrs, 3), "too short");
    }

    @Test
    void doraQueriesCarryTheXidTheMacAndTheOffersAddressAndServerIdentifier() throws Exception {
        for (Exchange.Relay relay : new Exchange.Relay[] {null, RELAY}) {
            DoraExchange dora = new DoraExchange(relay);
            int length = dora.patchFirst(0xdeadbeef, MAC);
            Dhcp6Message wire = decode(dora.firstQuery(), length);
            assertEquals(relay != null, wire instanceof RelayMessage);
            Dhcp4Message discover = dhcp4In(wire);
            assertEquals(Optional.of(MessageType4.DISCOVER), discover.messageType());
            assertEquals(0xdeadbeef, discover.xid());
            assertEquals(Bytes.fromHex("020000abcdef"), discover.hardwareAddress());

            int offer = Reflector.answer(dora.firstQuery(), length, answer);
            assertEquals(Exchange.FIRST_ANSWER, dora.read(answer, offer));
            assertEquals(0xdeadbeef, dora.xid());
            Dhcp4Message offered = ClientMessages.answer(decode(answer, offer));
            assertEquals(Addresses.parse4("10.173.190.239"), offered.yiaddr());

            int requestLength = dora.patchSecond(0x01020304, MAC + 1, answer);
            Dhcp4Message request = dhcp4In(decode(dora.secondQuery(), requestLength));
            assertEquals(Optional.of(MessageType4.REQUEST), request.messageType());
            assertEquals(0x01020304, request.xid());
            assertEquals(Bytes.fromHex("020000abcdf0"), request.hardwareAddress());
            assertEquals(Optional.of(Addresses.parse4("10.173.190.239")), request.options().requestedAddress());
            assertEquals(Optional.of(Addresses.parse4("192.0.2.1")), request.options().serverIdentifier());

            int ack = Reflector.answer(dora.secondQuery(), requestLength, answer);
            assertEquals(Exchange.FINAL_ANSWER, dora.read(answer, ack));
            assertEquals(0x01020304, dora.xid());
        }
    }

    @Test
    void rebindQueriesCarryTheHeldAddressAndNoServerAndAreAnsweredWithIt() throws Exception {
        byte[] held = Addresses.parse6("2001:db8:1::200:0:4000").getAddress();
        for (Exchange.Relay relay : new Exchange.Relay[] {null, RELAY}) {
            SarrExchange sarr = new SarrExchange(relay);
            int length = sarr.patchRebind(0x0a0b0c, MAC, held, 0);
            Dhcp6Message wire = decode(sarr.rebindQuery(), length);
            assertEquals(relay != null, wire instanceof RelayMessage);
            ClientServerMessage rebind = (ClientServerMessage) ClientMessages.innermost(wire);
            assertEquals(MessageType6.REBIND, rebind.type());
            assertEquals(0x0a0b0c, rebind.transactionId());
            assertEquals(Optional.of(Duid.fromHex("00030001020000abcdef")), rebind.options().clientId());
            assertEquals(Optional.empty(), rebind.options().serverId(), "any server may answer a Rebind");
            assertEquals(Addresses.parse6("2001:db8:1::200:0:4000"),
                    rebind.options().iaNas().get(0).options().iaAddresses().get(0).address());

            int reply = Reflector.answer(sarr.rebindQuery(), length, answer);
            assertEquals(Exchange.FINAL_ANSWER, sarr.read(answer, reply));
            assertEquals(0x0a0b0c, sarr.xid());
            byte[] address = new byte[16];
            sarr.copyAddress(answer, address, 0);
            assertArrayEquals(held, address);
        }
        byte[] v4 = {0, 0, (byte) 192, 0, 2, (byte) 150};
        for (Exchange.Relay relay : new Exchange.Relay[] {null, RELAY}) {
            DoraExchange dora = new DoraExchange(relay);
            int length = dora.patchRebind(0x11223344, MAC, v4, 2);
            Dhcp4Message rebinding = dhcp4In(decode(dora.rebindQuery(), length));
            assertEquals(Optional.of(MessageType4.REQUEST), rebinding.messageType());
            assertEquals(0x11223344, rebinding.xid());
            assertEquals(Bytes.fromHex("020000abcdef"), rebinding.hardwareAddress());
            assertEquals(Addresses.parse4("192.0.2.150"), rebinding.ciaddr());
            assertEquals(Optional.empty(), rebinding.options().serverIdentifier(), "REBINDING names no server");
            assertEquals(Optional.empty(), rebinding.options().requestedAddress());
            assertEquals(0, ((Dhcp4o6Message) ClientMessages.innermost(decode(dora.rebindQuery(), length))).flags(),
                    "the U flag clear: sent as a broadcast would be");

            int ack = Reflector.answer(dora.rebindQuery(), length, answer);
            assertEquals(Exchange.FINAL_ANSWER, dora.read(answer, ack));
            assertEquals(Addresses.parse4("192.0.2.150"), ClientMessages.answer(decode(answer, ack)).yiaddr());
        }
    }

    @Test
    void aReplyThatTakesTheAddressBackIsARefusal() {
        byte[] takenBack = Dhcp6Codec.encode(new ClientServerMessage(MessageType6.REPLY, 6, Options6.of(
                Option6.serverId(Duid.fromHex("000300010200000000fe")),
                new Option6.IaNa(1, 0, 0, Options6.of(new Option6.IaAddress(Addresses.parse6("2001:db8::9"), 0, 0,
                        Options6.NONE))))));
        SarrExchange sarr = new SarrExchange(null);
        assertEquals(Exchange.REFUSED, sarr.read(takenBack, takenBack.length), "valid lifetime 0");
    }
}
