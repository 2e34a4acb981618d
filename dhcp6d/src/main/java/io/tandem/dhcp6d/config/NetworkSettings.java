package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.Ipv6;
import io.tandem.common.wire.Bytes;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The parameters a subnet inherits from its shared network and from the top level (Kea's
 * {@code INHERIT_TO_SUBNET6}, plus {@code interface}, {@code interface-id} and
 * {@code rapid-commit}, which a shared network passes on), as written at one level.
 */
record NetworkSettings(OptionalLong preferredLifetime, OptionalLong validLifetime, OptionalLong renewTimer,
                       OptionalLong rebindTimer, Optional<Boolean> calculateTeeTimes, OptionalDouble t1Percent,
                       OptionalDouble t2Percent, Optional<Boolean> rapidCommit,
                       Optional<List<Inet6Address>> relayAddresses, Optional<String> interfaceName,
                       Optional<Bytes> interfaceId) {
    static final long UINT32_MAX = 0xffffffffL;
    static final long DEFAULT_PREFERRED_LIFETIME = 3600;
    static final long DEFAULT_VALID_LIFETIME = 7200;
    static final double DEFAULT_T1_PERCENT = 0.5;
    static final double DEFAULT_T2_PERCENT = 0.8;

    static final NetworkSettings NONE = new NetworkSettings(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Reads the settings written at {@code node}, and checks them together with what they
     * inherit from {@code parent}.
     *
     * @param link whether the level may say where its link is ({@code interface},
     *             {@code interface-id}, {@code relay}): shared networks and subnets
     */
    static NetworkSettings read(ConfigNode node, boolean link, NetworkSettings parent) {
        NetworkSettings own = new NetworkSettings(
                node.optionalInteger("preferred-lifetime", 0, UINT32_MAX),
                node.optionalInteger("valid-lifetime", 0, UINT32_MAX),
                node.optionalInteger("renew-timer", 0, UINT32_MAX),
                node.optionalInteger("rebind-timer", 0, UINT32_MAX),
                node.optionalBool("calculate-tee-times"),
                node.optionalNumber("t1-percent"),
                node.optionalNumber("t2-percent"),
                node.optionalBool("rapid-commit"),
                link ? relay(node) : Optional.empty(),
                link ? node.optionalString("interface").filter(name -> !name.isEmpty()) : Optional.empty(),
                link ? node.optionalString("interface-id").filter(id -> !id.isEmpty()).map(Bytes::utf8)
                        : Optional.empty());
        NetworkSettings merged = own.under(parent);
        own.check(node, merged);
        return merged;
    }

    private static Optional<List<Inet6Address>> relay(ConfigNode node) {
        Optional<ConfigNode> relay = node.optionalObject("relay");
        if (relay.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode map = relay.get();
        map.finish(KeaKeys6.RELAY.implemented(), KeaKeys6.RELAY.keaKeysNotImplemented());
        if (map.has("ip-address") && map.has("ip-addresses")) {
            map.error("ip-address", "give either ip-address or ip-addresses, not both");
            return Optional.empty();
        }
        if (map.has("ip-address")) {
            return map.value("ip-address", Ipv6.ADDRESS).map(List::of);
        }
        if (!map.has("ip-addresses")) {
            map.error("ip-addresses", "missing; expected a list of IPv6 addresses");
            return Optional.empty();
        }
        return Optional.of(map.values("ip-addresses", Ipv6.ADDRESS));
    }

    /** These settings, completed by {@code parent}'s where they say nothing. */
    NetworkSettings under(NetworkSettings parent) {
        return new NetworkSettings(
                preferredLifetime.isPresent() ? preferredLifetime : parent.preferredLifetime,
                validLifetime.isPresent() ? validLifetime : parent.validLifetime,
                renewTimer.isPresent() ? renewTimer : parent.renewTimer,
                rebindTimer.isPresent() ? rebindTimer : parent.rebindTimer,
                calculateTeeTimes.or(() -> parent.calculateTeeTimes),
                t1Percent.isPresent() ? t1Percent : parent.t1Percent,
                t2Percent.isPresent() ? t2Percent : parent.t2Percent,
                rapidCommit.or(() -> parent.rapidCommit),
                relayAddresses.or(() -> parent.relayAddresses),
                interfaceName.or(() -> parent.interfaceName),
                interfaceId.or(() -> parent.interfaceId));
    }

    /** Kea's checks, made where a value is written, on the values in force there. */
    private void check(ConfigNode node, NetworkSettings merged) {
        if ((renewTimer.isPresent() || rebindTimer.isPresent()) && merged.renewTimer.isPresent()
                && merged.rebindTimer.isPresent() && merged.renewTimer.getAsLong() > merged.rebindTimer.getAsLong()) {
            node.error(renewTimer.isPresent() ? "renew-timer" : "rebind-timer", "renew-timer ("
                    + merged.renewTimer.getAsLong() + ") must not be greater than rebind-timer ("
                    + merged.rebindTimer.getAsLong() + ")");
        }
        if ((preferredLifetime.isPresent() || validLifetime.isPresent()) && merged.preferredLifetime.isPresent()
                && merged.validLifetime.isPresent()
                && merged.preferredLifetime.getAsLong() > merged.validLifetime.getAsLong()) {
            node.error(preferredLifetime.isPresent() ? "preferred-lifetime" : "valid-lifetime", "preferred-lifetime ("
                    + merged.preferredLifetime.getAsLong() + ") must not be greater than valid-lifetime ("
                    + merged.validLifetime.getAsLong() + "): clients would ignore the addresses");
        }
        if (!merged.calculateTeeTimes.orElse(true)) {
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

    /**
     * The lifetimes and timers these settings give, with Kea's defaults and its T1/T2 rule
     * ({@code Dhcpv6Srv::setTeeTimes}): an explicit timer wins; else, with
     * {@code calculate-tee-times}, a percentage of the preferred lifetime; T1 is sent only when
     * less than T2. A lifetime left at its default never contradicts the other one: the default
     * preferred lifetime is at most the valid lifetime, the default valid lifetime at least the
     * preferred one (Kea would send a preferred lifetime above the valid one, which clients ignore).
     */
    LeaseTimes leaseTimes() {
        long valid = validLifetime.orElse(Math.max(DEFAULT_VALID_LIFETIME, preferredLifetime.orElse(0)));
        long preferred = preferredLifetime.orElse(Math.min(DEFAULT_PREFERRED_LIFETIME, valid));
        boolean calculate = calculateTeeTimes.orElse(true);
        long rebind = rebindTimer.isPresent() ? rebindTimer.getAsLong()
                : calculate ? Math.round(t2Percent.orElse(DEFAULT_T2_PERCENT) * preferred) : 0;
        long renew = renewTimer.isPresent() ? renewTimer.getAsLong()
                : calculate ? Math.round(t1Percent.orElse(DEFAULT_T1_PERCENT) * preferred) : 0;
        return new LeaseTimes(preferred, valid, renew < rebind ? renew : 0, rebind);
    }
}
