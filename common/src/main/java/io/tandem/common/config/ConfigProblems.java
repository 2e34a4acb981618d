package io.tandem.common.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the problems of one compilation, so that a compiler can report every error in one
 * pass instead of stopping at the first. Warnings about Kea keys that Tandem does not implement
 * are merged per key name: a key repeated in a hundred subnets is one warning, not a hundred.
 * Not thread-safe: one instance per compilation.
 */
public final class ConfigProblems {
    /** The text of the warning for a Kea key that Tandem accepts and ignores. */
    public static final String KEA_KEY_IGNORED = "Kea key not implemented by Tandem, ignored";
    private static final int MAX_OTHER_LOCATIONS = 3;

    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();
    private final Map<String, Warning> keaKeyWarnings = new HashMap<>();

    private static final class Warning {
        final String location;
        final String message;
        final List<String> otherLocations = new ArrayList<>();

        Warning(String location, String message) {
            this.location = location;
            this.message = message;
        }

        ConfigProblem toProblem() {
            if (otherLocations.isEmpty()) {
                return new ConfigProblem(ConfigProblem.Severity.WARNING, location, message);
            }
            List<String> shown = otherLocations.subList(0, Math.min(MAX_OTHER_LOCATIONS, otherLocations.size()));
            int hidden = otherLocations.size() - shown.size();
            return new ConfigProblem(ConfigProblem.Severity.WARNING, location, message + " (also at "
                    + String.join(", ", shown) + (hidden > 0 ? " and " + hidden + " more" : "") + ")");
        }
    }

    public void error(String location, String message) {
        errors.add(new ConfigProblem(ConfigProblem.Severity.ERROR, location, message));
    }

    public void warning(String location, String message) {
        warnings.add(new Warning(location, message));
    }

    /** A Kea key that Tandem accepts without acting on it, found at {@code location}. */
    public void keaKeyIgnored(String location, String key) {
        Warning existing = keaKeyWarnings.get(key);
        if (existing != null) {
            existing.otherLocations.add(location);
            return;
        }
        Warning warning = new Warning(location, KEA_KEY_IGNORED);
        keaKeyWarnings.put(key, warning);
        warnings.add(warning);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<ConfigProblem> errors() {
        return List.copyOf(errors);
    }

    public List<ConfigProblem> warnings() {
        return warnings.stream().map(Warning::toProblem).toList();
    }

    /** The compiled value with its warnings, or the exception carrying every problem. */
    public <T> ConfigResult<T> result(T config) throws ConfigException {
        throwIfErrors();
        return new ConfigResult<>(config, warnings());
    }

    public void throwIfErrors() throws ConfigException {
        if (hasErrors()) {
            List<ConfigProblem> all = new ArrayList<>(errors);
            all.addAll(warnings());
            throw new ConfigException(all);
        }
    }
}
