package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.wire.WireOption;
import java.util.List;

/**
 * Compiles {@code option-data} entries as a test writes them, one family's, and keeps the
 * problems of the last compilation.
 *
 * @param <O> the family's option
 */
final class OptionDataTester<O extends WireOption> {
    private final OptionDataCompiler<O> compiler;
    private final String pointer;
    private ConfigProblems problems = new ConfigProblems();

    /**
     * @param compiler compiles the entries when the test gives no other compiler
     * @param pointer  where the entries' level is: {@code /Dhcp6} or {@code /Dhcp4}
     */
    OptionDataTester(OptionDataCompiler<O> compiler, String pointer) {
        this.compiler = compiler;
        this.pointer = pointer;
    }

    /** Compiles {@code option-data} entries (a JSON array). */
    List<ConfiguredOption<O>> compile(String optionData) throws ConfigException {
        return compile(compiler, optionData);
    }

    List<ConfiguredOption<O>> compile(OptionDataCompiler<O> otherCompiler, String optionData) throws ConfigException {
        problems = new ConfigProblems();
        ConfigNode root = ConfigNode.root(ConfigJson.read("{\"option-data\": " + optionData + "}", ""), pointer,
                problems);
        return otherCompiler.compile(root.objects("option-data"));
    }

    /** The one option an entry compiles to, with no problem at all. */
    O option(String entry) throws ConfigException {
        List<ConfiguredOption<O>> options = compile("[" + entry + "]");
        assertEquals(List.of(), problems.errors(), entry);
        assertEquals(List.of(), problems.warnings(), entry);
        assertEquals(1, options.size());
        return options.get(0).option();
    }

    ConfigProblems problems() {
        return problems;
    }

    List<String> errors() {
        return problems.errors().stream().map(ConfigProblem::toString).toList();
    }

    List<String> warnings() {
        return problems.warnings().stream().map(ConfigProblem::toString).toList();
    }
}
