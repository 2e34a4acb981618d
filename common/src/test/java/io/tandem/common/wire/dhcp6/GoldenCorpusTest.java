package io.tandem.common.wire.dhcp6;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.testing.GoldenCorpus;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every captured datagram decodes to its expected form and re-encodes to the very same bytes,
 * and so does every DHCPv4 message carried in option 87.
 */
class GoldenCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<GoldenCorpus.Packet> packets() {
        return GoldenCorpus.packets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void decodesAsExpectedAndReEncodesByteExact(GoldenCorpus.Packet packet) throws Exception {
        Dhcp6Message message = Dhcp6Codec.decode(packet.bytes().toArray());
        // Compared as parsed text: the stored form reads numbers back as the smallest type that fits.
        assertEquals(packet.expected(), JSON.readTree(Dhcp6Json.toJson(message).toString()), "decoded form");
        assertArrayEquals(packet.bytes().toArray(), Dhcp6Codec.encode(message), "re-encoded bytes");
        Dhcp6Message innermost = message;
        while (innermost instanceof RelayMessage relay) {
            innermost = relay.relayed().orElseThrow();
        }
        for (Bytes dhcpv4 : innermost.options().dhcpv4Message().stream().toList()) {
            // Kea's DHCPv4 side does not pad to 300 bytes, so its replies re-encode at their own length.
            byte[] original = dhcpv4.toArray();
            assertArrayEquals(original, Dhcp4Codec.encode(Dhcp4Codec.decode(original), original.length),
                    "re-encoded DHCPv4 message of option 87");
        }
    }

    /** The corpus must keep a capture of each real client and peer the codec is proven against. */
    @Test
    void holdsEveryRealClientAndPeer() {
        Set<String> files = packets().stream().map(GoldenCorpus.Packet::file).collect(Collectors.toSet());
        for (String expected : List.of("dhclient-duid-ll.txt", "dhclient-duid-llt.txt", "dhcpcd.txt", "dhcp6c.txt",
                "dhcrelay.txt", "kea-4o6-link.txt", "kea-4o6-loopback.txt")) {
            assertTrue(files.contains(expected), "golden corpus lacks " + expected + " (has " + files + ")");
        }
    }
}
