package io.tandem.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.config.KeaConfigParity.Case;
import io.tandem.common.config.KeaConfigParity.Level;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutations of a valid base configuration that {@link KeaConfigParity} compares: generated
 * ones (each object of a level emptied; each key of each level given a value of the wrong type;
 * each integer given -1 and 2^32; each key put at a level where Kea has no such key) and the hand-written ones
 * of a data file (mutually exclusive keys, duplicates, pools outside their subnet, bad option
 * data, ...): a JSON array of {@code {"name": ..., "set": {"/json/pointer": value, ...},
 * "remove": ["/json/pointer", ...]}}, where a pointer ending in {@code /-} appends to an array.
 */
final class KeaConfigMutations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long UINT32_LIMIT = 1L << 32;

    private KeaConfigMutations() {
    }

    /** The generated mutations of {@code base}, whose {@code rootKey} object is the level {@code global}. */
    static List<Case> generated(ObjectNode base, String rootKey, Level global) {
        List<Case> cases = new ArrayList<>();
        Map<Level, String> firstOfLevel = new LinkedHashMap<>();
        Map<String, JsonNode> samples = new LinkedHashMap<>();
        walk(base.get(rootKey), "/" + rootKey, global, (node, path, level) -> {
            firstOfLevel.putIfAbsent(level, path);
            cases.add(mutation(base, path + " = {}", path, NODES.objectNode()));
            node.fields().forEachRemaining(field -> {
                String pointer = path + "/" + field.getKey();
                JsonNode value = field.getValue();
                samples.putIfAbsent(field.getKey(), value);
                JsonNode wrongType = wrongType(value);
                cases.add(mutation(base, pointer + " = " + wrongType, pointer, wrongType));
                if (value.isIntegralNumber()) {
                    for (long outOfRange : List.of(-1L, UINT32_LIMIT)) {
                        cases.add(mutation(base, pointer + " = " + outOfRange, pointer, NODES.numberNode(outOfRange)));
                    }
                }
            });
        });
        // Each key once at a level that does not have it: the levels taken in turn, key by key.
        List<Map.Entry<Level, String>> levels = List.copyOf(firstOfLevel.entrySet());
        int turn = 0;
        for (Map.Entry<String, JsonNode> sample : samples.entrySet()) {
            for (int i = 0; i < levels.size(); i++) {
                Map.Entry<Level, String> level = levels.get((turn + i) % levels.size());
                if (!level.getKey().keys().implemented().contains(sample.getKey())
                        && !level.getKey().keys().keaKeysNotImplemented().contains(sample.getKey())) {
                    String pointer = level.getValue() + "/" + sample.getKey();
                    cases.add(mutation(base, pointer + " (not a key of this level)", pointer, sample.getValue()));
                    turn = (turn + i + 1) % levels.size();
                    break;
                }
            }
        }
        return cases;
    }

    /** The hand-written mutations of {@code resource} (on the class path of {@code owner}). */
    static List<Case> listed(ObjectNode base, Class<?> owner, String resource) throws IOException {
        String text;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode entry : KeaConfigParity.read("{\"m\": " + text + "}", resource).get("m")) {
            ObjectNode config = base.deepCopy();
            entry.path("remove").forEach(pointer -> remove(config, pointer.asText()));
            entry.path("set").fields().forEachRemaining(field -> set(config, field.getKey(), field.getValue()));
            cases.add(new Case("mutation: " + entry.get("name").asText(), config.toPrettyString()));
        }
        return cases;
    }

    @FunctionalInterface
    private interface Visitor {
        void visit(ObjectNode node, String path, Level level);
    }

    /** Visits each object of a level in {@code node}, parents before children. */
    private static void walk(JsonNode node, String path, Level level, Visitor visitor) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        visitor.visit(object, path, level);
        level.children().forEach((key, child) -> {
            JsonNode value = object.get(key);
            if (value instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    walk(array.get(i), path + "/" + key + "/" + i, child, visitor);
                }
            } else if (value != null) {
                walk(value, path + "/" + key, child, visitor);
            }
        });
    }

    /** A value of another JSON type than {@code value}'s. */
    private static JsonNode wrongType(JsonNode value) {
        if (value.isNumber() || value.isBoolean()) {
            return NODES.textNode(value.asText());
        }
        if (value.isTextual()) {
            return NODES.numberNode(7);
        }
        if (value.isArray()) {
            return NODES.objectNode();
        }
        return NODES.arrayNode();
    }

    private static Case mutation(ObjectNode base, String name, String pointer, JsonNode value) {
        ObjectNode config = base.deepCopy();
        set(config, pointer, value);
        return new Case("mutation: " + name, config.toPrettyString());
    }

    private static void set(ObjectNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value.deepCopy());
        } else if (parent instanceof ArrayNode array && last.equals("-")) {
            array.add(value.deepCopy());
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value.deepCopy());
        } else {
            throw new IllegalArgumentException("no object or array at " + pointer.substring(0, slash));
        }
    }

    private static void remove(ObjectNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object && object.remove(last) != null) {
            return;
        }
        if (parent instanceof ArrayNode array && Integer.parseInt(last) < array.size()) {
            array.remove(Integer.parseInt(last));
            return;
        }
        throw new IllegalArgumentException("nothing at " + pointer);
    }
}
