package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each daemon's test of its configuration errors starts from: the errors as printable lines,
 * one each, and the error of a file that is not JSON.
 */
public abstract class DaemonConfigErrorsTest {
    /** How a daemon compiles configuration text. */
    @FunctionalInterface
    public interface Parser {
        ConfigResult<?> parse(String json, Path baseDirectory) throws ConfigException;
    }

    /** The configuration's directory, against which its relative paths are resolved. */
    @TempDir
    protected Path directory;

    private final Parser parser;
    private final String rootKey;

    /** @param rootKey the configuration's one top-level key: {@code Dhcp6} or {@code Dhcp4} */
    protected DaemonConfigErrorsTest(Parser parser, String rootKey) {
        this.parser = parser;
        this.rootKey = rootKey;
    }

    /** The errors of a configuration whose {@code rootKey} object is {@code root}, which must not compile. */
    protected List<String> errors(String root) {
        return errorsOfText("{\"" + rootKey + "\": " + root + "}");
    }

    /** The errors of {@code text}, which must not compile. */
    protected List<String> errorsOfText(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(text, directory));
        return e.errors().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    protected void syntaxErrorWithLineAndColumn() {
        List<String> errors = errorsOfText("{\n  \"" + rootKey
                + "\": {\n    \"valid-lifetime\": 4000\n    \"renew-timer\": 1000\n  }\n}");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("error: line 4, column 5: invalid JSON: Unexpected character ('\"'"),
                errors.get(0));
    }
}
