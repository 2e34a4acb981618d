package io.tandem.common.daemon;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigProblem;
import io.tandem.common.config.ConfigResult;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * How a daemon reads its configuration file, for {@code -t}, at start and on reload: the same
 * warnings each time, printed by {@code -t} and logged as {@code <PREFIX>_CONFIG_WARNING} by the
 * running daemon.
 *
 * @param logPrefix    {@code DHCP6}, {@code DHCP4O6}: what the daemon's log lines start with
 * @param moreWarnings what the daemon warns about beyond the parser's problems
 */
public record ConfigLoader<C>(String logPrefix, FileParser<C> parser, Function<C, List<String>> moreWarnings) {
    /** Reads and checks one configuration file. */
    @FunctionalInterface
    public interface FileParser<C> {
        ConfigResult<C> parseFile(Path file) throws ConfigException;
    }

    /** Reads and checks {@code file}; warnings are logged, errors thrown. */
    public C load(Path file) throws ConfigException {
        ConfigResult<C> result = parser.parseFile(file);
        // The logger is looked up here, not in a static field: -d must be applied before logging starts.
        var log = LoggerFactory.getLogger(ConfigLoader.class);
        for (ConfigProblem warning : result.warnings()) {
            log.warn("{}_CONFIG_WARNING {}", logPrefix, warning);
        }
        for (String warning : moreWarnings.apply(result.config())) {
            log.warn("{}_CONFIG_WARNING {}", logPrefix, warning);
        }
        return result.config();
    }

    /** {@code -t}: every problem of the file, one a line, and the exit code: 0 (usable) or 1. */
    int check(Path file) {
        try {
            ConfigResult<C> result = parser.parseFile(file);
            result.warnings().forEach(System.out::println);
            moreWarnings.apply(result.config()).forEach(System.out::println);
            System.out.println(file + ": configuration is valid");
            return 0;
        } catch (ConfigException e) {
            System.out.println(e.getMessage());
            return 1;
        }
    }
}
