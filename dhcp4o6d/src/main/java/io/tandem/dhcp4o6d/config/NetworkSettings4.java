package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The parameters a subnet inherits from its shared network and from the top level (Kea's
 * {@code INHERIT_TO_SUBNET4} that dhcp4o6d implements), as written at one level, merged with
 * what that level inherits.
 */
record NetworkSettings4(OptionalLong validLifetime, OptionalLong minValidLifetime, OptionalLong maxValidLifetime,
                        OptionalLong renewTimer, OptionalLong rebindTimer, Optional<Boolean> calculateTeeTimes,
                        OptionalDouble t1Percent, OptionalDouble t2Percent, Optional<Boolean> authoritative,
                        BootFields boot) {
    static final long UINT32_MAX = 0xffffffffL;
    /** Kea 2.2's defaults for kea-dhcp4. */
    static final long DEFAULT_VALID_LIFETIME = 7200;
    static final double DEFAULT_T1_PERCENT = 0.5;
    static final double DEFAULT_T2_PERCENT = 0.875;
    /** RFC 2131 §2: sname holds 63 bytes and a NUL, file 127 and a NUL. */
    private static final int MAX_SERVER_HOSTNAME = 63;
    private static final int MAX_BOOT_FILE_NAME = 127;

    static final NetworkSettings4 NONE = new NetworkSettings4(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), Optional.empty(), BootFields.NONE);

    /** Reads the settings written at {@code node} and checks them with what they inherit from {@code parent}. */
    static NetworkSettings4 read(ConfigNode node, NetworkSettings4 parent) {
        NetworkSettings4 own = new NetworkSettings4(
                node.optionalInteger("valid-lifetime", 0, UINT32_MAX),
                node.optionalInteger("min-valid-lifetime", 0, UINT32_MAX),
                node.optionalInteger("max-valid-lifetime", 0, UINT32_MAX),
                node.optionalInteger("renew-timer", 0, UINT32_MAX),
                node.optionalInteger("rebind-timer", 0, UINT32_MAX),
                node.optionalBool("calculate-tee-times"),
                node.optionalNumber("t1-percent"),
                node.optionalNumber("t2-percent"),
                node.optionalBool("authoritative"),
                boot(node));
        NetworkSettings4 merged = own.under(parent);
        own.check(node, merged);
        return merged;
    }

    /** {@code next-server}, {@code server-hostname}, {@code boot-file-name} at one level (Kea: empty means "not set"). */
    static BootFields boot(ConfigNode node) {
        return new BootFields(
                node.optionalValue("next-server", Ipv4.ADDRESS).filter(address -> !address.isAnyLocalAddress()),
                headerText(node, "server-hostname", MAX_SERVER_HOSTNAME, "sname"),
                headerText(node, "boot-file-name", MAX_BOOT_FILE_NAME, "file"));
    }

    private static Optional<String> headerText(ConfigNode node, String key, int max, String field) {
        Optional<String> text = node.optionalString(key).filter(value -> !value.isEmpty());
        int length = text.map(value -> value.getBytes(StandardCharsets.UTF_8).length).orElse(0);
        if (length > max) {
            node.error(key, "at most " + max + " bytes fit in the " + field + " field, not " + length);
            return Optional.empty();
        }
        return text;
    }

    /** These settings, completed by {@code parent}'s where they say nothing. */
    NetworkSettings4 under(NetworkSettings4 parent) {
        return new NetworkSettings4(
                validLifetime.isPresent() ? validLifetime : parent.validLifetime,
                minValidLifetime.isPresent() ? minValidLifetime : parent.minValidLifetime,
                maxValidLifetime.isPresent() ? maxValidLifetime : parent.maxValidLifetime,
                renewTimer.isPresent() ? renewTimer : parent.renewTimer,
                rebindTimer.isPresent() ? rebindTimer : parent.rebindTimer,
                calculateTeeTimes.or(() -> parent.calculateTeeTimes),
                t1Percent.isPresent() ? t1Percent : parent.t1Percent,
                t2Percent.isPresent() ? t2Percent : parent.t2Percent,
                authoritative.or(() -> parent.authoritative),
                boot.over(parent.boot));
    }

    /** Kea's checks, made where a value is written, on the values in force there. */
    private void check(ConfigNode node, NetworkSettings4 merged) {
        if ((renewTimer.isPresent() || rebindTimer.isPresent()) && merged.renewTimer.isPresent()
                && merged.rebindTimer.isPresent() && merged.renewTimer.getAsLong() > merged.rebindTimer.getAsLong()) {
            node.error(renewTimer.isPresent() ? "renew-timer" : "rebind-timer", "renew-timer ("
                    + merged.renewTimer.getAsLong() + ") must not be greater than rebind-timer ("
                    + merged.rebindTimer.getAsLong() + ")");
        }
        if (validLifetime.isPresent() || minValidLifetime.isPresent() || maxValidLifetime.isPresent()) {
            long valid = merged.validLifetime.orElse(DEFAULT_VALID_LIFETIME);
            long min = merged.minValidLifetime.orElse(valid);
            long max = merged.maxValidLifetime.orElse(valid);
            if (min > valid || valid > max) {
                String key = minValidLifetime.isPresent() ? "min-valid-lifetime"
                        : maxValidLifetime.isPresent() ? "max-valid-lifetime" : "valid-lifetime";
                node.error(key, "expected min-valid-lifetime (" + min + ") <= valid-lifetime (" + valid
                        + ") <= max-valid-lifetime (" + max + ")");
            }
        }
        if (!merged.calculateTeeTimes.orElse(false)) {
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

    /** The lifetimes and timers these settings give, with Kea 2.2's defaults. */
    LeaseTimes4 leaseTimes() {
        long valid = validLifetime.orElse(DEFAULT_VALID_LIFETIME);
        return new LeaseTimes4(valid, minValidLifetime.orElse(valid), maxValidLifetime.orElse(valid), renewTimer,
                rebindTimer, calculateTeeTimes.orElse(false), t1Percent.orElse(DEFAULT_T1_PERCENT),
                t2Percent.orElse(DEFAULT_T2_PERCENT));
    }
}
