package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.Prefix6;
import java.util.List;
import java.util.Optional;

/**
 * One entry of Kea's {@code shared-networks}: subnets that share a link, so that a client on it
 * may get an address from any of them.
 *
 * @param name          {@code name}
 * @param interfaceName {@code interface}: dhcp4o6d reads it as the interface on which dhcp6d
 *                      receives this link's direct 4o6 clients
 * @param subnet6       Tandem's {@code subnet6}: the IPv6 prefixes of the links this shared network
 *                      serves over 4o6, in the manner of ISC DHCP's shared-network declarations
 * @param subnetIds     the ids of its subnets, in configuration order
 */
public record SharedNetwork4(String name, Optional<String> interfaceName, List<Prefix6> subnet6,
                             List<Long> subnetIds) {
    public SharedNetwork4 {
        subnet6 = List.copyOf(subnet6);
        subnetIds = List.copyOf(subnetIds);
    }
}
