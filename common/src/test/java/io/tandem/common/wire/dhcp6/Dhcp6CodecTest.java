package io.tandem.common.wire.dhcp6;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class Dhcp6CodecTest {
    private static Dhcp6Message decode(Bytes bytes) throws DecodeException {
        Dhcp6Message message = Dhcp6Codec.decode(bytes.toArray());
        assertArrayEquals(bytes.toArray(), Dhcp6Codec.encode(message), "re-encoding is byte-exact");
        return message;
    }

    @Test
    void pxeFirmwareSolicit() throws DecodeException {
        ClientServerMessage solicit = assertInstanceOf(ClientServerMessage.class, decode(Dhcp6Vectors.PXE_SOLICIT));
        assertEquals(MessageType6.SOLICIT, solicit.type());
        assertEquals(0x5a1b2c, solicit.transactionId());
        Options6 options = solicit.options();
        Duid duid = options.clientId().orElseThrow();
        assertEquals(Duid.UUID, duid.type());
        assertEquals("a1b2c3d4e5f60718293a4b5c6d7e8f90", duid.uuid().orElseThrow().hex());
        assertTrue(duid.linkLayerAddress().isEmpty(), "a DUID-UUID holds no MAC");
        assertEquals(0, options.elapsedTime().orElseThrow());
        Option6.IaNa iaNa = options.iaNas().get(0);
        assertEquals(0x0a0b0c0dL, iaNa.iaid());
        assertTrue(iaNa.options().isEmpty());
        assertEquals(List.of(59, 60, 23, 16), options.requestedOptions());
        assertEquals(new Option6.Nii(1, 3, 0), options.nii().orElseThrow());
        assertEquals(List.of(7), options.clientArchTypes());
        Option6.VendorClass vendorClass = options.vendorClasses().get(0);
        assertEquals(343, vendorClass.enterpriseNumber());
        assertEquals("PXEClient:Arch:00007:UNDI:003000", vendorClass.data().get(0).text());
        assertTrue(options.serverId().isEmpty());
    }

    @Test
    void advertiseWithBootOptions() throws DecodeException {
        Options6 options = decode(Dhcp6Vectors.ADVERTISE_WITH_BOOT).options();
        Duid serverId = options.serverId().orElseThrow();
        assertEquals(Duid.LLT, serverId.type());
        assertEquals(Duid.HARDWARE_ETHERNET, serverId.hardwareType().orElseThrow());
        assertEquals(0x2a3b4c5dL, serverId.time().orElseThrow());
        assertEquals("52:54:00:12:34:56", serverId.linkLayerAddress().orElseThrow().colonHex());
        Option6.IaNa iaNa = options.iaNas().get(0);
        assertEquals(3600, iaNa.t1());
        assertEquals(5400, iaNa.t2());
        Option6.IaAddress address = iaNa.options().iaAddresses().get(0);
        assertEquals("2001:db8:0:1:0:5254:12:3456", Addresses.text(address.address()));
        assertEquals(7200, address.preferredLifetime());
        assertEquals(10800, address.validLifetime());
        assertEquals(new Option6.Uint8(Dhcp6Options.PREFERENCE, 255), options.get(Dhcp6Options.PREFERENCE).orElseThrow());
        assertEquals("tftp://[2001:db8::1]/ipxe.efi/?x=1", options.bootfileUrl().orElseThrow());
        assertEquals(List.of(Bytes.utf8("abc"), Bytes.utf8("def")), options.bootfileParams());
        assertEquals(List.of(Addresses.parse6("2001:db8::53"), Addresses.parse6("2001:db8::54")), options.dnsServers());
        assertEquals(List.of(DomainName.parse("example.com"), DomainName.parse("lab")), options.domainSearch());
        Option6.StatusCode status = options.statusCode().orElseThrow();
        assertEquals(Option6.StatusCode.SUCCESS, status.status());
        assertEquals("all good", status.messageText());
    }

    @Test
    void relayForwardKeepsEveryRelayOptionAndDecodesTheClientMessage() throws DecodeException {
        RelayMessage relay = assertInstanceOf(RelayMessage.class, decode(Dhcp6Vectors.RELAYED_SOLICIT));
        assertEquals(MessageType6.RELAY_FORW, relay.type());
        assertEquals(0, relay.hopCount());
        assertEquals(Addresses.parse6("2001:db8:0:1::1"), relay.linkAddress());
        assertEquals(Addresses.parse6("fe80::5054:ff:fe12:3456"), relay.peerAddress());
        Options6 options = relay.options();
        assertEquals(Bytes.utf8("eth0"), options.interfaceId().orElseThrow());
        assertEquals(new Option6.RemoteId(3561, Bytes.fromHex("010203040506")), options.remoteId().orElseThrow());
        assertEquals(new Option6.ClientLinkLayerAddress(1, Bytes.fromHex("525400123456")),
                options.clientLinkLayerAddress().orElseThrow());
        assertEquals(8738, options.relaySourcePort().orElseThrow());
        ClientServerMessage inner = assertInstanceOf(ClientServerMessage.class, relay.relayed().orElseThrow());
        assertEquals(MessageType6.SOLICIT, inner.type());
        assertEquals(Duid.LL, inner.options().clientId().orElseThrow().type());
        assertTrue(inner.options().rapidCommit());
    }

    @Test
    void prefixDelegationAndNtpSubOptions() throws DecodeException {
        Options6 options = decode(Dhcp6Vectors.REPLY_WITH_PD).options();
        Option6.IaPd iaPd = options.iaPds().get(0);
        assertEquals(1, iaPd.iaid());
        Option6.IaPrefix prefix = iaPd.options().iaPrefixes().get(0);
        assertEquals(56, prefix.prefixLength());
        assertEquals(Addresses.parse6("2001:db8:aa::"), prefix.prefix());
        Option6.NtpServer ntp = assertInstanceOf(Option6.NtpServer.class, options.get(Dhcp6Options.NTP_SERVER).orElseThrow());
        assertEquals(Addresses.parse6("2001:db8::123"), ntp.subOptions().address(Dhcp6Options.NTP_SERVER_ADDRESS).orElseThrow());
        assertEquals(Addresses.parse6("ff05::101"), ntp.subOptions().address(Dhcp6Options.NTP_SERVER_MULTICAST).orElseThrow());
        assertEquals(new Option6.Domain(Dhcp6Options.NTP_SERVER_FQDN, DomainName.parse("ntp.example")),
                ntp.subOptions().get(Dhcp6Options.NTP_SERVER_FQDN).orElseThrow());
        assertEquals(new Option6.Uint32(Dhcp6Options.SOLMAX_RT, 3600), options.get(Dhcp6Options.SOLMAX_RT).orElseThrow());
        assertTrue(options.has(Dhcp6Options.RECONF_ACCEPT));
    }

    @Test
    void dhcpv4QueryHasFlagsNotATransactionIdAndKeasMetadataIsTyped() throws DecodeException {
        Dhcp4o6Message query = assertInstanceOf(Dhcp4o6Message.class, decode(Dhcp6Vectors.DHCPV4_QUERY_WITH_KEA_METADATA));
        assertEquals(MessageType6.DHCPV4_QUERY, query.type());
        assertEquals(Dhcp4o6Message.UNICAST_FLAG, query.flags());
        assertTrue(query.unicast());
        assertEquals(Bytes.fromHex("0101060012345678"), query.options().dhcpv4Message().orElseThrow());
        Options6 metadata = query.options().vendorOptions(Dhcp6Options.ISC_ENTERPRISE).orElseThrow().subOptions();
        assertEquals("eth0", metadata.text(Dhcp6Options.ISC_4O6_INTERFACE).orElseThrow());
        assertEquals(Addresses.parse6("fe80::5054:ff:fe12:3456"),
                metadata.address(Dhcp6Options.ISC_4O6_SOURCE_ADDRESS).orElseThrow());
        assertEquals(546, metadata.uint16(Dhcp6Options.ISC_4O6_SOURCE_PORT).orElseThrow());
        assertInstanceOf(Option6.Raw.class, metadata.get(15).orElseThrow(), "ISC's space has no option 15");
    }

    @Test
    void unknownOptionsAndTypesRoundTripRaw() throws DecodeException {
        Options6 options = decode(Dhcp6Vectors.INFORMATION_REQUEST_4O6).options();
        assertEquals(List.of(23, 88, 32), options.requestedOptions());
        assertEquals(new Option6.Raw(143, Bytes.fromHex("010203")), options.get(143).orElseThrow());
        assertEquals(List.of(Bytes.utf8("iPXE")), options.userClasses());

        Dhcp6Message unknown = decode(Bytes.fromHex("c8 000001 0001 0003 000100"));
        assertEquals(200, unknown.type().code());
        assertEquals("TYPE-200", unknown.type().name());
    }

    @Test
    void optionNineInAClientMessageIsNotDecodedAsAMessage() throws DecodeException {
        Dhcp6Message message = decode(Bytes.fromHex("01 000001 0009 0004 01000001"));
        assertInstanceOf(Option6.Raw.class, message.options().get(Dhcp6Options.RELAY_MSG).orElseThrow());
    }

    @Test
    void relayChainUpToTheHopCountLimitDecodesAndOneMoreIsRefused() throws DecodeException {
        Bytes legal = nestRelays(Dhcp6Codec.MAX_RELAY_LAYERS);
        Dhcp6Message message = decode(legal);
        int depth = 0;
        while (message instanceof RelayMessage relay) {
            depth++;
            message = relay.relayed().orElseThrow();
        }
        assertEquals(Dhcp6Codec.MAX_RELAY_LAYERS, depth);

        DecodeException tooDeep = assertThrows(DecodeException.class,
                () -> Dhcp6Codec.decode(nestRelays(Dhcp6Codec.MAX_RELAY_LAYERS + 1).toArray()));
        assertTrue(tooDeep.getMessage().contains("nested relay"), tooDeep.getMessage());
    }

    private static Bytes nestRelays(int layers) {
        Dhcp6Message message = new ClientServerMessage(MessageType6.SOLICIT, 1,
                Options6.of(new Option6.DuidOption(Dhcp6Options.CLIENTID, Duid.fromHex("00030001525400123456"))));
        for (int hop = 0; hop < layers; hop++) {
            message = new RelayMessage(MessageType6.RELAY_FORW, hop, Addresses.parse6("2001:db8::1"),
                    Addresses.parse6("fe80::1"), Options6.of(new Option6.RelayedMessage(message)));
        }
        return Bytes.of(Dhcp6Codec.encode(message));
    }

    @Test
    void malformedInputsFailWithTheOffsetAndWhatIsWrong() {
        assertMalformed("", "message type", 0);
        assertMalformed("01 0000", "transaction-id", 1);
        assertMalformed("0c 00 20010db8", "link-address", 2);
        assertMalformed("01 000001 0001", "length of option 1", 6);
        assertMalformed("01 000001 0001 0010 0003000152540012", "clientid (1) at offset 4", 8);
        assertMalformed("01 000001 0001 0000", "a DUID is 3 to 130 bytes, not 0", 8);
        assertMalformed("01 000001 0001 0002 0003", "a DUID is 3 to 130 bytes", 8);
        assertMalformed("01 000001 0001 0083 0002" + "00".repeat(129), "a DUID is 3 to 130 bytes, not 131", 8);
        assertMalformed("01 000001 0003 0008 0000000100000000", "ia-na (3) at offset 4 T2", 16);
        assertMalformed("01 000001 0006 0003 001700", "is odd", 8);
        assertMalformed("01 000001 0017 0011 20010db8000000000000000000000001 00", "not a multiple of 16", 8);
        assertMalformed("07 000001 0018 0004 c00c0000", "compression is not allowed", 8);
        assertMalformed("07 000001 0018 0004 03616263", "label length", 12);
        assertMalformed("07 000001 0007 0002 0101", "unexpected trailing bytes", 9);
        assertMalformed("07 000001 0019 0029 00000001 00000000 00000000 001a 0019 00000000 00000000 81"
                + "20010db8000000000000000000000000", "prefix length 129 is over 128", 32);
        assertMalformed("0c 00 " + "00".repeat(32) + " 0009 0002 0101", "transaction-id", 39);
    }

    @Test
    void optionsNestedDeeperThanAnythingLegitimateAreRefused() {
        Option6 nested = new Option6.Raw(99, Bytes.EMPTY);
        for (int depth = 0; depth < 6; depth++) {
            nested = new Option6.IaNa(depth, 0, 0, Options6.of(nested));
        }
        byte[] bytes = Dhcp6Codec.encode(new ClientServerMessage(MessageType6.REQUEST, 1, Options6.of(nested)));
        DecodeException e = assertThrows(DecodeException.class, () -> Dhcp6Codec.decode(bytes));
        assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    }

    @Test
    void builtValuesEncodeToWhatTheyDecodeFrom() throws DecodeException {
        ClientServerMessage reply = new ClientServerMessage(MessageType6.REPLY, 0xabcdef, Options6.of(
                new Option6.DuidOption(Dhcp6Options.SERVERID, Duid.fromHex("0003000102000000ff01")),
                new Option6.IaNa(7, 100, 200, Options6.of(
                        new Option6.IaAddress(Addresses.parse6("2001:db8::7"), 300, 400,
                                Options6.of(Option6.StatusCode.of(0, "ok"))))),
                Option6.Text.of(Dhcp6Options.BOOTFILE_URL, "http://netboot.target/?mac=52:54:00:12:34:56"),
                new Option6.AddressList(Dhcp6Options.DHCP4O6_SERVER_ADDR, List.of()),
                new Option6.VendorClass(343, List.of(Bytes.utf8("HTTPClient")))));
        assertEquals(reply, Dhcp6Codec.decode(Dhcp6Codec.encode(reply)));
        assertFalse(reply.options().dhcp4o6ServerAddresses().iterator().hasNext(), "an empty 88 means 'use multicast'");
    }

    private static void assertMalformed(String hex, String expectedProblem, int expectedOffset) {
        DecodeException e = assertThrows(DecodeException.class, () -> Dhcp6Codec.decode(Bytes.fromHex(hex).toArray()),
                hex);
        assertTrue(e.getMessage().contains(expectedProblem), "'" + e.getMessage() + "' names " + expectedProblem);
        assertEquals(expectedOffset, e.offset(), e.getMessage());
    }
}
