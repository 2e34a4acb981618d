package io.tandem.dhcp6d.config;

import io.tandem.common.config.AddressPool;
import io.tandem.common.config.AddressRange6;
import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HostReservations;
import io.tandem.common.config.Ipv6;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.Prefix6;
import io.tandem.common.config.Subnets;
import io.tandem.common.wire.dhcp6.Option6;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Compiles {@code subnet6} entries and {@code shared-networks}, flattening each shared network
 * into its subnets as Kea's inheritance does, and checks what lies inside each subnet: pools in
 * the subnet and apart from each other and from the {@code mac-addressing} range.
 *
 * @param optionCompiler   compiles each level's {@code option-data}
 * @param hostReservations compiles each subnet's {@code reservations}
 */
record SubnetCompiler6(OptionDataCompiler<Option6> optionCompiler,
                       HostReservations<Reservation6, Prefix6> hostReservations) {
    /** A compiled subnet before Kea's automatic ids are given out and the reservations file is merged. */
    record Draft(ConfigNode node, OptionalLong explicitId, Prefix6 prefix, Optional<String> sharedNetwork,
                 NetworkSettings6 settings, List<AddressPool<AddressRange6, Option6>> pools, List<PrefixPool6> prefixPools,
                 List<HostReservations.Placed<Reservation6>> reservations, List<ConfiguredOption<Option6>> options,
                 Optional<MacAddressing> macAddressing) implements Subnets.Draft {
    }

    private static final Subnets.Layout<Prefix6, AddressRange6, Option6> LAYOUT = new Subnets.Layout<>(
            KeaKeys6.SUBNET, KeaKeys6.POOL, Prefix6.TYPE, AddressRange6.POOL_TYPE,
            SubnetCompiler6::key);

    /** The subnets of every shared network, with the network's parameters folded in. */
    List<Draft> sharedNetworks(List<ConfigNode> networks, NetworkSettings6 global) {
        List<Draft> drafts = new ArrayList<>();
        Map<String, ConfigNode> names = new HashMap<>();
        for (ConfigNode network : networks) {
            network.finish(KeaKeys6.SHARED_NETWORK);
            Optional<String> name = Subnets.sharedNetworkName(network, names);
            NetworkSettings6 settings = NetworkSettings6.read(network, true, global);
            List<ConfiguredOption<Option6>> options = optionCompiler.compile(network.objects("option-data"));
            for (ConfigNode subnet : network.objects("subnet6")) {
                subnet(subnet, settings, name, options).ifPresent(drafts::add);
            }
        }
        return drafts;
    }

    /**
     * One {@code subnet6} entry.
     *
     * @param networkOptions the option-data of its shared network (none for a top-level subnet)
     */
    Optional<Draft> subnet(ConfigNode node, NetworkSettings6 parent, Optional<String> sharedNetwork,
                           List<ConfiguredOption<Option6>> networkOptions) {
        Subnets.Common<Prefix6, AddressRange6, NetworkSettings6, Option6> common = Subnets.readCommon(node, LAYOUT,
                optionCompiler, subnet -> NetworkSettings6.read(subnet, true, parent), networkOptions);
        List<PrefixPool6> prefixPools = new ArrayList<>();
        List<ConfigNode> prefixPoolNodes = new ArrayList<>();
        for (ConfigNode pool : node.objects("pd-pools")) {
            prefixPool(pool).ifPresent(value -> {
                prefixPools.add(value);
                prefixPoolNodes.add(pool);
            });
        }
        List<HostReservations.Placed<Reservation6>> reservations =
                hostReservations.compile(node.objects("reservations"));
        Optional<MacAddressing> macAddressing = node.optionalObject("mac-addressing")
                .flatMap(block -> macAddressing(block, common.prefix()));
        if (common.prefix().isEmpty()) {
            return Optional.empty();
        }
        Prefix6 prefix = common.prefix().get();
        Subnets.Pools<AddressPool<AddressRange6, Option6>> pools = common.pools();
        Subnets.checkPools(prefix, pools,
                (pool, range) -> macAddressing.ifPresent(mac -> checkOutsideMacAddressing(pool, range, mac)));
        checkPrefixPools(prefixPools, prefixPoolNodes);
        return Optional.of(new Draft(node, common.explicitId(), prefix, sharedNetwork, common.settings(), pools.pools(),
                prefixPools, reservations, common.options(), macAddressing));
    }

    private Optional<PrefixPool6> prefixPool(ConfigNode pool) {
        pool.finish(KeaKeys6.PD_POOL);
        Optional<Inet6Address> prefix = pool.value("prefix", Ipv6.ADDRESS);
        OptionalLong prefixLength = pool.integer("prefix-len", 1, 128);
        OptionalLong delegatedLength = pool.integer("delegated-len", 1, 128);
        List<ConfiguredOption<Option6>> options = optionCompiler.compile(pool.objects("option-data"));
        if (prefix.isEmpty() || prefixLength.isEmpty() || delegatedLength.isEmpty()) {
            return Optional.empty();
        }
        if (delegatedLength.getAsLong() < prefixLength.getAsLong()) {
            pool.error("delegated-len", "delegated-len (" + delegatedLength.getAsLong()
                    + ") must not be shorter than prefix-len (" + prefixLength.getAsLong() + ")");
            return Optional.empty();
        }
        return Optional.of(new PrefixPool6(new Prefix6(prefix.get(), (int) prefixLength.getAsLong()),
                (int) delegatedLength.getAsLong(), options));
    }

    private static Optional<MacAddressing> macAddressing(ConfigNode block, Optional<Prefix6> subnet) {
        block.finish(List.of("prefix"), List.of());
        Optional<Prefix6> prefix = block.value("prefix", Prefix6.TYPE);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        if (prefix.get().length() > MacAddressing.MAX_PREFIX_LENGTH) {
            block.error("prefix", "expected a prefix of /" + MacAddressing.MAX_PREFIX_LENGTH
                    + " or shorter (the MAC takes the low 48 bits), got " + prefix.get());
            return Optional.empty();
        }
        if (subnet.isPresent() && !subnet.get().contains(prefix.get())) {
            block.error("prefix", prefix.get() + " is not inside the subnet " + subnet.get());
            return Optional.empty();
        }
        return Optional.of(new MacAddressing(prefix.get()));
    }

    private static void checkOutsideMacAddressing(ConfigNode pool, AddressRange6 range, MacAddressing macAddressing) {
        if (range.overlaps(macAddressing.prefix().range())) {
            pool.error("pool", "the pool " + range + " overlaps the mac-addressing prefix "
                    + macAddressing.prefix() + ": a pool address could be some client's MAC address");
        }
    }

    private static void checkPrefixPools(List<PrefixPool6> pools, List<ConfigNode> nodes) {
        for (int i = 0; i < pools.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (pools.get(i).prefix().overlaps(pools.get(j).prefix())) {
                    nodes.get(i).error("prefix", "the prefix pool " + pools.get(i).prefix()
                            + " overlaps the one at " + nodes.get(j).pointer());
                }
            }
        }
    }

    /** What makes an option override one of the shared network: the same code, or for vendor-opts the same enterprise. */
    private static String key(ConfiguredOption<Option6> option) {
        return option.option() instanceof Option6.VendorOptions vendor
                ? option.code() + "/" + vendor.enterpriseNumber()
                : String.valueOf(option.code());
    }
}
