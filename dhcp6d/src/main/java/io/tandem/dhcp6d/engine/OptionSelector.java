package io.tandem.dhcp6d.engine;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Option6;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured options a reply carries: those the client's Option Request asks for and those
 * marked {@code always-send}, never those marked {@code never-send} nor those the server builds
 * itself (the {@code serverOwned} column of {@link Dhcp6Options}). When several levels define
 * one option, the most specific wins, as in Kea: reservation, then pool, then subnet, then global.
 */
final class OptionSelector {
    private OptionSelector() {
    }

    /**
     * @param levels option-data from the least to the most specific level
     */
    static List<Option6> select(List<List<ConfiguredOption<Option6>>> levels, List<Integer> requested) {
        Map<Integer, ConfiguredOption<Option6>> merged = new LinkedHashMap<>();
        for (List<ConfiguredOption<Option6>> level : levels) {
            for (ConfiguredOption<Option6> option : level) {
                merged.put(option.code(), option);
            }
        }
        List<Option6> selected = new ArrayList<>();
        for (int code : requested) {
            ConfiguredOption<Option6> option = merged.get(code);
            if (option != null && !option.neverSend() && !Dhcp6Options.DHCP6.isServerOwned(code)
                    && !selected.contains(option.option())) {
                selected.add(option.option());
            }
        }
        for (ConfiguredOption<Option6> option : merged.values()) {
            if (option.alwaysSend() && !option.neverSend() && !Dhcp6Options.DHCP6.isServerOwned(option.code())
                    && !selected.contains(option.option())) {
                selected.add(option.option());
            }
        }
        return selected;
    }
}
