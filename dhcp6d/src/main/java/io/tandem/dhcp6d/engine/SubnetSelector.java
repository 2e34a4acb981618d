package io.tandem.dhcp6d.engine;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.config.Subnet6;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Picks the subnet of the client's link in Kea 2.2's order ({@code CfgSubnets6::selectSubnet}).
 *
 * <p>A message is relayed, for this purpose, when a relay layer has a link-address that is neither
 * unspecified nor link-local; the first such one, from the client outward, is the link. Then: the
 * Interface-ID of the relay nearest the client against {@code interface-id}, then the link against
 * {@code relay.ip-addresses} (the subnet's, else its shared network's), then against the subnet
 * prefixes.
 *
 * <p>Otherwise (a direct client, or relays that all left the link-address unspecified or
 * link-local, whose Interface-ID Kea then does not look at): the arrival interface against
 * {@code interface}, then the sender's address against the subnet prefixes. Beyond Kea, a subnet
 * that names no interface and no relay is then the link of the arrival interface when one of the
 * interface's own addresses is in it (as ISC dhcpd chooses; Kea answers NoAddrsAvail there).
 */
final class SubnetSelector {
    private SubnetSelector() {
    }

    /**
     * @param source             the datagram's sender: a direct client's address, or the relay's
     * @param arrivalInterface   the interface the datagram arrived on
     * @param interfaceAddresses the addresses of a local interface
     */
    static Optional<Subnet6> select(List<Subnet6> subnets, ClientMessage client, Inet6Address source,
            String arrivalInterface, Function<String, List<Inet6Address>> interfaceAddresses) {
        Optional<Inet6Address> relayLink = relayLink(client.relays());
        if (relayLink.isPresent()) {
            return relayed(subnets, client.nearestRelay().orElseThrow(), relayLink.get());
        }
        for (Subnet6 subnet : subnets) {
            if (subnet.interfaceName().filter(arrivalInterface::equals).isPresent()) {
                return Optional.of(subnet);
            }
        }
        Optional<Subnet6> bySender = holding(subnets, source);
        if (bySender.isPresent()) {
            return bySender;
        }
        for (Inet6Address address : interfaceAddresses.apply(arrivalInterface)) {
            for (Subnet6 subnet : subnets) {
                if (namesNoLink(subnet) && subnet.prefix().contains(address)) {
                    return Optional.of(subnet);
                }
            }
        }
        return Optional.empty();
    }

    /** The first link-address, from the relay nearest the client outward, that names a link (Kea's {@code initSelector}). */
    private static Optional<Inet6Address> relayLink(List<RelayMessage> relays) {
        for (int i = relays.size() - 1; i >= 0; i--) {
            Inet6Address link = relays.get(i).linkAddress();
            if (!link.isAnyLocalAddress() && !link.isLinkLocalAddress()) {
                return Optional.of(link);
            }
        }
        return Optional.empty();
    }

    private static Optional<Subnet6> relayed(List<Subnet6> subnets, RelayMessage nearest, Inet6Address link) {
        Optional<Bytes> interfaceId = nearest.options().interfaceId();
        if (interfaceId.isPresent()) {
            for (Subnet6 subnet : subnets) {
                if (subnet.interfaceId().filter(interfaceId.get()::equals).isPresent()) {
                    return Optional.of(subnet);
                }
            }
        }
        for (Subnet6 subnet : subnets) {
            if (subnet.relayAddresses().contains(link)) {
                return Optional.of(subnet);
            }
        }
        return holding(subnets, link);
    }

    /** The first subnet whose prefix holds {@code address} (Kea's {@code inRange}). */
    private static Optional<Subnet6> holding(List<Subnet6> subnets, Inet6Address address) {
        for (Subnet6 subnet : subnets) {
            if (subnet.prefix().contains(address)) {
                return Optional.of(subnet);
            }
        }
        return Optional.empty();
    }

    /** A subnet not tied to an interface or to relays, which Tandem places by the interface's addresses. */
    private static boolean namesNoLink(Subnet6 subnet) {
        return subnet.interfaceName().isEmpty() && subnet.interfaceId().isEmpty() && subnet.relayAddresses().isEmpty();
    }
}
