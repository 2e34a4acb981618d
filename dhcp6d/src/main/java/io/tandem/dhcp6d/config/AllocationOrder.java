package io.tandem.dhcp6d.config;

import io.tandem.common.config.ValueType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The order in which a subnet's pools hand out addresses ({@code allocator}) or prefixes
 * ({@code pd-allocator}) to clients that have none yet. The key and its first two values are
 * those of Kea 2.4 and later (Kea 2.2 has no such key and always iterates).
 */
public enum AllocationOrder {
    /** Kea's default: the address after the last one tried, pool after pool, wrapping round. */
    ITERATIVE,
    /** A random position in the pools, searched onwards from there. */
    RANDOM,
    /**
     * Tandem's: a position in the pools derived from the client's DUID and IAID, searched onwards
     * from there, so that servers that share no state give a client the same address.
     */
    STABLE;

    static final ValueType<AllocationOrder> TYPE = new ValueType<>(Arrays.stream(values())
            .map(value -> '"' + value.key() + '"').collect(Collectors.joining(", ", "one of ", "")), text -> {
                for (AllocationOrder value : values()) {
                    if (value.key().equals(text)) {
                        return value;
                    }
                }
                throw new IllegalArgumentException("flq".equals(text)
                        ? "Kea 2.4's free lease queue is not implemented" : null);
            });

    /** The value as written in the configuration. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
