package io.tandem.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The golden corpus: DHCPv6 datagrams captured from real clients and peers, each stored as
 * annotated hex with its expected decoded form. File layout ({@code golden/dhcp6/*.txt}):
 *
 * <pre>
 * # comments about the capture
 * === packet 1: fe80::1:546 -> ff02::1:2:547
 * 01 a1b2c3          # anything after '#' is a comment
 * 0001 000a ...
 * --- decoded
 * { JSON }
 * </pre>
 */
public final class GoldenCorpus {
    public static final String PACKET_MARK = "=== ";
    public static final String DECODED_MARK = "--- decoded";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GoldenCorpus() {
    }

    public record Packet(String file, String title, Bytes bytes, JsonNode expected) {
        @Override
        public String toString() {
            return file + " " + title;
        }
    }

    /** The directory of the corpus in the source tree (the tests run with the module as working directory). */
    public static Path directory() {
        try {
            URI corpus = GoldenCorpus.class.getResource("/golden/dhcp6").toURI();
            if (corpus.getScheme().equals("jar")) {
                // Another module's tests read common's test classes as a jar: its file system must be open.
                try {
                    FileSystems.newFileSystem(corpus, Map.of());
                } catch (FileSystemAlreadyExistsException alreadyOpen) {
                    // Opened before.
                }
            }
            return Path.of(corpus);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("golden/dhcp6 is not on the test classpath", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Packet> packets() {
        List<Packet> packets = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                packets.addAll(parse(file.getFileName().toString(), Files.readAllLines(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packets;
    }

    static List<Packet> parse(String file, List<String> lines) throws IOException {
        List<Packet> packets = new ArrayList<>();
        String title = null;
        StringBuilder hex = new StringBuilder();
        StringBuilder json = null;
        for (String line : lines) {
            if (line.startsWith(PACKET_MARK)) {
                if (title != null) {
                    packets.add(packet(file, title, hex, json));
                }
                title = line.substring(PACKET_MARK.length()).trim();
                hex.setLength(0);
                json = null;
            } else if (line.startsWith(DECODED_MARK)) {
                json = new StringBuilder();
            } else if (json != null) {
                json.append(line).append('\n');
            } else if (title != null) {
                int comment = line.indexOf('#');
                hex.append(comment >= 0 ? line.substring(0, comment) : line);
            }
        }
        if (title != null) {
            packets.add(packet(file, title, hex, json));
        }
        return packets;
    }

    private static Packet packet(String file, String title, StringBuilder hex, StringBuilder json) throws IOException {
        if (json == null) {
            throw new IOException(file + ": packet '" + title + "' has no decoded section");
        }
        return new Packet(file, title, Bytes.fromHex(hex.toString()), JSON.readTree(json.toString()));
    }
}
