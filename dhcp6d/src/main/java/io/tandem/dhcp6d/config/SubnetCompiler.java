package io.tandem.dhcp6d.config;

import io.tandem.common.config.AddressRange6;
import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption6;
import io.tandem.common.config.Ipv6;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.dhcp6.Option6;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Compiles {@code subnet6} entries and {@code shared-networks}, flattening each shared network
 * into its subnets as Kea's inheritance does, and checks what lies inside each subnet: pools in
 * the subnet and apart from each other and from the {@code mac-addressing} range.
 */
final class SubnetCompiler {
    /** A compiled subnet before Kea's automatic ids are given out and the reservations file is merged. */
    record Draft(ConfigNode node, OptionalLong explicitId, Prefix6 prefix, Optional<String> sharedNetwork,
                 NetworkSettings settings, List<AddressPool6> pools, List<PrefixPool6> prefixPools,
                 List<ReservationCompiler.Placed> reservations, List<ConfiguredOption6> options,
                 Optional<MacAddressing> macAddressing) {
    }

    private static final long SUBNET_ID_MAX = 0xfffffffeL;

    private final OptionDataCompiler<ConfiguredOption6> optionCompiler;
    private final ReservationCompiler reservationCompiler;

    SubnetCompiler(OptionDataCompiler<ConfiguredOption6> optionCompiler, ReservationCompiler reservationCompiler) {
        this.optionCompiler = optionCompiler;
        this.reservationCompiler = reservationCompiler;
    }

    /** The subnets of every shared network, with the network's parameters folded in. */
    List<Draft> sharedNetworks(List<ConfigNode> networks, NetworkSettings global) {
        List<Draft> drafts = new ArrayList<>();
        Map<String, ConfigNode> names = new HashMap<>();
        for (ConfigNode network : networks) {
            network.finish(KeaKeys6.SHARED_NETWORK.implemented(), KeaKeys6.SHARED_NETWORK.keaKeysNotImplemented());
            Optional<String> name = network.string("name");
            name.ifPresent(text -> {
                ConfigNode first = names.putIfAbsent(text, network);
                if (text.isEmpty()) {
                    network.error("name", "expected a non-empty name");
                } else if (first != null) {
                    network.error("name", "shared network " + ConfigNode.quote(text) + " is already defined at "
                            + first.pointer());
                }
            });
            if (network.has("interface") && network.has("interface-id")) {
                network.error("interface-id", "a shared network is reached either directly (interface) or"
                        + " through relays (interface-id), not both");
            }
            NetworkSettings settings = NetworkSettings.read(network, true, global);
            List<ConfiguredOption6> options = optionCompiler.compile(network.objects("option-data"));
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
    Optional<Draft> subnet(ConfigNode node, NetworkSettings parent, Optional<String> sharedNetwork,
                           List<ConfiguredOption6> networkOptions) {
        node.finish(KeaKeys6.SUBNET.implemented(), KeaKeys6.SUBNET.keaKeysNotImplemented());
        OptionalLong id = node.optionalInteger("id", 0, SUBNET_ID_MAX);
        Optional<Prefix6> prefix = node.value("subnet", Prefix6.TYPE);
        NetworkSettings settings = NetworkSettings.read(node, true, parent);
        List<ConfiguredOption6> options = withInherited(optionCompiler.compile(node.objects("option-data")),
                networkOptions);
        List<AddressPool6> pools = new ArrayList<>();
        List<ConfigNode> poolNodes = new ArrayList<>();
        for (ConfigNode pool : node.objects("pools")) {
            pool.finish(KeaKeys6.POOL.implemented(), KeaKeys6.POOL.keaKeysNotImplemented());
            Optional<AddressRange6> range = pool.value("pool", AddressRange6.POOL_TYPE);
            List<ConfiguredOption6> poolOptions = optionCompiler.compile(pool.objects("option-data"));
            range.ifPresent(value -> {
                pools.add(new AddressPool6(value, poolOptions));
                poolNodes.add(pool);
            });
        }
        List<PrefixPool6> prefixPools = new ArrayList<>();
        List<ConfigNode> prefixPoolNodes = new ArrayList<>();
        for (ConfigNode pool : node.objects("pd-pools")) {
            prefixPool(pool).ifPresent(value -> {
                prefixPools.add(value);
                prefixPoolNodes.add(pool);
            });
        }
        List<ReservationCompiler.Placed> reservations = new ArrayList<>();
        for (ConfigNode reservation : node.objects("reservations")) {
            reservationCompiler.compile(reservation, KeaKeys6.RESERVATION)
                    .ifPresent(value -> reservations.add(new ReservationCompiler.Placed(reservation, value)));
        }
        Optional<MacAddressing> macAddressing = node.optionalObject("mac-addressing")
                .flatMap(block -> macAddressing(block, prefix));
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        checkPools(prefix.get(), pools, poolNodes, macAddressing);
        checkPrefixPools(prefixPools, prefixPoolNodes);
        return Optional.of(new Draft(node, id.isPresent() && id.getAsLong() != 0 ? id : OptionalLong.empty(),
                prefix.get(), sharedNetwork, settings, pools, prefixPools, reservations, options, macAddressing));
    }

    private Optional<PrefixPool6> prefixPool(ConfigNode pool) {
        pool.finish(KeaKeys6.PD_POOL.implemented(), KeaKeys6.PD_POOL.keaKeysNotImplemented());
        Optional<Inet6Address> prefix = pool.value("prefix", Ipv6.ADDRESS);
        OptionalLong prefixLength = pool.integer("prefix-len", 1, 128);
        OptionalLong delegatedLength = pool.integer("delegated-len", 1, 128);
        List<ConfiguredOption6> options = optionCompiler.compile(pool.objects("option-data"));
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

    private static void checkPools(Prefix6 subnet, List<AddressPool6> pools, List<ConfigNode> nodes,
                                   Optional<MacAddressing> macAddressing) {
        for (int i = 0; i < pools.size(); i++) {
            AddressRange6 range = pools.get(i).range();
            ConfigNode node = nodes.get(i);
            if (!subnet.contains(range.first()) || !subnet.contains(range.last())) {
                node.error("pool", "the pool " + range + " is not inside the subnet " + subnet);
            }
            for (int j = 0; j < i; j++) {
                if (range.overlaps(pools.get(j).range())) {
                    node.error("pool", "the pool " + range + " overlaps the pool at " + nodes.get(j).pointer());
                }
            }
            if (macAddressing.isPresent() && range.overlaps(macAddressing.get().prefix().range())) {
                node.error("pool", "the pool " + range + " overlaps the mac-addressing prefix "
                        + macAddressing.get().prefix() + ": a pool address could be some client's MAC address");
            }
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

    /**
     * A subnet's options followed by those of its shared network that it does not override: the
     * same code, or for vendor-opts the same enterprise (Kea looks an option up in the subnet
     * first, then in the network).
     */
    private static List<ConfiguredOption6> withInherited(List<ConfiguredOption6> own, List<ConfiguredOption6> inherited) {
        if (inherited.isEmpty()) {
            return own;
        }
        Set<String> overridden = new HashSet<>();
        own.forEach(option -> overridden.add(key(option)));
        List<ConfiguredOption6> merged = new ArrayList<>(own);
        for (ConfiguredOption6 option : inherited) {
            if (!overridden.contains(key(option))) {
                merged.add(option);
            }
        }
        return merged;
    }

    private static String key(ConfiguredOption6 option) {
        return option.option() instanceof Option6.VendorOptions vendor
                ? option.code() + "/" + vendor.enterpriseNumber()
                : String.valueOf(option.code());
    }

    /** Reports subnets that overlap: prefixes either nest or are apart, so one sweep in address order finds them. */
    static void checkOverlaps(List<Draft> drafts) {
        List<Draft> sorted = new ArrayList<>(drafts);
        sorted.sort((a, b) -> {
            int byNetwork = Ipv6.compare(a.prefix().network(), b.prefix().network());
            return byNetwork != 0 ? byNetwork : Integer.compare(a.prefix().length(), b.prefix().length());
        });
        Draft widest = null;
        for (Draft draft : sorted) {
            if (widest != null && Ipv6.compare(draft.prefix().network(), widest.prefix().lastAddress()) <= 0) {
                draft.node().error("subnet", "the subnet " + draft.prefix() + " overlaps the subnet "
                        + widest.prefix() + " at " + widest.node().pointer());
            }
            if (widest == null || Ipv6.compare(draft.prefix().lastAddress(), widest.prefix().lastAddress()) > 0) {
                widest = draft;
            }
        }
    }
}
