package io.tandem.common.wire;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of one option space (Kea's word): the only place that knows an option's name,
 * code and format. The codecs, the configuration's {@code option-data} and the JSON rendering of
 * messages all read it.
 *
 * @param <F> the space's format type
 */
public final class OptionSpace<F extends Enum<F>> {
    private final String name;
    private final Map<Integer, OptionDefinition<F>> byCode = new LinkedHashMap<>();
    private final Map<String, OptionDefinition<F>> byName = new HashMap<>();

    public OptionSpace(String name) {
        this.name = name;
    }

    /** Adds a definition while the space is being built; codes and names must be unique. */
    public OptionSpace<F> define(int code, String optionName, F format, String reference) {
        OptionDefinition<F> definition = new OptionDefinition<>(code, optionName, format, reference);
        if (byCode.putIfAbsent(code, definition) != null || byName.putIfAbsent(optionName, definition) != null) {
            throw new IllegalStateException(name + ": option " + code + "/" + optionName + " defined twice");
        }
        return this;
    }

    public String name() {
        return name;
    }

    public Optional<OptionDefinition<F>> byCode(int code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Optional<OptionDefinition<F>> byName(String optionName) {
        return Optional.ofNullable(byName.get(optionName));
    }

    /** The option's name, or {@code option-<code>} for a code this space does not define. */
    public String nameOf(int code) {
        OptionDefinition<F> definition = byCode.get(code);
        return definition != null ? definition.name() : "option-" + code;
    }

    public Collection<OptionDefinition<F>> definitions() {
        return Collections.unmodifiableCollection(byCode.values());
    }
}
