package io.tandem.common.wire;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One option space (Kea's word): the only place that knows its options' names, codes and data
 * types. The codecs, the configuration's {@code option-data} and the JSON rendering of messages
 * all read it.
 */
public final class OptionSpace {
    private final String name;
    private final Map<Integer, OptionDefinition> byCode = new LinkedHashMap<>();
    private final Map<String, OptionDefinition> byName = new HashMap<>();

    /** A space of {@code definitions}, whose codes and names must be unique. */
    public OptionSpace(String name, OptionDefinition... definitions) {
        this.name = name;
        for (OptionDefinition definition : definitions) {
            if (byCode.putIfAbsent(definition.code(), definition) != null
                    || byName.putIfAbsent(definition.name(), definition) != null) {
                throw new IllegalStateException(name + ": option " + definition.code() + "/" + definition.name()
                        + " defined twice");
            }
        }
    }

    public String name() {
        return name;
    }

    public Optional<OptionDefinition> byCode(int code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Optional<OptionDefinition> byName(String optionName) {
        return Optional.ofNullable(byName.get(optionName));
    }

    /** Whether an option of this space is called {@code optionName}. */
    public boolean defines(String optionName) {
        return byName.containsKey(optionName);
    }

    /** The definition of {@code code} when the codecs decode it into a typed value. */
    public Optional<OptionDefinition> decoded(int code) {
        OptionDefinition definition = byCode.get(code);
        return definition != null && definition.decoded() ? Optional.of(definition) : Optional.empty();
    }

    /** Whether the server builds option {@code code} itself for each message. */
    public boolean isServerOwned(int code) {
        OptionDefinition definition = byCode.get(code);
        return definition != null && definition.serverOwned();
    }

    /** The option's name, or {@code option-<code>} for a code this space does not define. */
    public String nameOf(int code) {
        OptionDefinition definition = byCode.get(code);
        return definition != null ? definition.name() : "option-" + code;
    }

    public Collection<OptionDefinition> definitions() {
        return Collections.unmodifiableCollection(byCode.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
