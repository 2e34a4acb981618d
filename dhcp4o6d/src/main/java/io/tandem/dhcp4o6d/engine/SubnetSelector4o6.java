package io.tandem.dhcp4o6d.engine;

import io.tandem.common.wire.Addresses;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import io.tandem.dhcp4o6d.config.SharedNetwork4;
import io.tandem.dhcp4o6d.config.Subnet4;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Chooses the IPv4 subnet of a DHCPv4-over-DHCPv6 query.
 *
 * <ol>
 * <li>Kea's per-subnet selectors, subnets in id order (Kea's {@code CfgSubnets4::selectSubnet4o6}),
 *     each subnet trying in turn: {@code 4o6-subnet} contains the IPv6 source of the datagram
 *     dhcp6d received (the relay's address when relayed); {@code 4o6-interface-id} equals the
 *     Interface-ID of the relay nearest the client; {@code 4o6-interface} names the interface
 *     dhcp6d received the query on.
 * <li>ISC DHCP's grouping, through the {@code subnet6} lists of the shared networks: the network
 *     whose prefixes contain the client's own IPv6 address when it is not link-local (a relayed
 *     client's is the peer-address of the relay nearest it); else, for a relayed query, the first
 *     usable link-address walking from the client outward; else, for a direct query, the network
 *     whose {@code interface} names the receiving interface, or whose prefixes contain an address
 *     of that interface. A relayed client is not on the receiving interface's link, so that last
 *     rule is for direct clients only.
 * </ol>
 * The subnet chosen comes first in the selection, followed by the other subnets of its shared
 * network, from which an address may also be given (as Kea does).
 */
final class SubnetSelector4o6 {
    /** The subnets a client may get an address from, the chosen one first, and the rule that chose. */
    record Selection(List<Subnet4> subnets, String rule) {
        Subnet4 chosen() {
            return subnets.get(0);
        }
    }

    private SubnetSelector4o6() {
    }

    static Optional<Selection> select(Dhcp4Config config, Query4o6 query, HostInterfaces interfaces) {
        for (Subnet4 subnet : config.subnets()) {
            if (subnet.subnet4o6().filter(prefix -> prefix.contains(query.sourceAddress())).isPresent()) {
                return Optional.of(withNetwork(config, subnet, "4o6-subnet " + subnet.subnet4o6().get()));
            }
            if (subnet.interfaceId4o6().isPresent() && subnet.interfaceId4o6().equals(query.interfaceId())) {
                return Optional.of(withNetwork(config, subnet, "4o6-interface-id " + subnet.interfaceId4o6().get().text()));
            }
            if (subnet.interface4o6().filter(query.interfaceName()::equals).isPresent()) {
                return Optional.of(withNetwork(config, subnet, "4o6-interface " + query.interfaceName()));
            }
        }
        Inet6Address client = query.clientAddress();
        if (!client.isLinkLocalAddress() && !client.isAnyLocalAddress()) {
            Optional<Selection> bySource = network(config, network -> covers(network, client),
                    "client address " + Addresses.text(client));
            if (bySource.isPresent()) {
                return bySource;
            }
        }
        if (query.relayed()) {
            return query.firstUsableLinkAddress().flatMap(link -> network(config, network -> covers(network, link),
                    "relay link-address " + Addresses.text(link)));
        }
        String name = query.interfaceName();
        Optional<Selection> byName = network(config,
                network -> network.interfaceName().filter(name::equals).isPresent(), "interface " + name);
        if (byName.isPresent()) {
            return byName;
        }
        List<Inet6Address> own = interfaces.addresses(name).stream().filter(Inet6Address.class::isInstance)
                .map(Inet6Address.class::cast).filter(address -> !address.isLinkLocalAddress()).toList();
        return network(config, network -> own.stream().anyMatch(address -> covers(network, address)),
                "an address of interface " + name);
    }

    private static boolean covers(SharedNetwork4 network, InetAddress address) {
        return address instanceof Inet6Address v6 && network.subnet6().stream().anyMatch(prefix -> prefix.contains(v6));
    }

    /** The first shared network that {@code matches} and has subnets, as a selection of its subnets in id order. */
    private static Optional<Selection> network(Dhcp4Config config, Predicate<SharedNetwork4> matches, String what) {
        for (SharedNetwork4 network : config.sharedNetworks()) {
            if (!matches.test(network)) {
                continue;
            }
            List<Subnet4> subnets = config.subnets().stream()
                    .filter(subnet -> subnet.sharedNetwork().filter(network.name()::equals).isPresent()).toList();
            if (!subnets.isEmpty()) {
                return Optional.of(new Selection(subnets, "shared network " + network.name() + " by " + what));
            }
        }
        return Optional.empty();
    }

    private static Selection withNetwork(Dhcp4Config config, Subnet4 chosen, String rule) {
        List<Subnet4> subnets = new ArrayList<>();
        subnets.add(chosen);
        chosen.sharedNetwork().ifPresent(name -> config.subnets().stream()
                .filter(subnet -> subnet != chosen && subnet.sharedNetwork().filter(name::equals).isPresent())
                .forEach(subnets::add));
        return new Selection(subnets, rule);
    }
}
