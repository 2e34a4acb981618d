package io.tandem.common.config;

import io.tandem.common.wire.WireOption;
import java.util.List;

/**
 * One entry of a subnet's {@code pools}: the addresses ({@code pool}), and the pool's
 * {@code option-data} for clients given one of them.
 *
 * @param <R> the family's address range
 * @param <O> the family's option type
 */
public record AddressPool<R extends AddressRange<?, R>, O extends WireOption>(
        R range, List<ConfiguredOption<O>> options) {
    public AddressPool {
        options = List.copyOf(options);
    }
}
