package io.tandem.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the conformance harnesses' data files (dhcp6d's and dhcp4o6d's) have in common. */
public final class ConformanceData {
    private ConformanceData() {
    }

    /** The data files of {@code directory}: its JSON files but {@value Differences#FILE_NAME}, in name order. */
    public static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals(Differences.FILE_NAME)).sorted().toList();
        }
    }

    /** The directory {@code name} of the test classes' resources that hold {@code anchor}. */
    public static Path directory(Class<?> anchor, String name) {
        try {
            return Path.of(anchor.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /**
     * A scenario's step as the steps it stands for: {@code {"do": "bind", ...}} is the steps of the
     * file's sequence {@code bind}, each given the step's {@code inherited} keys it does not set
     * itself; any other step is itself.
     */
    public static List<JsonNode> steps(JsonNode step, JsonNode sequences, List<String> inherited, String where) {
        if (!step.has("do")) {
            return List.of(step);
        }
        JsonNode sequence = sequences.path(step.path("do").asText());
        if (!sequence.isArray()) {
            throw new IllegalArgumentException(where + ": no sequence " + step.path("do"));
        }
        List<JsonNode> expanded = new ArrayList<>();
        for (JsonNode included : sequence) {
            ObjectNode copy = included.deepCopy();
            for (String key : inherited) {
                if (step.has(key) && !copy.has(key)) {
                    copy.set(key, step.get(key));
                }
            }
            expanded.add(copy);
        }
        return expanded;
    }
}
