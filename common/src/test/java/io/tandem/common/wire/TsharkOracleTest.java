package io.tandem.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.GoldenCorpus;
import io.tandem.common.testing.Pcap;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp6.Dhcp6Arbitraries;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Vectors;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark as an independent decoder: everything our encoders produce (the re-encoded golden corpus,
 * the hand-built vectors and thousands of generated messages) goes into a pcap, and tshark must
 * find no malformed packet and no expert error in it. tshark 4.0 does not look inside option 87,
 * so each DHCPv4 message is also written as a plain DHCPv4 datagram.
 */
@Tag("system")
class TsharkOracleTest {
    private static final int GENERATED_MESSAGES = 3000;

    @TempDir
    Path directory;

    @Test
    void tsharkFindsNothingMalformedInWhatWeEncode() throws Exception {
        List<Dhcp6Message> messages = new ArrayList<>();
        for (GoldenCorpus.Packet packet : GoldenCorpus.packets()) {
            messages.add(Dhcp6Codec.decode(packet.bytes().toArray()));
        }
        for (Bytes vector : Dhcp6Vectors.all()) {
            messages.add(Dhcp6Codec.decode(vector.toArray()));
        }
        Dhcp6Arbitraries.messages().sampleStream().limit(GENERATED_MESSAGES).forEach(messages::add);

        List<byte[]> dhcp6 = new ArrayList<>();
        List<byte[]> dhcp4 = new ArrayList<>();
        for (Dhcp6Message message : messages) {
            dhcp6.add(Dhcp6Codec.encode(message));
            collectDhcp4(message, dhcp4);
        }
        Path dhcp6Pcap = directory.resolve("dhcp6.pcap");
        Pcap.writeUdp(dhcp6Pcap, dhcp6, true, 546, 547);
        assertNoTsharkComplaints(dhcp6Pcap, dhcp6.size());

        assertTrue(dhcp4.size() >= 6, "the golden corpus carries Kea's DHCPv4 messages");
        Path dhcp4Pcap = directory.resolve("dhcp4.pcap");
        Pcap.writeUdp(dhcp4Pcap, dhcp4, false, 68, 67);
        assertNoTsharkComplaints(dhcp4Pcap, dhcp4.size());
    }

    /** The DHCPv4 messages in option 87, decoded and re-encoded by our DHCPv4 codec. */
    private static void collectDhcp4(Dhcp6Message message, List<byte[]> out) {
        if (message instanceof RelayMessage relay) {
            relay.relayed().ifPresent(inner -> collectDhcp4(inner, out));
        }
        message.options().dhcpv4Message().ifPresent(bytes -> {
            try {
                Dhcp4Message decoded = Dhcp4Codec.decode(bytes.toArray());
                out.add(Dhcp4Codec.encode(decoded));
            } catch (DecodeException notDhcp4) {
                // generated messages carry random bytes in option 87; only real DHCPv4 goes to tshark
            }
        });
    }

    private static void assertNoTsharkComplaints(Path pcap, int expectedFrames) throws IOException, InterruptedException {
        List<String> frames = tshark(pcap, "-T", "fields", "-e", "frame.number", "-e", "_ws.col.Protocol");
        assertEquals(expectedFrames, frames.size(), "tshark read every frame");
        for (String frame : frames) {
            assertTrue(frame.endsWith("DHCPv6") || frame.endsWith("DHCP"), "tshark dissected " + frame);
        }
        List<String> complaints = tshark(pcap, "-Y", "_ws.malformed || _ws.expert.severity >= 0x00800000",
                "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message", "-e", "_ws.col.Info");
        assertEquals(List.of(), complaints, "tshark's complaints about " + pcap.getFileName());
    }

    private static List<String> tshark(Path pcap, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(pcap.getParent(), "tshark", ".txt");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("tshark is needed for this test: scripts/install-test-deps installs it", e);
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "tshark finished");
        assertEquals(0, process.exitValue(), "tshark exit status: " + String.join(" ", command));
        return Files.readAllLines(output).stream().filter(line -> !line.isBlank()).toList();
    }
}
