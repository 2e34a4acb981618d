package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

/** The errors tests of both daemons' configurations look at: each one printable line. */
public final class ConfigErrors {
    /** How a daemon compiles configuration text. */
    @FunctionalInterface
    public interface Parser {
        ConfigResult<?> parse(String json, Path baseDirectory) throws ConfigException;
    }

    private ConfigErrors() {
    }

    /** The errors of {@code text}, which must not compile. */
    public static List<String> of(Parser parser, String text, Path baseDirectory) {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(text, baseDirectory));
        return e.errors().stream().map(ConfigProblem::toString).toList();
    }
}
