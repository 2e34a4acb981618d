package io.tandem.dhcp4o6d.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.Pcap;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codecs against live traffic, not only the stored corpus: the capture lab runs the real
 * clients, relay and Kea pair in network namespaces, and every datagram they exchange must decode
 * and re-encode byte for byte (the DHCPv4 messages inside option 87 must decode too). It lives in
 * dhcp4o6d, not common, because the lab drives the 4o6 exchanges with scripts/dhcp4o6-client,
 * whose jar the reactor builds after common.
 */
@Tag("system")
class LiveCaptureTest {
    @TempDir
    Path pcaps;

    @Test
    void everyDatagramOfTheRealClientsAndKeaRoundTrips() throws Exception {
        Path script = Launcher.repository().resolve("scripts/capture-golden");
        Process capture = new ProcessBuilder(script.toString(), pcaps.toString())
                .redirectErrorStream(true).redirectOutput(pcaps.resolve("capture.log").toFile()).start();
        boolean finished = capture.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            capture.destroy();
        }
        String log = Files.readString(pcaps.resolve("capture.log"));
        assertTrue(finished, "capture lab finished:\n" + log);
        assertEquals(0, capture.exitValue(), "capture lab (needs root and scripts/install-test-deps):\n" + log);

        List<Path> files;
        try (Stream<Path> listing = Files.list(pcaps)) {
            files = listing.filter(file -> file.toString().endsWith(".pcap")).sorted().toList();
        }
        assertTrue(files.size() >= 8, "one pcap per scenario: " + files);
        int datagrams = 0;
        int dhcp4 = 0;
        for (Path file : files) {
            for (Pcap.Datagram datagram : Pcap.readUdp(file)) {
                Dhcp6Message message = Dhcp6Codec.decode(datagram.payload());
                assertArrayEquals(datagram.payload(), Dhcp6Codec.encode(message), file + " frame " + datagram.frame());
                datagrams++;
                for (Bytes v4 : dhcpv4Messages(message)) {
                    byte[] original = v4.toArray();
                    assertArrayEquals(original, Dhcp4Codec.encode(Dhcp4Codec.decode(original), original.length),
                            file + " frame " + datagram.frame() + " option 87");
                    dhcp4++;
                }
            }
        }
        assertTrue(datagrams >= 60, "datagrams captured: " + datagrams);
        assertTrue(dhcp4 >= 24, "DHCPv4 messages inside option 87: " + dhcp4);
    }

    private static List<Bytes> dhcpv4Messages(Dhcp6Message message) {
        List<Bytes> found = new ArrayList<>();
        Dhcp6Message current = message;
        while (current instanceof RelayMessage relay && relay.relayed().isPresent()) {
            current = relay.relayed().get();
        }
        current.options().dhcpv4Message().ifPresent(found::add);
        return found;
    }
}
