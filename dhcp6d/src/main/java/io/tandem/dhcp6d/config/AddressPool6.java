package io.tandem.dhcp6d.config;

import io.tandem.common.config.AddressRange6;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.wire.dhcp6.Option6;
import java.util.List;

/** One entry of Kea's {@code pools}: {@code pool} and the pool's {@code option-data}. */
public record AddressPool6(AddressRange6 range, List<ConfiguredOption<Option6>> options) {
    public AddressPool6 {
        options = List.copyOf(options);
    }
}
