package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.AddressPool;
import io.tandem.common.config.AddressRange4;
import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HostReservations;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.Prefix4;
import io.tandem.common.config.Prefix6;
import io.tandem.common.config.Subnets;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Option4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Compiles {@code subnet4} entries and {@code shared-networks}, flattening each shared network
 * into its subnets as Kea's inheritance does, and checks what lies inside each subnet: pools in
 * the subnet and apart from each other; and across subnets, that none overlap and that no IPv6
 * link ({@code subnet6} of a shared network) is claimed twice.
 *
 * @param optionCompiler   compiles each level's {@code option-data}
 * @param hostReservations compiles each subnet's {@code reservations}
 */
record SubnetCompiler4(OptionDataCompiler<Option4> optionCompiler,
                       HostReservations<Reservation4, Prefix4> hostReservations) {
    /** A compiled subnet before Kea's automatic ids are given out and the reservations file is merged. */
    record Draft(ConfigNode node, OptionalLong explicitId, Prefix4 prefix, Optional<String> sharedNetwork,
                 NetworkSettings4 settings, List<AddressPool<AddressRange4, Option4>> pools, List<HostReservations.Placed<Reservation4>> reservations,
                 List<ConfiguredOption<Option4>> options, Optional<Prefix6> subnet4o6, Optional<Bytes> interfaceId4o6,
                 Optional<String> interface4o6) implements Subnets.Draft {
    }

    /** A shared network before its subnets have their ids. */
    record NetworkDraft(ConfigNode node, String name, Optional<String> interfaceName, List<Prefix6> subnet6,
                        List<Draft> subnets) {
    }

    private static final Subnets.Layout<Prefix4, AddressRange4, Option4> LAYOUT = new Subnets.Layout<>(
            KeaKeys4.SUBNET, KeaKeys4.POOL, Prefix4.TYPE, AddressRange4.POOL_TYPE, ConfiguredOption::code);

    /** Every shared network with its subnets, the network's parameters folded into them. */
    List<NetworkDraft> sharedNetworks(List<ConfigNode> networks, NetworkSettings4 global) {
        List<NetworkDraft> drafts = new ArrayList<>();
        Map<String, ConfigNode> names = new HashMap<>();
        Map<Prefix6, ConfigNode> links = new HashMap<>();
        for (ConfigNode network : networks) {
            network.finish(KeaKeys4.SHARED_NETWORK);
            Optional<String> name = Subnets.sharedNetworkName(network, names);
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
            List<ConfiguredOption<Option4>> options = optionCompiler.compile(network.objects("option-data"));
            List<Draft> subnets = new ArrayList<>();
            for (ConfigNode subnet : network.objects("subnet4")) {
                // Kea's rule; the subnet's own interface is otherwise one of Kea's keys dhcp4o6d ignores.
                Optional<String> subnetInterface = subnet.optionalString("interface").filter(text -> !text.isEmpty());
                if (subnetInterface.isPresent() && interfaceName.isPresent()
                        && !subnetInterface.equals(interfaceName)) {
                    subnet.error("interface", "the shared network is on " + interfaceName.get()
                            + "; its subnets cannot be on another interface");
                }
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
                           List<ConfiguredOption<Option4>> networkOptions) {
        Subnets.Common<Prefix4, AddressRange4, NetworkSettings4, Option4> common = Subnets.readCommon(node, LAYOUT,
                optionCompiler, subnet -> NetworkSettings4.read(subnet, parent), networkOptions);
        List<HostReservations.Placed<Reservation4>> reservations =
                hostReservations.compile(node.objects("reservations"));
        Optional<Prefix6> subnet4o6 = node.optionalValue("4o6-subnet", Prefix6.TYPE);
        Optional<Bytes> interfaceId4o6 = node.optionalString("4o6-interface-id").filter(text -> !text.isEmpty())
                .map(Bytes::utf8);
        Optional<String> interface4o6 = node.optionalString("4o6-interface").filter(text -> !text.isEmpty());
        if (common.prefix().isEmpty()) {
            return Optional.empty();
        }
        Prefix4 prefix = common.prefix().get();
        Subnets.Pools<AddressPool<AddressRange4, Option4>> pools = common.pools();
        Subnets.checkPools(prefix, pools, (pool, range) -> { });
        return Optional.of(new Draft(node, common.explicitId(), prefix, sharedNetwork, common.settings(), pools.pools(),
                reservations, common.options(), subnet4o6, interfaceId4o6, interface4o6));
    }
}
