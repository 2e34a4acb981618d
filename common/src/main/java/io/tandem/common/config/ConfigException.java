package io.tandem.common.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that does not compile: every error found in one pass, and the warnings found
 * along the way. The message is one line per problem, errors first, ready to print.
 */
public final class ConfigException extends Exception {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")), null, false, false);
        if (problems.stream().noneMatch(problem -> problem.severity() == ConfigProblem.Severity.ERROR)) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.problems = List.copyOf(problems);
    }

    /** A single error, for a configuration that cannot even be read. */
    public static ConfigException of(String location, String message) {
        return new ConfigException(List.of(new ConfigProblem(ConfigProblem.Severity.ERROR, location, message)));
    }

    /** Errors first, then warnings. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(problem -> problem.severity() == ConfigProblem.Severity.ERROR).toList();
    }

    public List<ConfigProblem> warnings() {
        return problems.stream().filter(problem -> problem.severity() == ConfigProblem.Severity.WARNING).toList();
    }
}
