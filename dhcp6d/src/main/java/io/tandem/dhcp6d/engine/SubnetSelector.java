package io.tandem.dhcp6d.engine;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.config.Subnet6;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Picks the subnet of the client's link, as Kea does. Relayed: the nearest relay's Interface-ID
 * against {@code interface-id}, then its link-address against {@code relay.ip-addresses}, then
 * against the subnet prefixes. Direct: the arrival interface against {@code interface}, then the
 * interface's own addresses against the subnet prefixes.
 */
final class SubnetSelector {
    private SubnetSelector() {
    }

    static Optional<Subnet6> select(List<Subnet6> subnets, ClientMessage client, String arrivalInterface,
            Function<String, List<Inet6Address>> interfaceAddresses) {
        Optional<RelayMessage> relay = client.nearestRelay();
        if (relay.isPresent()) {
            return relayed(subnets, relay.get());
        }
        for (Subnet6 subnet : subnets) {
            if (subnet.interfaceName().filter(arrivalInterface::equals).isPresent()) {
                return Optional.of(subnet);
            }
        }
        for (Inet6Address address : interfaceAddresses.apply(arrivalInterface)) {
            for (Subnet6 subnet : subnets) {
                if (subnet.interfaceName().isEmpty() && subnet.prefix().contains(address)) {
                    return Optional.of(subnet);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Subnet6> relayed(List<Subnet6> subnets, RelayMessage relay) {
        Optional<Bytes> interfaceId = relay.options().interfaceId();
        if (interfaceId.isPresent()) {
            for (Subnet6 subnet : subnets) {
                if (subnet.interfaceId().filter(interfaceId.get()::equals).isPresent()) {
                    return Optional.of(subnet);
                }
            }
        }
        Inet6Address link = relay.linkAddress();
        for (Subnet6 subnet : subnets) {
            if (subnet.relayAddresses().contains(link)) {
                return Optional.of(subnet);
            }
        }
        if (link.isAnyLocalAddress() || link.isLinkLocalAddress()) {
            return Optional.empty();
        }
        for (Subnet6 subnet : subnets) {
            if (subnet.prefix().contains(link)) {
                return Optional.of(subnet);
            }
        }
        return Optional.empty();
    }
}
