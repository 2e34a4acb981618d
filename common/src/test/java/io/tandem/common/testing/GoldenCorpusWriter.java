package io.tandem.common.testing;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Json;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Turns the captures of {@code scripts/capture-golden} into the golden corpus: one text file per
 * pcap, each DHCPv6 datagram as hex annotated field by field, tshark's one-line summary, and our
 * decoded form. Run by the capture script; review the diff before committing a refreshed corpus.
 *
 * <p>Arguments: the pcap directory and the corpus directory.
 */
public final class GoldenCorpusWriter {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<Integer> DHCP6_PORTS = List.of(546, 547, 6767, 6768);

    private GoldenCorpusWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path pcaps = Path.of(args[0]);
        Path corpus = Path.of(args[1]);
        Files.createDirectories(corpus);
        try (Stream<Path> files = Files.list(pcaps)) {
            for (Path pcap : files.filter(f -> f.toString().endsWith(".pcap")).sorted().toList()) {
                String name = pcap.getFileName().toString().replaceFirst("\\.pcap$", "");
                Files.writeString(corpus.resolve(name + ".txt"), render(pcap, name));
                System.out.println("wrote " + corpus.resolve(name + ".txt"));
            }
        }
    }

    private static String render(Path pcap, String name) throws IOException, InterruptedException {
        StringBuilder out = new StringBuilder();
        out.append("# Golden corpus: ").append(name).append(".pcap, written by GoldenCorpusWriter.\n");
        Path about = pcap.resolveSibling(name + ".about");
        if (Files.exists(about)) {
            for (String line : Files.readAllLines(about)) {
                out.append("# ").append(line).append('\n');
            }
        }
        out.append("# Each packet: UDP payload as hex (comments after '#'), then our decoded form.\n");
        Map<Integer, String> summaries = tsharkSummaries(pcap);
        ObjectMapper mapper = new ObjectMapper();
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        for (Pcap.Datagram datagram : Pcap.readUdp(pcap)) {
            if (!DHCP6_PORTS.contains(datagram.destinationPort()) && !DHCP6_PORTS.contains(datagram.sourcePort())) {
                continue;
            }
            Dhcp6Message message;
            try {
                message = Dhcp6Codec.decode(datagram.payload());
            } catch (DecodeException e) {
                throw new IOException(pcap + " frame " + datagram.frame() + " does not decode: " + e.getMessage(), e);
            }
            out.append('\n').append(GoldenCorpus.PACKET_MARK).append("frame ").append(datagram.frame()).append(": ")
                    .append(endpoint(datagram.source(), datagram.sourcePort())).append(" -> ")
                    .append(endpoint(datagram.destination(), datagram.destinationPort())).append('\n');
            String summary = summaries.get(datagram.frame());
            if (summary != null) {
                out.append("# tshark: ").append(summary).append('\n');
            }
            annotate(out, datagram.payload(), 0, datagram.payload().length, "");
            out.append(GoldenCorpus.DECODED_MARK).append('\n');
            out.append(mapper.writer(printer).writeValueAsString(Dhcp6Json.toJson(message))).append('\n');
        }
        return out.toString();
    }

    private static String endpoint(String address, int port) {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }

    /** Annotates a DHCPv6 message: the header, then one line per option, relay messages recursively. */
    private static void annotate(StringBuilder out, byte[] data, int from, int to, String indent) {
        MessageType6 type = MessageType6.of(data[from] & 0xff);
        int header = type.isRelay() ? 34 : 4;
        line(out, data, from, Math.min(from + header, to), indent + type.name()
                + (type.isRelay() ? " hop-count, link-address, peer-address" : type.isDhcp4o6() ? " flags" : " transaction-id"));
        int at = from + header;
        while (at + 4 <= to) {
            int code = (data[at] & 0xff) << 8 | data[at + 1] & 0xff;
            int length = (data[at + 2] & 0xff) << 8 | data[at + 3] & 0xff;
            int end = Math.min(at + 4 + length, to);
            String label = indent + Dhcp6Options.DHCP6.nameOf(code) + " (" + code + "), " + length + " bytes";
            if (code == Dhcp6Options.RELAY_MSG && type.isRelay()) {
                line(out, data, at, at + 4, label);
                annotate(out, data, at + 4, end, indent + "  ");
            } else {
                line(out, data, at, end, label);
            }
            at = end;
        }
    }

    private static void line(StringBuilder out, byte[] data, int from, int to, String comment) {
        String hex = HEX.formatHex(data, from, to);
        for (int i = 0; i == 0 || i < hex.length(); i += 64) {
            String chunk = hex.substring(i, Math.min(hex.length(), i + 64));
            out.append(chunk);
            if (i == 0) {
                out.append(" ".repeat(Math.max(1, 66 - chunk.length()))).append("# ").append(comment);
            }
            out.append('\n');
        }
    }

    /** tshark's own summary of each frame, as an independent annotation; empty without tshark. */
    private static Map<Integer, String> tsharkSummaries(Path pcap) throws IOException, InterruptedException {
        Map<Integer, String> summaries = new TreeMap<>();
        List<String> command = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-T", "fields",
                "-e", "frame.number", "-e", "_ws.col.Info"));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noTshark) {
            return summaries;
        }
        for (String line : new String(process.getInputStream().readAllBytes()).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                summaries.put(Integer.parseInt(line.substring(0, tab)), line.substring(tab + 1));
            }
        }
        process.waitFor(30, TimeUnit.SECONDS);
        return summaries;
    }
}
