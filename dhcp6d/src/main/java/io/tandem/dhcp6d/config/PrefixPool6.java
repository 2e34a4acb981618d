package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.dhcp6.Option6;
import java.util.List;

/**
 * One entry of Kea's {@code pd-pools}: prefixes of {@code delegatedLength} bits carved from
 * {@code prefix} ({@code prefix} and {@code prefix-len}), with the pool's {@code option-data}.
 */
public record PrefixPool6(Prefix6 prefix, int delegatedLength, List<ConfiguredOption<Option6>> options) {
    public PrefixPool6 {
        if (delegatedLength < prefix.length() || delegatedLength > 128) {
            throw new IllegalArgumentException("delegated length " + delegatedLength + " is not from "
                    + prefix.length() + " to 128");
        }
        options = List.copyOf(options);
    }
}
