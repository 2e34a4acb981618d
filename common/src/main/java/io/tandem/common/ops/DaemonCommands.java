package io.tandem.common.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigJson;
import io.tandem.common.config.FileReadError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * The control commands every daemon has, answered as Kea answers them: {@code status-get},
 * {@code version-get}, {@code config-get}, {@code config-test}, {@code config-reload} and
 * {@code shutdown}. {@code config-get} hides passwords; {@code config-test} reads the files a
 * configuration names, so it is guarded like the commands that change state.
 */
public final class DaemonCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DaemonCommands() {
    }

    /** Adds the daemon-wide commands of {@code daemon}; {@code section} is {@code Dhcp6} or {@code Dhcp4}. */
    public static void add(ControlChannel channel, DaemonControl daemon, String section) {
        channel.add("version-get", arguments -> {
            ObjectNode extended = JsonNodeFactory.instance.objectNode();
            extended.put("extended", daemon.version() + "\nJava " + Runtime.version());
            return ControlResult.success(daemon.version(), extended);
        });
        channel.add("status-get", arguments -> {
            ObjectNode status = JsonNodeFactory.instance.objectNode();
            status.put("pid", ProcessHandle.current().pid());
            status.put("uptime", daemon.uptime().toSeconds());
            status.put("reload", daemon.sinceReload().toSeconds());
            status.put("multi-threading-enabled", false);
            status.putObject("sockets").put("status", "ready");
            return ControlResult.success("", status);
        });
        channel.add("config-get", arguments -> {
            JsonNode config;
            try {
                config = ConfigJson.read(Files.readString(daemon.configFile()), daemon.configFile().toString());
            } catch (IOException e) {
                return ControlResult.error(FileReadError.text(daemon.configFile(), e));
            } catch (ConfigException e) {
                return ControlResult.error("cannot read " + daemon.configFile() + ": " + e.getMessage());
            }
            ObjectNode shown = redacted(config).deepCopy();
            shown.put("hash", hash(shown));
            return ControlResult.success("", shown);
        });
        channel.add("config-test", ControlCommand.changingState(arguments -> {
            if (!arguments.has(section)) {
                throw new ControlResult.BadArguments("missing the " + section + " object to test");
            }
            ObjectNode file = JsonNodeFactory.instance.objectNode();
            file.set(section, arguments.get(section));
            try {
                daemon.check(JSON.writeValueAsString(file), daemon.configFile().toAbsolutePath().getParent());
            } catch (ConfigException e) {
                return ControlResult.error(e.getMessage());
            } catch (JsonProcessingException e) {
                return ControlResult.error(e.getOriginalMessage());
            }
            return ControlResult.success("Configuration seems sane.");
        }));
        channel.add("config-reload", ControlCommand.changingState(arguments -> {
            try {
                daemon.reload();
            } catch (ConfigException e) {
                return ControlResult.error("Config reload failed: " + e.getMessage());
            }
            return ControlResult.success("Configuration successful.");
        }));
        channel.add("shutdown", ControlCommand.changingState(arguments -> {
            daemon.shutdown();
            return ControlResult.success("Shutting down.");
        }));
    }

    /** {@code json} with the value of every {@code password} key replaced by {@code *****}. */
    static ObjectNode redacted(JsonNode json) {
        JsonNode copy = json.deepCopy();
        redact(copy);
        return copy instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("password")) {
                    field.setValue(JsonNodeFactory.instance.textNode("*****"));
                } else {
                    redact(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(DaemonCommands::redact);
        }
    }

    /** Kea's {@code hash} of {@code config-get}: the SHA-256 of the configuration, upper-case hex. */
    private static String hash(JsonNode config) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsString(config).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
