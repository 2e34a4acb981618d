package io.tandem.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * A cursor over a JSON configuration tree that knows its JSON pointer and reports problems to a
 * shared {@link ConfigProblems} instead of throwing: a getter that meets a wrong value records an
 * error naming the pointer and what was expected, and returns "absent" so that compilation goes
 * on and finds the next error. {@link #finish} reports the keys nobody asked for.
 */
public final class ConfigNode {
    /** The largest value of Kea's {@code uint32} parameters (lifetimes, timers, intervals). */
    public static final long UINT32_MAX = 0xffffffffL;

    private final JsonNode json;
    private final String pointer;
    private final ConfigProblems problems;

    private ConfigNode(JsonNode json, String pointer, ConfigProblems problems) {
        this.json = json;
        this.pointer = pointer;
        this.problems = problems;
    }

    /**
     * The top of a tree.
     *
     * @param pointer the pointer of this node: empty for a document's root, or a prefix that
     *                names where the tree comes from, such as {@code hosts.json#}
     */
    public static ConfigNode root(JsonNode json, String pointer, ConfigProblems problems) {
        return new ConfigNode(json, pointer, problems);
    }

    public String pointer() {
        return pointer;
    }

    /** The pointer of {@code key} in this object (RFC 6901 escaping). */
    public String pointer(String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    public JsonNode json() {
        return json;
    }

    public ConfigProblems problems() {
        return problems;
    }

    public boolean has(String key) {
        return json.has(key);
    }

    public boolean isObject() {
        return json.isObject();
    }

    /** The member {@code key} as a node (a missing node when absent). */
    public ConfigNode at(String key) {
        JsonNode child = json.get(key);
        return new ConfigNode(child == null ? MissingNode.getInstance() : child, pointer(key), problems);
    }

    public void error(String message) {
        problems.error(pointer, message);
    }

    public void error(String key, String message) {
        problems.error(pointer(key), message);
    }

    public void warning(String message) {
        problems.warning(pointer, message);
    }

    public void warning(String key, String message) {
        problems.warning(pointer(key), message);
    }

    // ---- scalar members ----------------------------------------------------------------------

    /** A required string member; its absence is an error. */
    public Optional<String> string(String key) {
        if (!json.has(key)) {
            error(key, "missing; expected a string");
            return Optional.empty();
        }
        return at(key).asString();
    }

    public Optional<String> optionalString(String key) {
        return json.has(key) ? at(key).asString() : Optional.empty();
    }

    public String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    /** A required string member read as {@code type}; its absence is an error. */
    public <T> Optional<T> value(String key, ValueType<T> type) {
        if (!json.has(key)) {
            error(key, "missing; expected " + type.expected());
            return Optional.empty();
        }
        return at(key).asValue(type);
    }

    public <T> Optional<T> optionalValue(String key, ValueType<T> type) {
        return json.has(key) ? at(key).asValue(type) : Optional.empty();
    }

    /** A required integer member in {@code [min, max]}; its absence is an error. */
    public OptionalLong integer(String key, long min, long max) {
        if (!json.has(key)) {
            error(key, "missing; expected " + integerExpectation(min, max));
            return OptionalLong.empty();
        }
        return at(key).asInteger(min, max);
    }

    public OptionalLong optionalInteger(String key, long min, long max) {
        return json.has(key) ? at(key).asInteger(min, max) : OptionalLong.empty();
    }

    public long integer(String key, long min, long max, long defaultValue) {
        return optionalInteger(key, min, max).orElse(defaultValue);
    }

    public Optional<Boolean> optionalBool(String key) {
        if (!json.has(key)) {
            return Optional.empty();
        }
        JsonNode value = json.get(key);
        if (!value.isBoolean()) {
            error(key, "expected true or false, got " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    public boolean bool(String key, boolean defaultValue) {
        return optionalBool(key).orElse(defaultValue);
    }

    public OptionalDouble optionalNumber(String key) {
        if (!json.has(key)) {
            return OptionalDouble.empty();
        }
        JsonNode value = json.get(key);
        if (!value.isNumber()) {
            error(key, "expected a number, got " + describe(value));
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value.doubleValue());
    }

    // ---- structured members ------------------------------------------------------------------

    /** An object member, when present and an object; anything else there is an error. */
    public Optional<ConfigNode> optionalObject(String key) {
        if (!json.has(key)) {
            return Optional.empty();
        }
        ConfigNode child = at(key);
        if (!child.json.isObject()) {
            child.error("expected an object, got " + describe(child.json));
            return Optional.empty();
        }
        return Optional.of(child);
    }

    /** The elements of an array member; none when absent. Anything but an array is an error. */
    public List<ConfigNode> array(String key) {
        return json.has(key) ? at(key).elements() : List.of();
    }

    /** The elements of this node, which must be an array (anything else is an error). */
    public List<ConfigNode> elements() {
        if (!json.isArray()) {
            error("expected an array, got " + describe(json));
            return List.of();
        }
        List<ConfigNode> elements = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            elements.add(new ConfigNode(json.get(i), pointer + "/" + i, problems));
        }
        return elements;
    }

    /** The elements of an array member that are objects; any other element is an error. */
    public List<ConfigNode> objects(String key) {
        List<ConfigNode> objects = new ArrayList<>();
        for (ConfigNode element : array(key)) {
            if (element.json.isObject()) {
                objects.add(element);
            } else {
                element.error("expected an object, got " + describe(element.json));
            }
        }
        return objects;
    }

    /** The elements of an array member read as {@code type}; elements that do not read are errors. */
    public <T> List<T> values(String key, ValueType<T> type) {
        List<T> values = new ArrayList<>();
        for (ConfigNode element : array(key)) {
            element.asValue(type).ifPresent(values::add);
        }
        return values;
    }

    // ---- this node as a value ----------------------------------------------------------------

    public Optional<String> asString() {
        if (!json.isTextual()) {
            error("expected a string, got " + describe(json));
            return Optional.empty();
        }
        return Optional.of(json.textValue());
    }

    public <T> Optional<T> asValue(ValueType<T> type) {
        if (!json.isTextual()) {
            error("expected " + type.expected() + ", got " + describe(json));
            return Optional.empty();
        }
        String text = json.textValue();
        try {
            return Optional.of(type.parse(text));
        } catch (IllegalArgumentException e) {
            String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
            error("expected " + type.expected() + ", got " + quote(text) + detail);
            return Optional.empty();
        }
    }

    public OptionalLong asInteger(long min, long max) {
        if (!json.isIntegralNumber() || !json.canConvertToLong()
                || json.longValue() < min || json.longValue() > max) {
            error("expected " + integerExpectation(min, max) + ", got " + describe(json));
            return OptionalLong.empty();
        }
        return OptionalLong.of(json.longValue());
    }

    // ---- the keys nobody read ----------------------------------------------------------------

    /**
     * Reports the keys of this object that the compiler does not implement: a Kea key that
     * Tandem does not implement is a warning that names it; anything else is an error that
     * lists the keys expected here.
     *
     * @param implemented           the keys the compiler reads at this level
     * @param keaKeysNotImplemented the keys Kea knows at this level that Tandem ignores
     */
    public void finish(Collection<String> implemented, Collection<String> keaKeysNotImplemented) {
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (implemented.contains(key)) {
                continue;
            }
            if (keaKeysNotImplemented.contains(key)) {
                problems.keaKeyIgnored(pointer(key), key);
                JsonNode value = json.get(key);
                KeaKeys.keaValueType(key).filter(type -> value.getNodeType() != type).ifPresent(type -> error(key,
                        "expected " + switch (type) {
                            case BOOLEAN -> "true or false";
                            case NUMBER -> "a number";
                            case STRING -> "a string";
                            case OBJECT -> "an object";
                            default -> "an array";
                        } + " (Kea refuses anything else, though Tandem ignores this key), got " + describe(value)));
            } else {
                error(key, "unknown key" + didYouMean(key, implemented) + "; expected one of "
                        + String.join(", ", new TreeSet<>(implemented)));
            }
        }
    }

    /** An error when this object is empty, where Kea's grammar wants at least one parameter. */
    public void requireParameters() {
        if (json.isObject() && json.isEmpty()) {
            error("an empty object; expected at least one parameter here (Kea refuses an empty one)");
        }
    }

    /** {@link #finish(Collection, Collection)} with the keys of one level. */
    public void finish(KeaKeys keys) {
        finish(keys.implemented(), keys.keaKeysNotImplemented());
    }

    static String didYouMean(String key, Collection<String> implemented) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : implemented) {
            int distance = editDistance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean \"" + best + "\"?)";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String integerExpectation(long min, long max) {
        return "an integer from " + min + " to " + max;
    }

    /** How a JSON value reads in an error: {@code the string "7200"}, {@code the number 1.5}, ... */
    public static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the string " + quote(value.textValue());
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "an object";
        }
        return "nothing";
    }

    /** The text as a JSON string literal, quotes and escapes included. */
    public static String quote(String text) {
        return new TextNode(text).toString();
    }
}
