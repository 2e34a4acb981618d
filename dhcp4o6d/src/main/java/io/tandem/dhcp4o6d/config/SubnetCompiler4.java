package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.AddressRange4;
import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption4;
import io.tandem.common.config.Ipv4;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.Prefix4;
import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Compiles {@code subnet4} entries and {@code shared-networks}, flattening each shared network
 * into its subnets as Kea's inheritance does, and checks what lies inside each subnet: pools in
 * the subnet and apart from each other; and across subnets, that none overlap and that no IPv6
 * link ({@code subnet6} of a shared network) is claimed twice.
 */
final class SubnetCompiler4 {
    /** A compiled subnet before Kea's automatic ids are given out and the reservations file is merged. */
    record Draft(ConfigNode node, OptionalLong explicitId, Prefix4 prefix, Optional<String> sharedNetwork,
                 NetworkSettings4 settings, List<Pool4> pools, List<ReservationCompiler4.Placed> reservations,
                 List<ConfiguredOption4> options, Optional<Prefix6> subnet4o6, Optional<Bytes> interfaceId4o6,
                 Optional<String> interface4o6) {
    }

    /** A shared network before its subnets have their ids. */
    record NetworkDraft(ConfigNode node, String name, Optional<String> interfaceName, List<Prefix6> subnet6,
                        List<Draft> subnets) {
    }

    private static final long SUBNET_ID_MAX = 0xfffffffeL;

    private final OptionDataCompiler<ConfiguredOption4> optionCompiler;
    private final ReservationCompiler4 reservationCompiler;

    SubnetCompiler4(OptionDataCompiler<ConfiguredOption4> optionCompiler, ReservationCompiler4 reservationCompiler) {
        this.optionCompiler = optionCompiler;
        this.reservationCompiler = reservationCompiler;
    }

    /** Every shared network with its subnets, the network's parameters folded into them. */
    List<NetworkDraft> sharedNetworks(List<ConfigNode> networks, NetworkSettings4 global) {
        List<NetworkDraft> drafts = new ArrayList<>();
        Map<String, ConfigNode> names = new HashMap<>();
        Map<Prefix6, ConfigNode> links = new HashMap<>();
        for (ConfigNode network : networks) {
            network.finish(KeaKeys4.SHARED_NETWORK.implemented(), KeaKeys4.SHARED_NETWORK.keaKeysNotImplemented());
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
            Optional<String> interfaceName = network.optionalString("interface").filter(text -> !text.isEmpty());
            List<Prefix6> subnet6 = new ArrayList<>();
            for (ConfigNode element : network.array("subnet6")) {
                element.asValue(Prefix6.TYPE).ifPresent(link -> {
                    links.forEach((claimed, where) -> {
                        if (claimed.overlaps(link)) {
                            element.error(link + " overlaps " + claimed + " at " + where.pointer()
                                    + ": an IPv6 link belongs to one shared network");
                        }
                    });
                    links.put(link, element);
                    subnet6.add(link);
                });
            }
            NetworkSettings4 settings = NetworkSettings4.read(network, global);
            List<ConfiguredOption4> options = optionCompiler.compile(network.objects("option-data"));
            List<Draft> subnets = new ArrayList<>();
            for (ConfigNode subnet : network.objects("subnet4")) {
                subnet(subnet, settings, name, options).ifPresent(subnets::add);
            }
            name.ifPresent(text -> drafts.add(new NetworkDraft(network, text, interfaceName, subnet6, subnets)));
        }
        return drafts;
    }

    /**
     * One {@code subnet4} entry.
     *
     * @param networkOptions the option-data of its shared network (none for a top-level subnet)
     */
    Optional<Draft> subnet(ConfigNode node, NetworkSettings4 parent, Optional<String> sharedNetwork,
                           List<ConfiguredOption4> networkOptions) {
        node.finish(KeaKeys4.SUBNET.implemented(), KeaKeys4.SUBNET.keaKeysNotImplemented());
        OptionalLong id = node.optionalInteger("id", 0, SUBNET_ID_MAX);
        Optional<Prefix4> prefix = node.value("subnet", Prefix4.TYPE);
        NetworkSettings4 settings = NetworkSettings4.read(node, parent);
        List<ConfiguredOption4> options = withInherited(optionCompiler.compile(node.objects("option-data")),
                networkOptions);
        List<Pool4> pools = new ArrayList<>();
        List<ConfigNode> poolNodes = new ArrayList<>();
        for (ConfigNode pool : node.objects("pools")) {
            pool.finish(KeaKeys4.POOL.implemented(), KeaKeys4.POOL.keaKeysNotImplemented());
            Optional<AddressRange4> range = pool.value("pool", AddressRange4.POOL_TYPE);
            List<ConfiguredOption4> poolOptions = optionCompiler.compile(pool.objects("option-data"));
            range.ifPresent(value -> {
                pools.add(new Pool4(value, poolOptions));
                poolNodes.add(pool);
            });
        }
        List<ReservationCompiler4.Placed> reservations = new ArrayList<>();
        for (ConfigNode reservation : node.objects("reservations")) {
            reservationCompiler.compile(reservation, KeaKeys4.RESERVATION)
                    .ifPresent(value -> reservations.add(new ReservationCompiler4.Placed(reservation, value)));
        }
        Optional<Prefix6> subnet4o6 = node.optionalValue("4o6-subnet", Prefix6.TYPE);
        Optional<Bytes> interfaceId4o6 = node.optionalString("4o6-interface-id").filter(text -> !text.isEmpty())
                .map(Bytes::utf8);
        Optional<String> interface4o6 = node.optionalString("4o6-interface").filter(text -> !text.isEmpty());
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        checkPools(prefix.get(), pools, poolNodes);
        return Optional.of(new Draft(node, id.isPresent() && id.getAsLong() != 0 ? id : OptionalLong.empty(),
                prefix.get(), sharedNetwork, settings, pools, reservations, options, subnet4o6, interfaceId4o6,
                interface4o6));
    }

    private static void checkPools(Prefix4 subnet, List<Pool4> pools, List<ConfigNode> nodes) {
        for (int i = 0; i < pools.size(); i++) {
            AddressRange4 range = pools.get(i).range();
            ConfigNode node = nodes.get(i);
            if (!subnet.contains(range.first()) || !subnet.contains(range.last())) {
                node.error("pool", "the pool " + range + " is not inside the subnet " + subnet);
            }
            for (int j = 0; j < i; j++) {
                if (range.overlaps(pools.get(j).range())) {
                    node.error("pool", "the pool " + range + " overlaps the pool at " + nodes.get(j).pointer());
                }
            }
        }
    }

    /**
     * A subnet's options followed by those of its shared network that it does not override (Kea
     * looks an option up in the subnet first, then in the network).
     */
    private static List<ConfiguredOption4> withInherited(List<ConfiguredOption4> own,
                                                         List<ConfiguredOption4> inherited) {
        if (inherited.isEmpty()) {
            return own;
        }
        Set<Integer> overridden = new HashSet<>();
        own.forEach(option -> overridden.add(option.code()));
        List<ConfiguredOption4> merged = new ArrayList<>(own);
        for (ConfiguredOption4 option : inherited) {
            if (!overridden.contains(option.code())) {
                merged.add(option);
            }
        }
        return merged;
    }

    /** Reports subnets that overlap: prefixes either nest or are apart, so one sweep in address order finds them. */
    static void checkOverlaps(List<Draft> drafts) {
        List<Draft> sorted = new ArrayList<>(drafts);
        sorted.sort((a, b) -> {
            int byNetwork = Ipv4.compare(a.prefix().network(), b.prefix().network());
            return byNetwork != 0 ? byNetwork : Integer.compare(a.prefix().length(), b.prefix().length());
        });
        Draft widest = null;
        for (Draft draft : sorted) {
            if (widest != null && Ipv4.compare(draft.prefix().network(), widest.prefix().lastAddress()) <= 0) {
                draft.node().error("subnet", "the subnet " + draft.prefix() + " overlaps the subnet "
                        + widest.prefix() + " at " + widest.node().pointer());
            }
            if (widest == null || Ipv4.compare(draft.prefix().lastAddress(), widest.prefix().lastAddress()) > 0) {
                widest = draft;
            }
        }
    }
}
