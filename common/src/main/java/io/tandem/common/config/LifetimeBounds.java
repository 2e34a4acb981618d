package io.tandem.common.config;

import java.util.OptionalLong;

/**
 * A lifetime and its bounds as Kea writes them ({@code valid-lifetime}, {@code min-valid-lifetime},
 * {@code max-valid-lifetime}; the same for {@code preferred-lifetime}), at one level or in force
 * there, with Kea 2.2's rules ({@code BaseNetworkParser::parseIntTriplet}): a value that is not
 * given is Kea's default, a bound that is not given is the value, and {@code min <= value <= max}
 * where any of the three is written, on the values in force there.
 *
 * @param name the lifetime's key, e.g. {@code valid-lifetime}
 */
public record LifetimeBounds(String name, OptionalLong value, OptionalLong min, OptionalLong max) {
    /** The lifetime and its bounds written at {@code node}. */
    public static LifetimeBounds read(ConfigNode node, String name) {
        return new LifetimeBounds(name, node.optionalInteger(name, 0, ConfigNode.UINT32_MAX),
                node.optionalInteger("min-" + name, 0, ConfigNode.UINT32_MAX),
                node.optionalInteger("max-" + name, 0, ConfigNode.UINT32_MAX));
    }

    /** None of the three given. */
    public static LifetimeBounds none(String name) {
        return new LifetimeBounds(name, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    /** These bounds, completed by {@code parent}'s where they say nothing. */
    public LifetimeBounds under(LifetimeBounds parent) {
        return new LifetimeBounds(name, value.isPresent() ? value : parent.value,
                min.isPresent() ? min : parent.min, max.isPresent() ? max : parent.max);
    }

    /** Whether any of the three is given. */
    public boolean given() {
        return value.isPresent() || min.isPresent() || max.isPresent();
    }

    /** The lifetime in force: the value, else {@code defaultValue}. */
    public long lifetime(long defaultValue) {
        return value.orElse(defaultValue);
    }

    public long lower(long defaultValue) {
        return min.orElse(lifetime(defaultValue));
    }

    public long upper(long defaultValue) {
        return max.orElse(lifetime(defaultValue));
    }

    /**
     * Kea's check, made where one of the three is written ({@code this}), on {@code merged}, the
     * bounds in force there; {@code defaultValue} is Kea's default of the lifetime.
     */
    public void check(ConfigNode node, LifetimeBounds merged, long defaultValue) {
        if (!given()) {
            return;
        }
        long lifetime = merged.lifetime(defaultValue);
        long lower = merged.lower(defaultValue);
        long upper = merged.upper(defaultValue);
        if (lower <= lifetime && lifetime <= upper) {
            return;
        }
        String key = min.isPresent() ? "min-" + name : max.isPresent() ? "max-" + name : name;
        node.error(key, "expected min-" + name + " (" + lower + ") <= " + name + " (" + lifetime + ") <= max-"
                + name + " (" + upper + ")");
    }
}
