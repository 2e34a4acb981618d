package io.tandem.common.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.config.HttpConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
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
 * <p>HTTP Basic authentication as Kea's {@code authentication} of type {@code basic}: when users
 * are configured ({@code http.control-users}), every command needs one of them, else {@code 401}
 * with {@code {"result": 401, "text": "Unauthorized"}}; with none configured, commands that only
 * read are open and commands that change state ({@code config-reload}, {@code shutdown}) get
 * {@code 403}. A body that is not a JSON object is a {@code 400}, as in Kea.
 */
public final class ControlChannel {
    private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String REALM = "tandem";

    private final Map<String, ControlCommand> commands = new LinkedHashMap<>();
    private final Supplier<List<HttpConfig.ControlUser>> users;

    /** @param users who may send commands, read for each request so that a reload can change them */
    public ControlChannel(Supplier<List<HttpConfig.ControlUser>> users) {
        this.users = users;
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

    /** The names of the commands, in the order they were added. */
    public List<String> names() {
        return List.copyOf(commands.keySet());
    }

    /**
     * Answers one request.
     *
     * @param authorization the {@code Authorization} header, if the request has one
     */
    public HttpAnswer handle(Optional<String> authorization, byte[] body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            return stock(400, "Bad Request");
        }
        List<HttpConfig.ControlUser> allowed = users.get();
        Optional<String> user = authenticated(authorization, allowed);
        if (!allowed.isEmpty() && user.isEmpty()) {
            HttpAnswer refused = stock(401, "Unauthorized");
            return new HttpAnswer(401, refused.contentType(), refused.body(),
                    Map.of("WWW-Authenticate", "Basic realm=\"" + REALM + "\""));
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
        if (command.changesState() && allowed.isEmpty()) {
            return stock(403, "Forbidden: '" + name.asText() + "' changes the server's state, and no"
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
                log.info("CONTROL_COMMAND {} by {}: {}", name.asText(), user.orElse("?"), result.text());
            }
            return answer(result);
        } catch (ControlResult.BadArguments e) {
            return answer(ControlResult.error(e.getMessage()));
        } catch (RuntimeException e) {
            log.error("CONTROL_COMMAND_FAILED {}", name.asText(), e);
            return answer(ControlResult.error("Error during command processing: " + e));
        }
    }

    /** The user that {@code authorization} names with the right password, if any. */
    private static Optional<String> authenticated(Optional<String> authorization, List<HttpConfig.ControlUser> users) {
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.get().substring(6).strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<String> match = Optional.empty();
        for (HttpConfig.ControlUser user : users) {
            byte[] expected = (user.user() + ":" + user.password()).getBytes(StandardCharsets.UTF_8);
            // Every user compared in constant time: the answer's timing says nothing about the secrets.
            if (MessageDigest.isEqual(expected, given) && match.isEmpty()) {
                match = Optional.of(user.user());
            }
        }
        return match;
    }

    private static HttpAnswer answer(ControlResult result) {
        return HttpAnswer.of(200, HttpAnswer.JSON, render(JsonNodeFactory.instance.arrayNode().add(result.toJson())));
    }

    /** Kea's stock answer for an HTTP-level refusal: {@code {"result": <status>, "text": "..."}}. */
    private static HttpAnswer stock(int status, String text) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("result", status);
        json.put("text", text);
        return HttpAnswer.of(status, HttpAnswer.JSON, render(json));
    }

    static String render(JsonNode json) {
        try {
            return JSON.writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }
}
