package io.tandem.common.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The answer to one control command in Kea's shape: {@code {"result": 0, "text": "...",
 * "arguments": {...}}}, with Kea's result codes.
 */
public record ControlResult(int result, String text, Optional<JsonNode> arguments) {
    /** Kea's {@code CONTROL_RESULT_SUCCESS}. */
    public static final int SUCCESS = 0;
    /** Kea's {@code CONTROL_RESULT_ERROR}: the command failed, or its arguments are wrong. */
    public static final int ERROR = 1;
    /** Kea's {@code CONTROL_RESULT_COMMAND_UNSUPPORTED}. */
    public static final int UNSUPPORTED = 2;
    /** Kea's {@code CONTROL_RESULT_EMPTY}: the command worked and found nothing. */
    public static final int EMPTY = 3;

    public static ControlResult success(String text) {
        return new ControlResult(SUCCESS, text, Optional.empty());
    }

    public static ControlResult success(String text, JsonNode arguments) {
        return new ControlResult(SUCCESS, text, Optional.of(arguments));
    }

    public static ControlResult error(String text) {
        return new ControlResult(ERROR, text, Optional.empty());
    }

    public static ControlResult empty(String text) {
        return new ControlResult(EMPTY, text, Optional.empty());
    }

    public static ControlResult empty(String text, JsonNode arguments) {
        return new ControlResult(EMPTY, text, Optional.of(arguments));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("result", result);
        json.put("text", text);
        arguments.ifPresent(value -> json.set("arguments", value));
        return json;
    }

    /** Thrown by a command for a bad argument; answered with result 1 and the message. */
    public static final class BadArguments extends Exception {
        public BadArguments(String message) {
            super(message, null, false, false);
        }
    }
}
