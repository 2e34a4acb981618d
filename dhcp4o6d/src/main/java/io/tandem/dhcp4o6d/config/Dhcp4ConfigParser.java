package io.tandem.dhcp4o6d.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigJson;
import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfigProblems;
import io.tandem.common.config.ConfigResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a dhcp4o6d configuration: JSON with comments, {@code {"Dhcp4": {...}}} shaped like Kea's
 * kea-dhcp4. Every error the file has is found in one pass; each problem is one line, ready to
 * print ({@link io.tandem.common.config.ConfigProblem#toString()}):
 * <pre>
 * error: /Dhcp4/subnet4/0/subnet: expected an IPv4 prefix like 192.0.2.0/24, got "192.0.2.1": no /length
 * warning: /Dhcp4/loggers: Kea key not implemented by Tandem, ignored
 * </pre>
 */
public final class Dhcp4ConfigParser {
    private Dhcp4ConfigParser() {
    }

    /**
     * Compiles a configuration file, as {@code dhcp4o6d -t} and a reload do. Relative paths in it
     * ({@code reservations-file}, {@code lease-database.name}) are resolved against the file's directory.
     *
     * @throws ConfigException with every error (and the warnings) when the file does not compile
     */
    public static ConfigResult<Dhcp4Config> parseFile(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw ConfigException.of(file.toString(), "cannot read the file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " " + e.getMessage()));
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Compiles configuration text; relative paths in it are resolved against {@code baseDirectory}.
     *
     * @throws ConfigException with every error (and the warnings) when the text does not compile
     */
    public static ConfigResult<Dhcp4Config> parse(String json, Path baseDirectory) throws ConfigException {
        return parse(json, "", baseDirectory);
    }

    private static ConfigResult<Dhcp4Config> parse(String json, String location, Path baseDirectory)
            throws ConfigException {
        JsonNode tree = ConfigJson.read(json, location);
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = ConfigNode.root(tree, "", problems);
        if (!root.isObject()) {
            throw ConfigException.of(location, "expected an object {\"Dhcp4\": {...}}, got " + ConfigNode.describe(tree));
        }
        root.finish(List.of("Dhcp4"), List.of());
        Optional<ConfigNode> dhcp4 = root.optionalObject("Dhcp4");
        if (dhcp4.isEmpty()) {
            if (!root.has("Dhcp4")) {
                root.error("Dhcp4", "missing; expected the object of dhcp4o6d's configuration");
            }
            problems.throwIfErrors();
        }
        Dhcp4Config config = new Dhcp4Compiler(baseDirectory).compile(dhcp4.orElseThrow());
        return problems.result(config);
    }
}
