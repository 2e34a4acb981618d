package io.tandem.common.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    public static ObjectNode object() {
        return NODES.objectNode();
    }
}
