package io.tandem.common.config;

import java.util.List;

/** A configuration that compiled, with the warnings it produced. */
public record ConfigResult<T>(T config, List<ConfigProblem> warnings) {
    public ConfigResult {
        warnings = List.copyOf(warnings);
    }
}
