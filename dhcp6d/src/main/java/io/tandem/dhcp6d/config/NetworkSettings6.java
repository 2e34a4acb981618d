package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.Ipv6;
import io.tandem.common.config.TeeTimers;
import io.tandem.common.wire.Bytes;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The parameters a subnet inherits from its shared network and from the top level (Kea's
 * {@code INHERIT_TO_SUBNET6}, plus {@code interface}, {@code interface-id} and
 * {@code rapid-commit}, which a shared network passes on, and Kea 2.4's {@code allocator} and
 * {@code pd-allocator}), as written at one level.
 */
record NetworkSettings6(OptionalLong preferredLifetime, OptionalLong validLifetime, TeeTimers teeTimers,
                        Optional<Boolean> rapidCommit, Optional<List<Inet6Address>> relayAddresses,
                        Optional<String> interfaceName, Optional<Bytes> interfaceId,
                        Optional<AllocationOrder> allocator, Optional<AllocationOrder> prefixAllocator) {
    static final long DEFAULT_PREFERRED_LIFETIME = 3600;
    static final long DEFAULT_VALID_LIFETIME = 7200;
    /** Kea 2.2's kea-dhcp6: T1 and T2 are calculated, at 0.5 and 0.8 of the preferred lifetime. */
    static final TeeTimers.Defaults TEE_DEFAULTS = new TeeTimers.Defaults(true, 0.5, 0.8);

    static final NetworkSettings6 NONE = new NetworkSettings6(OptionalLong.empty(), OptionalLong.empty(),
            TeeTimers.NONE, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    /**
     * Reads the settings written at {@code node}, and checks them together with what they
     * inherit from {@code parent}.
     *
     * @param link whether the level may say where its link is ({@code interface},
     *             {@code interface-id}, {@code relay}): shared networks and subnets
     */
    static NetworkSettings6 read(ConfigNode node, boolean link, NetworkSettings6 parent) {
        NetworkSettings6 own = new NetworkSettings6(
                node.optionalInteger("preferred-lifetime", 0, ConfigNode.UINT32_MAX),
                node.optionalInteger("valid-lifetime", 0, ConfigNode.UINT32_MAX),
                TeeTimers.read(node),
                node.optionalBool("rapid-commit"),
                link ? relay(node) : Optional.empty(),
                link ? node.optionalString("interface").filter(name -> !name.isEmpty()) : Optional.empty(),
                link ? node.optionalString("interface-id").filter(id -> !id.isEmpty()).map(Bytes::utf8)
                        : Optional.empty(),
                node.optionalValue("allocator", AllocationOrder.TYPE),
                node.optionalValue("pd-allocator", AllocationOrder.TYPE));
        NetworkSettings6 merged = own.under(parent);
        own.check(node, merged);
        return merged;
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
                preferredLifetime.isPresent() ? preferredLifetime : parent.preferredLifetime,
                validLifetime.isPresent() ? validLifetime : parent.validLifetime,
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
        if ((preferredLifetime.isPresent() || validLifetime.isPresent()) && merged.preferredLifetime.isPresent()
                && merged.validLifetime.isPresent()
                && merged.preferredLifetime.getAsLong() > merged.validLifetime.getAsLong()) {
            node.error(preferredLifetime.isPresent() ? "preferred-lifetime" : "valid-lifetime", "preferred-lifetime ("
                    + merged.preferredLifetime.getAsLong() + ") must not be greater than valid-lifetime ("
                    + merged.validLifetime.getAsLong() + "): clients would ignore the addresses");
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
        long valid = validLifetime.orElse(Math.max(DEFAULT_VALID_LIFETIME, preferredLifetime.orElse(0)));
        long preferred = preferredLifetime.orElse(Math.min(DEFAULT_PREFERRED_LIFETIME, valid));
        long rebind = teeTimers.rebind(preferred, TEE_DEFAULTS);
        long renew = teeTimers.renew(preferred, TEE_DEFAULTS);
        return new LeaseTimes6(preferred, valid, renew < rebind ? renew : 0, rebind);
    }
}
