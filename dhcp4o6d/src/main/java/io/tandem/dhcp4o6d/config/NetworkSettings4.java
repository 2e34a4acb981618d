package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.Ipv4;
import io.tandem.common.config.LifetimeBounds;
import io.tandem.common.config.ReservationModes;
import io.tandem.common.config.TeeTimers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The parameters a subnet inherits from its shared network and from the top level (Kea's
 * {@code INHERIT_TO_SUBNET4} that dhcp4o6d implements), as written at one level, merged with
 * what that level inherits.
 */
record NetworkSettings4(LifetimeBounds validLifetime, TeeTimers teeTimers, Optional<Boolean> authoritative, BootFields boot) {
    /** Kea 2.2's defaults for kea-dhcp4. */
    static final long DEFAULT_VALID_LIFETIME = 7200;
    /** RFC 2131 §2: sname holds 63 bytes and a NUL, file 127 and a NUL. */
    private static final int MAX_SERVER_HOSTNAME = 63;
    private static final int MAX_BOOT_FILE_NAME = 127;

    static final NetworkSettings4 NONE = new NetworkSettings4(LifetimeBounds.none("valid-lifetime"), TeeTimers.NONE, Optional.empty(), BootFields.NONE);

    /** Reads the settings written at {@code node} and checks them with what they inherit from {@code parent}. */
    static NetworkSettings4 read(ConfigNode node, NetworkSettings4 parent) {
        NetworkSettings4 own = new NetworkSettings4(
                LifetimeBounds.read(node, "valid-lifetime"),
                TeeTimers.read(node),
                node.optionalBool("authoritative"),
                boot(node));
        NetworkSettings4 merged = own.under(parent);
        ReservationModes.check(node);
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
                validLifetime.under(parent.validLifetime),
                teeTimers.under(parent.teeTimers),
                authoritative.or(() -> parent.authoritative),
                boot.over(parent.boot));
    }

    /** Kea's checks, made where a value is written, on the values in force there. */
    private void check(ConfigNode node, NetworkSettings4 merged) {
        teeTimers.checkTimers(node, merged.teeTimers);
        validLifetime.check(node, merged.validLifetime, DEFAULT_VALID_LIFETIME);
        teeTimers.checkPercents(node, merged.teeTimers, LeaseTimes4.TEE_DEFAULTS);
    }

    /** The lifetimes and timers these settings give, with Kea 2.2's defaults. */
    LeaseTimes4 leaseTimes() {
        return new LeaseTimes4(validLifetime.lifetime(DEFAULT_VALID_LIFETIME),
                validLifetime.lower(DEFAULT_VALID_LIFETIME), validLifetime.upper(DEFAULT_VALID_LIFETIME), teeTimers);
    }
}
