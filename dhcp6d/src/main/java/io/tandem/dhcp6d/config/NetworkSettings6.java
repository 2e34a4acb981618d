package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.Ipv6;
import io.tandem.common.config.LifetimeBounds;
import io.tandem.common.config.ReservationModes;
import io.tandem.common.config.TeeTimers;
import io.tandem.common.wire.Bytes;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The parameters a subnet inherits from its shared network and from the top level (Kea's
 * {@code INHERIT_TO_SUBNET6}; the {@code min-} and {@code max-} lifetimes only checked against
 * the lifetimes, as Kea checks them, since dhcp6d takes no lifetime hints from clients; plus {@code interface},
 * {@code interface-id} and {@code rapid-commit}, which a shared network passes on, and Kea 2.4's
 * {@code allocator} and {@code pd-allocator}), as written at one level.
 */
record NetworkSettings6(LifetimeBounds preferredLifetime, LifetimeBounds validLifetime, TeeTimers teeTimers,
                        Optional<Boolean> rapidCommit, Optional<List<Inet6Address>> relayAddresses,
                        Optional<String> interfaceName, Optional<Bytes> interfaceId,
                        Optional<AllocationOrder> allocator, Optional<AllocationOrder> prefixAllocator) {
    static final long DEFAULT_PREFERRED_LIFETIME = 3600;
    static final long DEFAULT_VALID_LIFETIME = 7200;
    /** Kea 2.2's kea-dhcp6: T1 and T2 are calculated, at 0.5 and 0.8 of the preferred lifetime. */
    static final TeeTimers.Defaults TEE_DEFAULTS = new TeeTimers.Defaults(true, 0.5, 0.8);

    static final NetworkSettings6 NONE = new NetworkSettings6(LifetimeBounds.none("preferred-lifetime"),
            LifetimeBounds.none("valid-lifetime"), TeeTimers.NONE, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Reads the settings written at {@code node}, and checks them together with what they
     * inherit from {@code parent}.
     *
     * @param link whether the level may say where its link is ({@code interface},
     *             {@code interface-id}, {@code relay}): shared networks and subnets
     */
    static NetworkSettings6 read(ConfigNode node, boolean link, NetworkSettings6 parent) {
        NetworkSettings6 own = new NetworkSettings6(
                LifetimeBounds.read(node, "preferred-lifetime"),
                LifetimeBounds.read(node, "valid-lifetime"),
                TeeTimers.read(node),
                link ? node.optionalBool("rapid-commit") : Optional.empty(),
                link ? relay(node) : Optional.empty(),
                link ? node.optionalString("interface").filter(name -> !name.isEmpty()) : Optional.empty(),
                link ? node.optionalString("interface-id").filter(id -> !id.isEmpty()).map(Bytes::utf8)
                        : Optional.empty(),
                node.optionalValue("allocator", AllocationOrder.TYPE),
                node.optionalValue("pd-allocator", AllocationOrder.TYPE));
        NetworkSettings6 merged = own.under(parent);
        ReservationModes.check(node);
        own.checkLink(node, parent);
        own.check(node, merged);
        return merged;
    }

    /**
     * Kea's rules for where a link is: directly ({@code interface}) or through relays
     * ({@code interface-id}), not both at one level (an empty string is no value, as in Kea), and
     * a subnet of a shared network on the network's interface if it names one.
     */
    private void checkLink(ConfigNode node, NetworkSettings6 parent) {
        if (interfaceName.isPresent() && interfaceId.isPresent()) {
            node.error("interface-id", "a link is reached either directly (interface) or through relays"
                    + " (interface-id), not both");
        }
        if (interfaceName.isPresent() && parent.interfaceName.isPresent()
                && !interfaceName.equals(parent.interfaceName)) {
            node.error("interface", "the shared network is on " + parent.interfaceName.get()
                    + "; its subnets cannot be on another interface");
        }
    }

    private static Optional<List<Inet6Address>> relay(ConfigNode node) {
        Optional<ConfigNode> relay = node.optionalObject("relay");
        if (relay.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode map = relay.get();
        map.finish(KeaKeys6.RELAY);
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
    NetworkSettings6 under(NetworkSettings6 parent) {
        return new NetworkSettings6(
                preferredLifetime.under(parent.preferredLifetime),
                validLifetime.under(parent.validLifetime),
                teeTimers.under(parent.teeTimers),
                rapidCommit.or(() -> parent.rapidCommit),
                relayAddresses.or(() -> parent.relayAddresses),
                interfaceName.or(() -> parent.interfaceName),
                interfaceId.or(() -> parent.interfaceId),
                allocator.or(() -> parent.allocator),
                prefixAllocator.or(() -> parent.prefixAllocator));
    }

    /** Kea's checks, made where a value is written, on the values in force there. */
    private void check(ConfigNode node, NetworkSettings6 merged) {
        teeTimers.checkTimers(node, merged.teeTimers);
        preferredLifetime.check(node, merged.preferredLifetime, DEFAULT_PREFERRED_LIFETIME);
        validLifetime.check(node, merged.validLifetime, DEFAULT_VALID_LIFETIME);
        OptionalLong preferred = preferredLifetime.value();
        OptionalLong valid = validLifetime.value();
        OptionalLong mergedPreferred = merged.preferredLifetime.value();
        OptionalLong mergedValid = merged.validLifetime.value();
        if ((preferred.isPresent() || valid.isPresent()) && mergedPreferred.isPresent() && mergedValid.isPresent()
                && mergedPreferred.getAsLong() > mergedValid.getAsLong()) {
            node.error(preferred.isPresent() ? "preferred-lifetime" : "valid-lifetime", "preferred-lifetime ("
                    + mergedPreferred.getAsLong() + ") must not be greater than valid-lifetime ("
                    + mergedValid.getAsLong() + "): clients would ignore the addresses");
        }
        teeTimers.checkPercents(node, merged.teeTimers, TEE_DEFAULTS);
    }

    /**
     * The lifetimes and timers these settings give, with Kea's defaults and its T1/T2 rule
     * ({@code Dhcpv6Srv::setTeeTimes}): an explicit timer wins; else, with
     * {@code calculate-tee-times}, a percentage of the preferred lifetime; T1 is sent only when
     * less than T2. A lifetime left at its default never contradicts the other one: the default
     * preferred lifetime is at most the valid lifetime, the default valid lifetime at least the
     * preferred one (Kea would send a preferred lifetime above the valid one, which clients ignore).
     */
    LeaseTimes6 leaseTimes() {
        long valid = validLifetime.value().orElse(Math.max(DEFAULT_VALID_LIFETIME, preferredLifetime.value().orElse(0)));
        long preferred = preferredLifetime.value().orElse(Math.min(DEFAULT_PREFERRED_LIFETIME, valid));
        long rebind = teeTimers.rebind(preferred, TEE_DEFAULTS);
        long renew = teeTimers.renew(preferred, TEE_DEFAULTS);
        return new LeaseTimes6(preferred, valid, renew < rebind ? renew : 0, rebind);
    }
}
