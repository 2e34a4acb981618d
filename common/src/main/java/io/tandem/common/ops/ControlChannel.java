package io.tandem.common.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tandem.common.config.HttpConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kea's HTTP control channel: {@code POST /} with {@code {"command": "...", "arguments": {...}}}
 * (a {@code service} key, which Kea's Control Agent needs, is accepted and ignored), answered
 * {@code 200} with the result wrapped in a list, {@code [{"result": 0, "text": "...", "arguments":
 * ...}]}, as kea-dhcp6's own HTTP control socket answers by default (it emulates the Control Agent).
 *
 * <p>Who may send commands is the {@link OperatorAccess}'s to decide (loopback peers when no
 * {@code http.control-users} are configured, else those users' credentials); with no users,
 * commands that change state ({@code config-reload}, {@code shutdown}, {@code config-test}) are
 * refused with {@code 403} even on loopback. A body that is not a JSON object is a {@code 400},
 * as in Kea.
 */
public final class ControlChannel {
    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, ControlCommand> commands = new LinkedHashMap<>();
    private final OperatorAccess access;

    /** @param users who may send commands, read for each request so that a reload can change them */
    public ControlChannel(Supplier<List<HttpConfig.ControlUser>> users) {
        this.access = new OperatorAccess(users);
        add("list-commands", arguments -> {
            var names = JsonNodeFactory.instance.arrayNode();
            commands.keySet().stream().sorted().forEach(names::add);
            return ControlResult.success(commands.size() + " commands", names);
        });
    }

    /** Adds {@code command} under {@code name}; {@code list-commands} lists it. */
    public ControlChannel add(String name, ControlCommand command) {
        commands.put(name, command);
        return this;
    }

    /** Who may send commands, and read the other operator resources of the listener. */
    public OperatorAccess access() {
        return access;
    }

    /** The names of the commands, in the order they were added. */
    public List<String> names() {
        return List.copyOf(commands.keySet());
    }

    /**
     * Answers one request.
     *
     * @param peer          the address the request came from
     * @param authorization the {@code Authorization} header, if the request has one
     */
    public HttpAnswer handle(InetAddress peer, Optional<String> authorization, byte[] body) {
        OperatorAccess.Decision decision = access.check("POST /", peer, authorization);
        if (decision instanceof OperatorAccess.Refused refused) {
            return refused.answer();
        }
        String who = ((OperatorAccess.Granted) decision).who();
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            return OperatorAccess.stock(400, "Bad Request");
        }
        JsonNode name = request.get("command");
        if (name == null || !name.isTextual()) {
            return answer(ControlResult.error("Error during command processing: invalid command: 'command' is not a"
                    + " string"));
        }
        ControlCommand command = commands.get(name.asText());
        if (command == null) {
            return answer(new ControlResult(ControlResult.UNSUPPORTED, "'" + name.asText() + "' command not supported.",
                    Optional.empty()));
        }
        if (command.changesState() && !access.usersConfigured()) {
            return OperatorAccess.stock(403, "Forbidden: '" + name.asText() + "' changes the server's state, and no"
                    + " http.control-users are configured to authenticate it");
        }
        JsonNode arguments = request.get("arguments");
        if (arguments == null || arguments.isNull()) {
            arguments = JsonNodeFactory.instance.objectNode();
        } else if (!arguments.isObject()) {
            return answer(ControlResult.error("Error during command processing: 'arguments' is not a map"));
        }
        try {
            ControlResult result = command.run(arguments);
            if (command.changesState()) {
                log.info("CONTROL_COMMAND {} by {}: {}", name.asText(), who, result.text());
            }
            return answer(result);
        } catch (ControlResult.BadArguments e) {
            return answer(ControlResult.error(e.getMessage()));
        } catch (RuntimeException e) {
            log.error("CONTROL_COMMAND_FAILED {}", name.asText(), e);
            return answer(ControlResult.error("Error during command processing: " + e));
        }
    }

    private static HttpAnswer answer(ControlResult result) {
        return HttpAnswer.of(200, HttpAnswer.JSON, render(JsonNodeFactory.instance.arrayNode().add(result.toJson())));
    }

    static String render(JsonNode json) {
        try {
            return JSON.writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }
}
