package io.tandem.common.wire.dhcp4;

import static io.tandem.common.wire.dhcp4.Dhcp4Vectors.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.WireWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Dhcp4CodecVectorTest {
    private static final Bytes MAC = Bytes.fromHex("00:0b:82:01:fc:42");

    private static Dhcp4Message decodeAndReencode(String table) throws DecodeException {
        byte[] wire = bytes(table);
        Dhcp4Message message = Dhcp4Codec.decode(wire);
        assertArrayEquals(wire, Dhcp4Codec.encode(message), "re-encoding is byte-exact");
        return message;
    }

    /** Appended to a writer that holds bytes already, a message is the same bytes, padded from its own start. */
    @Test
    void encodesAfterWhatAWriterHolds() throws DecodeException {
        Dhcp4Message m = Dhcp4Codec.decode(bytes(Dhcp4Vectors.DISCOVER));
        for (int minimum : new int[] {0, 300, 576}) {
            WireWriter out = new WireWriter(8).u32(0xdeadbeefL);
            Dhcp4Codec.encode(m, minimum, out);
            byte[] alone = Dhcp4Codec.encode(m, minimum);
            byte[] appended = out.toByteArray();
            assertEquals(4 + alone.length, appended.length);
            assertArrayEquals(alone, Arrays.copyOfRange(appended, 4, appended.length));
        }
    }

    @Test
    void discover() throws DecodeException {
        Dhcp4Message m = decodeAndReencode(Dhcp4Vectors.DISCOVER);
        assertEquals(300, bytes(Dhcp4Vectors.DISCOVER).length);

        assertEquals(Dhcp4Message.BOOTREQUEST, m.op());
        assertTrue(m.isRequest());
        assertEquals(1, m.htype());
        assertEquals(6, m.hlen());
        assertEquals(0, m.hops());
        assertEquals(0x3903f326, m.xid());
        assertEquals(0, m.secs());
        assertEquals(0x8000, m.flags());
        assertTrue(m.isBroadcast());
        assertEquals(Dhcp4Message.ANY, m.ciaddr());
        assertEquals(Dhcp4Message.ANY, m.yiaddr());
        assertEquals(Dhcp4Message.ANY, m.siaddr());
        assertEquals(Dhcp4Message.ANY, m.giaddr());
        assertFalse(m.isRelayed());
        assertEquals(MAC, m.hardwareAddress());
        assertEquals(Optional.empty(), m.serverName());
        assertEquals(Optional.empty(), m.bootFileName());

        Options4 o = m.options();
        assertEquals(List.of(53, 61, 55, 57, 12, 60), o.all().stream().map(Option4::code).toList());
        assertEquals(Optional.of(MessageType4.DISCOVER), o.messageType());
        assertEquals(Optional.of(MessageType4.DISCOVER), m.messageType());
        assertEquals(Optional.of(new Option4.ClientId(1, MAC)), o.clientIdentifier());
        assertEquals(Bytes.fromHex("01 000b8201fc42"), o.clientIdentifier().orElseThrow().value());
        assertEquals(List.of(1, 3, 6, 42), o.parameterRequestList());
        assertEquals(Optional.of(1472), o.maxMessageSize());
        assertEquals(Optional.of("pxe-1"), o.hostName());
        assertEquals(Optional.of("PXEClient"), o.vendorClassIdentifier());
        assertEquals(Optional.empty(), o.relayAgentInfo());
    }

    @Test
    void offer() throws DecodeException {
        Dhcp4Message m = decodeAndReencode(Dhcp4Vectors.OFFER);
        assertEquals(303, bytes(Dhcp4Vectors.OFFER).length);

        assertTrue(m.isReply());
        assertEquals(0x3903f326, m.xid());
        assertEquals(Addresses.parse4("192.0.2.10"), m.yiaddr());
        assertEquals(Addresses.parse4("192.0.2.1"), m.siaddr());
        assertEquals(Optional.of("tandem"), m.serverName());
        assertEquals(Optional.of("ipxe.efi"), m.bootFileName());

        Options4 o = m.options();
        assertEquals(List.of(53, 1, 3, 6, 15, 51, 54, 58, 59), o.all().stream().map(Option4::code).toList());
        assertEquals(Optional.of(MessageType4.OFFER), o.messageType());
        assertEquals(Optional.of(Addresses.parse4("255.255.255.0")), o.subnetMask());
        assertEquals(List.of(Addresses.parse4("192.0.2.1")), o.routers());
        assertEquals(List.of(Addresses.parse4("192.0.2.53"), Addresses.parse4("192.0.2.54")), o.domainNameServers());
        assertEquals(Optional.of("example.com"), o.domainName());
        assertEquals(Optional.of(3600L), o.leaseTime());
        assertEquals(Optional.of(Addresses.parse4("192.0.2.1")), o.serverIdentifier());
        assertEquals(Optional.of(1800L), o.renewalTime());
        assertEquals(Optional.of(3150L), o.rebindingTime());
    }

    @Test
    void relayedRequest() throws DecodeException {
        Dhcp4Message m = decodeAndReencode(Dhcp4Vectors.RELAYED_REQUEST);

        assertEquals(1, m.hops());
        assertEquals(3, m.secs());
        assertFalse(m.isBroadcast());
        assertEquals(Addresses.parse4("198.51.100.1"), m.giaddr());
        assertTrue(m.isRelayed());
        Options4 o = m.options();
        assertEquals(Optional.of(MessageType4.REQUEST), o.messageType());
        assertEquals(Optional.of(Addresses.parse4("192.0.2.10")), o.requestedAddress());
        assertEquals(Optional.of(Addresses.parse4("192.0.2.1")), o.serverIdentifier());
        assertEquals(List.of(1, 3, 6), o.parameterRequestList());

        Option4.RelayAgentInfo agent = o.relayAgentInfo().orElseThrow();
        assertEquals(Option4.RelayAgentInfo.of(
                new Option4.Raw(1, Bytes.fromHex("000a0003")),
                new Option4.Raw(2, Bytes.fromHex("0006001a2b3c4d5e")),
                new Option4.Address(5, Addresses.parse4("198.51.100.0"))), agent);
        assertEquals(Optional.of(Bytes.fromHex("000a0003")), agent.circuitId());
        assertEquals(Optional.of(Bytes.fromHex("0006001a2b3c4d5e")), agent.remoteId());
        assertEquals(Optional.of(Addresses.parse4("198.51.100.0")), agent.linkSelection());
        assertEquals(Optional.empty(), agent.serverIdOverride());
        assertEquals(Optional.empty(), agent.subscriberId());
    }

    @Test
    void overloadReadsFileThenSnameAndReencodesCanonically() throws DecodeException {
        Dhcp4Message m = Dhcp4Codec.decode(bytes(Dhcp4Vectors.OVERLOADED_DISCOVER));

        Options4 o = m.options();
        assertEquals(List.of(53, 61, 12, 55, 60), o.all().stream().map(Option4::code).toList(),
                "options field first, then file, then sname; option 52 is layout and not listed");
        assertEquals(Optional.of("pc-one"), o.hostName());
        assertEquals(List.of(1, 3, 6, 42), o.parameterRequestList());
        assertEquals(Optional.of("PXEClient"), o.vendorClassIdentifier(), "file's part, then sname's");
        assertEquals(Bytes.of(new byte[64]), m.sname(), "sname held options, not a name");
        assertEquals(Bytes.of(new byte[128]), m.file(), "file held options, not a name");
        assertEquals(Optional.empty(), m.serverName());
        assertEquals(Optional.empty(), m.bootFileName());

        byte[] canonical = bytes(Dhcp4Vectors.OVERLOADED_DISCOVER_CANONICAL);
        assertArrayEquals(canonical, Dhcp4Codec.encode(m));
        assertEquals(m, Dhcp4Codec.decode(canonical));
    }

    @Test
    void overloadOfFileOnlyLeavesSnameAsText() throws DecodeException {
        byte[] wire = bytes("""
                01 01 06 00 00000001 0000 0000 00000000 00000000 00000000 00000000
                000b8201fc42 00*10      # chaddr
                "boot.example" 00*52    # sname: still a name
                0c 03 "abc" ff 00*122   # file: 12 host-name, END
                63825363
                34 01 01                # 52 dhcp-option-overload: file only
                ff
                """);
        Dhcp4Message m = Dhcp4Codec.decode(wire);
        assertEquals(Optional.of("boot.example"), m.serverName());
        assertEquals(Optional.empty(), m.bootFileName());
        assertEquals(Optional.of("abc"), m.options().hostName());
    }

    @Test
    void longOptionIsSplitAt255() throws DecodeException {
        Dhcp4Message m = decodeAndReencode(Dhcp4Vectors.SPLIT_BOOT_FILE_NAME);
        String name = "http://192.0.2.1/" + "a".repeat(283);
        assertEquals(Optional.of(name), m.options().bootFileName());
        assertEquals(List.of(53, 67), m.options().all().stream().map(Option4::code).toList());
        assertEquals(548, bytes(Dhcp4Vectors.SPLIT_BOOT_FILE_NAME).length);
    }

    @Test
    void instancesAreJoinedWhereverTheyAre() throws DecodeException {
        Dhcp4Message uneven = Dhcp4Codec.decode(bytes(Dhcp4Vectors.SPLIT_BOOT_FILE_NAME_UNEVEN));
        assertEquals(Dhcp4Codec.decode(bytes(Dhcp4Vectors.SPLIT_BOOT_FILE_NAME)), uneven);
        assertArrayEquals(bytes(Dhcp4Vectors.SPLIT_BOOT_FILE_NAME), Dhcp4Codec.encode(uneven));
    }

    @Test
    void aSplitRelayAgentOptionIsJoinedBeforeItsSubOptionsAreRead() throws DecodeException {
        byte[] wire = bytes(header() + """
                52 05 01 04 000a00      # 82, first instance: circuit-id cut after 3 of its 4 bytes
                35 01 01                # 53 dhcp-message-type
                52 05 03 02 02 0102     # 82, second instance: the circuit-id's last byte, remote-id
                ff
                """);
        Option4.RelayAgentInfo agent = Dhcp4Codec.decode(wire).options().relayAgentInfo().orElseThrow();
        assertEquals(Optional.of(Bytes.fromHex("000a0003")), agent.circuitId());
        assertEquals(Optional.of(Bytes.fromHex("0102")), agent.remoteId());
    }

    @Test
    void padBetweenOptionsAndBytesAfterEndAreIgnored() throws DecodeException {
        Dhcp4Message canonical = Dhcp4Codec.decode(bytes(Dhcp4Vectors.DISCOVER));
        byte[] loose = bytes(header("8000", "3903f326") + """
                35 01 01 00 00          # 53, then two PADs
                3d 07 01 000b8201fc42   # 61
                00                      # PAD
                37 04 01 03 06 2a       # 55
                39 02 05c0              # 57
                0c 05 "pxe-1"           # 12
                3c 09 "PXEClient"       # 60
                ff                      # END
                "garbage after END" 01 02 03
                """);
        assertEquals(canonical, Dhcp4Codec.decode(loose));
    }

    @Test
    void aMissingEndEndsTheOptionsAtTheEndOfTheDatagram() throws DecodeException {
        byte[] wire = bytes(header() + "35 01 03");
        assertEquals(Optional.of(MessageType4.REQUEST), Dhcp4Codec.decode(wire).messageType());
    }

    @Test
    void aCapturePaddedTo548BytesReencodesWithItsOwnLength() throws DecodeException {
        byte[] wire = Arrays.copyOf(bytes(Dhcp4Vectors.DISCOVER), 548);
        Dhcp4Message m = Dhcp4Codec.decode(wire);
        assertArrayEquals(wire, Dhcp4Codec.encode(m, wire.length));
        assertArrayEquals(bytes(Dhcp4Vectors.DISCOVER), Dhcp4Codec.encode(m));
    }

    @Test
    void unknownOptionsAndMessageTypesRoundTrip() throws DecodeException {
        Dhcp4Message m = decodeAndReencode(header() + """
                35 01 c8                # 53 dhcp-message-type: 200, which nobody defined
                fa 03 010203            # 250: not in the registry
                ab 00                   # 171: not in the registry, empty
                ff 00*49
                """);
        assertEquals(Optional.of(MessageType4.of(200)), m.messageType());
        assertEquals("TYPE-200", m.messageType().orElseThrow().name());
        assertEquals(Optional.of(new Option4.Raw(250, Bytes.fromHex("010203"))), m.options().get(250));
        assertEquals(Optional.of(new Option4.Raw(171, Bytes.EMPTY)), m.options().get(171));
    }

    @Test
    void pxeOptionsDecodeToTheirRecords() throws DecodeException {
        Dhcp4Message m = decodeAndReencode(header() + """
                35 01 01                # 53 DHCPDISCOVER
                5d 02 0007              # 93 client-system: EFI x86-64 (7)
                5e 03 010310            # 94 client-ndi: UNDI 3.16
                61 11 00 00112233445566778899aabbccddeeff # 97 uuid-guid: type 0, GUID
                02 04 fffff1f0          # 2 time-offset: -3600
                ff 00*22
                """);
        Options4 o = m.options();
        assertEquals(List.of(7), o.clientSystem());
        assertEquals(Optional.of(new Option4.ClientNdi(1, 3, 16)), o.clientNdi());
        assertEquals(Optional.of(new Option4.UuidGuid(0, Bytes.fromHex("00112233445566778899aabbccddeeff"))),
                o.uuidGuid());
        assertEquals(Optional.of(new Option4.Int32(2, -3600)), o.get(2));
    }

    @Test
    void aHostNameWithATrailingNulReadsWithoutIt() throws DecodeException {
        Dhcp4Message m = decodeAndReencode(header() + "0c 04 \"pc1\" 00 ff 00*53");
        assertEquals(Optional.of("pc1"), m.options().hostName());
        assertEquals(Optional.of(new Option4.Text(12, Bytes.fromHex("70633100"))), m.options().get(12));
    }

    @Test
    void manyTinyInstancesAreJoinedInOnePass() throws DecodeException {
        int instances = 16_000;
        WireWriter out = new WireWriter().bytes(bytes(header()));
        for (int i = 0; i < instances; i++) {
            out.u8(Dhcp4Options.RELAY_AGENT_INFORMATION).u8(2).u8(Dhcp4Options.AGENT_CIRCUIT_ID).u8(0);
        }
        Dhcp4Message m = Dhcp4Codec.decode(out.u8(Dhcp4Options.END).toByteArray());
        assertEquals(instances, m.options().relayAgentInfo().orElseThrow().subOptions().size());
        assertEquals(m, Dhcp4Codec.decode(Dhcp4Codec.encode(m)));
    }

    /** A BOOTREQUEST header with the given flags and xid, the DISCOVER's chaddr, and the cookie. */
    static String header(String flags, String xid) {
        return """
                01 01 06 00 %s 0000 %s  # op, htype, hlen, hops, xid, secs, flags
                00000000 00000000 00000000 00000000 # ciaddr, yiaddr, siaddr, giaddr
                000b8201fc42 00*10      # chaddr
                00*64 00*128            # sname, file
                63825363                # magic cookie
                """.formatted(xid, flags);
    }

    static String header() {
        return header("0000", "00000001");
    }
}
