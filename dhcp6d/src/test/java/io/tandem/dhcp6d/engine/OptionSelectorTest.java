package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Option6;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link OptionSelector} on its own: asked for, always-send, never-send, most specific level, engine-owned codes. */
class OptionSelectorTest {
    static ConfiguredOption<Option6> option(int code, String text, boolean alwaysSend, boolean neverSend) {
        return new ConfiguredOption<>(new Option6.Raw(code, Bytes.utf8(text)), alwaysSend, neverSend);
    }

    static Option6 raw(int code, String text) {
        return new Option6.Raw(code, Bytes.utf8(text));
    }

    @Test
    void onlyWhatIsAskedForOrAlwaysSentAndNeverTheNeverSent() {
        List<ConfiguredOption<Option6>> global = List.of(option(23, "dns", false, false), option(24, "search", false, false),
                option(31, "sntp", true, false), option(32, "info", true, true), option(21, "sip", false, true));
        assertEquals(List.of(raw(23, "dns"), raw(31, "sntp")), OptionSelector.select(List.of(global), List.of(23, 21)));
    }

    @Test
    void theMostSpecificLevelWins() {
        List<ConfiguredOption<Option6>> global = List.of(option(23, "global", false, false));
        List<ConfiguredOption<Option6>> subnet = List.of(option(23, "subnet", false, false));
        List<ConfiguredOption<Option6>> reservation = List.of(option(23, "host", false, false));
        assertEquals(List.of(raw(23, "host")), OptionSelector.select(List.of(global, subnet, reservation), List.of(23)));
        assertEquals(List.of(raw(23, "subnet")), OptionSelector.select(List.of(global, subnet), List.of(23)));
    }

    @Test
    void optionsTheEngineWritesItselfAreNeverTakenFromTheConfiguration() {
        List<ConfiguredOption<Option6>> global = List.of(option(2, "server-id", true, false), option(13, "status", false, false));
        assertEquals(List.of(), OptionSelector.select(List.of(global), List.of(2, 13)));
    }
}
