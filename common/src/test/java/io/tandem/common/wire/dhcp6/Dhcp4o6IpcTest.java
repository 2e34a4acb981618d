package io.tandem.common.wire.dhcp6;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.GoldenCorpus;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kea's own port-pair datagrams (golden corpus) read and written back byte for byte. */
class Dhcp4o6IpcTest {
    static List<GoldenCorpus.Packet> keaPortPair() {
        return GoldenCorpus.packets().stream().filter(p -> p.file().startsWith("kea-4o6-")
                && p.file().contains("loopback")).toList();
    }

    @Test
    void keasDatagramsDecodeAndReEncodeExactly() throws DecodeException {
        List<GoldenCorpus.Packet> packets = keaPortPair();
        assertTrue(packets.size() >= 12, "the corpus holds Kea's port-pair traffic");
        for (GoldenCorpus.Packet packet : packets) {
            Dhcp4o6Ipc.Envelope envelope = Dhcp4o6Ipc.decode(packet.bytes().toArray());
            assertArrayEquals(packet.bytes().toArray(), Dhcp4o6Ipc.encode(envelope), packet.toString());
            Dhcp6Message innermost = envelope.message();
            while (innermost instanceof RelayMessage relay) {
                innermost = relay.relayed().orElseThrow();
            }
            assertFalse(innermost.options().vendorOptions(Dhcp6Options.ISC_ENTERPRISE).isPresent(), "stripped");
            assertTrue(innermost.options().dhcpv4Message().isPresent());
        }
    }

    @Test
    void directAndRelayedMetadataAsKeaWritesIt() throws DecodeException {
        List<GoldenCorpus.Packet> packets = keaPortPair();
        Dhcp4o6Ipc.Envelope direct = Dhcp4o6Ipc.decode(packets.stream()
                .filter(p -> p.file().equals("kea-4o6-loopback.txt")).findFirst().orElseThrow().bytes().toArray());
        assertEquals("srv0", direct.interfaceName());
        assertTrue(direct.sourceAddress().isLinkLocalAddress());
        assertEquals(546, direct.sourcePort());
        assertTrue(direct.message() instanceof Dhcp4o6Message);
    }

    @Test
    void aDatagramWithoutCompleteMetadataIsRefused() {
        Dhcp4o6Message bare = new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.EMPTY)));
        assertThrows(DecodeException.class, () -> Dhcp4o6Ipc.decode(Dhcp6Codec.encode(bare)));
        Dhcp4o6Message partial = new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0, Options6.of(
                new Option6.VendorOptions(Dhcp6Options.ISC_ENTERPRISE, Options6.of(
                        Option6.Text.of(Dhcp6Options.ISC_4O6_INTERFACE, "eth0"))),
                new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.EMPTY)));
        DecodeException e = assertThrows(DecodeException.class, () -> Dhcp4o6Ipc.decode(Dhcp6Codec.encode(partial)));
        assertTrue(e.getMessage().contains("60001"), e.getMessage());
    }
}
