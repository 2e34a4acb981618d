package io.tandem.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Function;

/** JSON renderings shared by the DHCPv6 and DHCPv4 views of messages. */
public final class WireJson {
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireJson() {
    }

    /**
     * Printable UTF-8 as a string; anything else as {@code {"hex": "..."}}, so that two different
     * byte strings never render the same.
     */
    public static JsonNode bytes(Bytes value) {
        return isPrintableText(value) ? NODES.textNode(value.text()) : NODES.objectNode().put("hex", value.hex());
    }

    private static boolean isPrintableText(Bytes value) {
        if (!Bytes.utf8(value.text()).equals(value)) {
            return false;
        }
        String text = value.text();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Each option of a list, rendered in order. */
    public static <O> ArrayNode options(List<O> options, Function<O, ObjectNode> render) {
        ArrayNode array = NODES.arrayNode();
        options.forEach(option -> array.add(render.apply(option)));
        return array;
    }

    /** Addresses in their text form. */
    public static ArrayNode addresses(List<? extends InetAddress> addresses) {
        ArrayNode array = NODES.arrayNode();
        addresses.forEach(address -> array.add(Addresses.text(address)));
        return array;
    }

    /** Unsigned values, as numbers. */
    public static ArrayNode numbers(List<Integer> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /**
     * An option request list (DHCPv4's parameter request list, DHCPv6's ORO): the option codes
     * as {@code values} and their {@code names} in {@code space}.
     */
    public static void requestedOptions(ObjectNode node, List<Integer> codes, OptionSpace space) {
        node.set("values", numbers(codes));
        ArrayNode names = node.putArray("names");
        codes.forEach(code -> names.add(space.nameOf(code)));
    }

    /** The start of an option's rendering: its code and its name in {@code space}. */
    public static ObjectNode option(OptionSpace space, int code) {
        return NODES.objectNode().put("code", code).put("name", space.nameOf(code));
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }
}
