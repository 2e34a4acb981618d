package io.tandem.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a daemon's configuration: JSON with comments, {@code {"Dhcp6": {...}}} or
 * {@code {"Dhcp4": {...}}} shaped like Kea's, and hands the family's object to the daemon's
 * compiler. Every error the file has is found in one pass; each problem is one line, ready to
 * print ({@link ConfigProblem#toString()}):
 * <pre>
 * error: /Dhcp6/subnet6/0/subnet: expected an IPv6 prefix like 2001:db8:1::/64, got "2001:db8::1": no /length
 * warning: /Dhcp4/loggers: Kea key not implemented by Tandem, ignored
 * </pre>
 *
 * @param <C> the daemon's compiled configuration
 */
public final class ConfigFileParser<C> {
    /** A daemon's compiler of the family's object; it reports problems to the nodes' collector. */
    @FunctionalInterface
    public interface Compiler<C> {
        /** @param baseDirectory what relative paths in the configuration are resolved against */
        C compile(ConfigNode object, Path baseDirectory);
    }

    private final ConfigFamily family;
    private final Compiler<C> compiler;

    public ConfigFileParser(ConfigFamily family, Compiler<C> compiler) {
        this.family = family;
        this.compiler = compiler;
    }

    /**
     * Compiles a configuration file, as {@code -t} and a reload do. Relative paths in it
     * ({@code reservations-file}, {@code lease-database.name}, password files, ...) are resolved
     * against the file's directory.
     *
     * @throws ConfigException with every error (and the warnings) when the file does not compile
     */
    public ConfigResult<C> parseFile(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw ConfigException.of(file.toString(), FileReadError.text(file, e));
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent(), true);
    }

    /**
     * Compiles configuration text; relative paths in it are resolved against {@code baseDirectory}.
     *
     * @throws ConfigException with every error (and the warnings) when the text does not compile
     */
    public ConfigResult<C> parse(String json, Path baseDirectory) throws ConfigException {
        return parse(json, "", baseDirectory, false);
    }

    /**
     * @param file whether the text is a file's, which Kea's file grammar reads: it refuses an empty
     *             family object there (its control channel's {@code config-test} does not)
     */
    private ConfigResult<C> parse(String json, String location, Path baseDirectory, boolean file)
            throws ConfigException {
        String rootKey = family.rootKey();
        JsonNode tree = ConfigJson.read(json, location);
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = ConfigNode.root(tree, "", problems);
        if (!root.isObject()) {
            throw ConfigException.of(location, "expected an object {\"" + rootKey + "\": {...}}, got "
                    + ConfigNode.describe(tree));
        }
        root.finish(List.of(rootKey), List.of());
        Optional<ConfigNode> object = root.optionalObject(rootKey);
        if (object.isEmpty()) {
            if (!root.has(rootKey)) {
                root.error(rootKey, "missing; expected the object of " + family.daemon() + "'s configuration");
            }
            problems.throwIfErrors();
        }
        if (file) {
            object.orElseThrow().requireParameters();
        }
        return problems.result(compiler.compile(object.orElseThrow(), baseDirectory));
    }
}
