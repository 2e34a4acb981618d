package io.tandem.common.config;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The T1 and T2 parameters as written at one level (global, shared network, subnet), or merged
 * with what the level inherits: {@code renew-timer}, {@code rebind-timer},
 * {@code calculate-tee-times}, {@code t1-percent} and {@code t2-percent}, the same keys with the
 * same checks in both daemons (Kea's {@code BaseNetworkParser::parseTeePercents}).
 */
public record TeeTimers(OptionalLong renewTimer, OptionalLong rebindTimer, Optional<Boolean> calculateTeeTimes,
                        OptionalDouble t1Percent, OptionalDouble t2Percent) {
    /** A family's defaults (Kea 2.2's kea-dhcp6 and kea-dhcp4 differ). */
    public record Defaults(boolean calculateTeeTimes, double t1Percent, double t2Percent) {
    }


    public static final TeeTimers NONE = new TeeTimers(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(),
            OptionalDouble.empty(), OptionalDouble.empty());

    public static TeeTimers read(ConfigNode node) {
        return new TeeTimers(
                node.optionalInteger("renew-timer", 0, ConfigNode.UINT32_MAX),
                node.optionalInteger("rebind-timer", 0, ConfigNode.UINT32_MAX),
                node.optionalBool("calculate-tee-times"),
                node.optionalNumber("t1-percent"),
                node.optionalNumber("t2-percent"));
    }

    /** These settings, completed by {@code parent}'s where they say nothing. */
    public TeeTimers under(TeeTimers parent) {
        return new TeeTimers(
                renewTimer.isPresent() ? renewTimer : parent.renewTimer,
                rebindTimer.isPresent() ? rebindTimer : parent.rebindTimer,
                calculateTeeTimes.or(() -> parent.calculateTeeTimes),
                t1Percent.isPresent() ? t1Percent : parent.t1Percent,
                t2Percent.isPresent() ? t2Percent : parent.t2Percent);
    }

    /** Kea's check of the timers written at {@code node}, on the values in force there. */
    public void checkTimers(ConfigNode node, TeeTimers merged) {
        if ((renewTimer.isPresent() || rebindTimer.isPresent()) && merged.renewTimer.isPresent()
                && merged.rebindTimer.isPresent() && merged.renewTimer.getAsLong() > merged.rebindTimer.getAsLong()) {
            node.error(renewTimer.isPresent() ? "renew-timer" : "rebind-timer", "renew-timer ("
                    + merged.renewTimer.getAsLong() + ") must not be greater than rebind-timer ("
                    + merged.rebindTimer.getAsLong() + ")");
        }
    }

    /** Kea's checks of the percentages written at {@code node}, made when T1 and T2 are calculated there. */
    public void checkPercents(ConfigNode node, TeeTimers merged, Defaults defaults) {
        if (!merged.calculateTeeTimes.orElse(defaults.calculateTeeTimes())) {
            return;
        }
        checkPercent(node, "t1-percent", t1Percent);
        checkPercent(node, "t2-percent", t2Percent);
        if ((t1Percent.isPresent() || t2Percent.isPresent()) && merged.t1Percent.isPresent()
                && merged.t2Percent.isPresent() && merged.t1Percent.getAsDouble() >= merged.t2Percent.getAsDouble()) {
            node.error(t1Percent.isPresent() ? "t1-percent" : "t2-percent", "t1-percent ("
                    + merged.t1Percent.getAsDouble() + ") must be less than t2-percent ("
                    + merged.t2Percent.getAsDouble() + ")");
        }
    }

    private static void checkPercent(ConfigNode node, String key, OptionalDouble value) {
        if (value.isPresent() && (value.getAsDouble() <= 0 || value.getAsDouble() >= 1)) {
            node.error(key, "expected a number greater than 0 and less than 1, got " + value.getAsDouble());
        }
    }

    /** T1: {@code renew-timer}, else with {@code calculate-tee-times} {@code t1-percent} of {@code lifetime}, else 0. */
    public long renew(long lifetime, Defaults defaults) {
        return timer(renewTimer, t1Percent.orElse(defaults.t1Percent()), lifetime, defaults);
    }

    /** T2: {@code rebind-timer}, else with {@code calculate-tee-times} {@code t2-percent} of {@code lifetime}, else 0. */
    public long rebind(long lifetime, Defaults defaults) {
        return timer(rebindTimer, t2Percent.orElse(defaults.t2Percent()), lifetime, defaults);
    }

    private long timer(OptionalLong explicit, double percent, long lifetime, Defaults defaults) {
        if (explicit.isPresent()) {
            return explicit.getAsLong();
        }
        return calculateTeeTimes.orElse(defaults.calculateTeeTimes()) ? Math.round(percent * lifetime) : 0;
    }
}
