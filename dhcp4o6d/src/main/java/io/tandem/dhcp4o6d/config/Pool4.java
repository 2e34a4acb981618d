package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.AddressRange4;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.wire.dhcp4.Option4;
import java.util.List;

/** One entry of a subnet's {@code pools}: the addresses, and the options for clients given one of them. */
public record Pool4(AddressRange4 range, List<ConfiguredOption<Option4>> options) {
    public Pool4 {
        options = List.copyOf(options);
    }
}
