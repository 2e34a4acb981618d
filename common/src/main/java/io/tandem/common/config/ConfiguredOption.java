package io.tandem.common.config;

import io.tandem.common.wire.WireOption;
import java.util.List;
import java.util.Optional;

/**
 * One compiled entry of Kea's {@code option-data} at some level of a {@code Dhcp6} or {@code Dhcp4}
 * configuration.
 *
 * @param option     the option as it goes on the wire ({@code Option6} or {@code Option4})
 * @param alwaysSend Kea's {@code always-send}: sent even when the client's Option Request option
 *                   (DHCPv6) or Parameter Request List (DHCPv4, option 55) does not ask for it
 * @param neverSend  Kea's {@code never-send}: this option code is not sent from this level nor
 *                   from any less specific one, whatever the client asks; it takes precedence over
 *                   {@code always-send} (which is then false), and the option's value does not
 *                   matter
 * @param <O>        the family's option type
 */
public record ConfiguredOption<O extends WireOption>(O option, boolean alwaysSend, boolean neverSend) {
    public ConfiguredOption {
        alwaysSend = alwaysSend && !neverSend;
    }

    public int code() {
        return option.code();
    }

    /** The first of {@code options} with {@code code} that is sent (not {@code never-send}), if any. */
    public static <O extends WireOption> Optional<ConfiguredOption<O>> firstSent(List<ConfiguredOption<O>> options,
                                                                                int code) {
        // A loop, not a stream: dhcp4o6d looks up its server identifier so on every exchange.
        for (int i = 0; i < options.size(); i++) {
            ConfiguredOption<O> option = options.get(i);
            if (option.code() == code && !option.neverSend()) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }
}
