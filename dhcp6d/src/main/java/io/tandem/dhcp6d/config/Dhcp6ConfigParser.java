package io.tandem.dhcp6d.config;

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
 * Reads a dhcp6d configuration: JSON with comments, {@code {"Dhcp6": {...}}} shaped like Kea's.
 * Every error the file has is found in one pass; each problem is one line, ready to print
 * ({@link io.tandem.common.config.ConfigProblem#toString()}):
 * <pre>
 * error: /Dhcp6/subnet6/0/subnet: expected an IPv6 prefix like 2001:db8:1::/64, got "2001:db8::1": no /length
 * warning: /Dhcp6/loggers: Kea key not implemented by Tandem, ignored
 * </pre>
 */
public final class Dhcp6ConfigParser {
    private Dhcp6ConfigParser() {
    }

    /**
     * Compiles a configuration file, as {@code dhcp6d -t} and a reload do. Relative paths in it
     * ({@code reservations-file}, {@code lease-database.name}, {@code tftp.root}, password files)
     * are resolved against the file's directory.
     *
     * @throws ConfigException with every error (and the warnings) when the file does not compile
     */
    public static ConfigResult<Dhcp6Config> parseFile(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw ConfigException.of(file.toString(), "cannot read the file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " " + e.getMessage()));
        }
        Path directory = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), directory);
    }

    /**
     * Compiles configuration text; relative paths in it are resolved against {@code baseDirectory}.
     *
     * @throws ConfigException with every error (and the warnings) when the text does not compile
     */
    public static ConfigResult<Dhcp6Config> parse(String json, Path baseDirectory) throws ConfigException {
        return parse(json, "", baseDirectory);
    }

    private static ConfigResult<Dhcp6Config> parse(String json, String location, Path baseDirectory)
            throws ConfigException {
        JsonNode tree = ConfigJson.read(json, location);
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = ConfigNode.root(tree, "", problems);
        if (!root.isObject()) {
            throw ConfigException.of(location, "expected an object {\"Dhcp6\": {...}}, got " + ConfigNode.describe(tree));
        }
        root.finish(List.of("Dhcp6"), List.of());
        Optional<ConfigNode> dhcp6 = root.optionalObject("Dhcp6");
        if (dhcp6.isEmpty()) {
            if (!root.has("Dhcp6")) {
                root.error("Dhcp6", "missing; expected the object of dhcp6d's configuration");
            }
            problems.throwIfErrors();
        }
        Dhcp6Config config = new Dhcp6Compiler(baseDirectory).compile(dhcp6.orElseThrow());
        return problems.result(config);
    }
}
