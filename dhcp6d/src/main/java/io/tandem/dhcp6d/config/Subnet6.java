package io.tandem.dhcp6d.config;

import io.tandem.common.config.AddressPool;
import io.tandem.common.config.AddressRange6;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Option6;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;

/**
 * One entry of Kea's {@code subnet6}, with every inherited parameter resolved (Kea's order:
 * subnet, then its shared network, then the top level, then the default).
 *
 * @param id             {@code id}, or the one Kea assigns when it is missing
 * @param prefix         {@code subnet}
 * @param sharedNetwork  the {@code name} of the shared network the subnet belongs to
 * @param interfaceName  {@code interface}: the subnet is on the link of this local interface
 * @param interfaceId    {@code interface-id}: the subnet is the link behind the relay that
 *                       sends this Interface-ID (option 18)
 * @param relayAddresses {@code relay.ip-addresses} (or Kea's older {@code relay.ip-address}):
 *                       the subnet is the link behind a relay with one of these link-addresses
 * @param pools          {@code pools}
 * @param prefixPools    {@code pd-pools}
 * @param reservations   {@code reservations}, then the {@code reservations-file} entries for this subnet
 * @param options        {@code option-data} of the subnet, then those of its shared network that
 *                       the subnet does not override (same code, and for vendor-opts the same
 *                       enterprise)
 * @param leaseTimes     {@code preferred-lifetime}, {@code valid-lifetime}, {@code renew-timer},
 *                       {@code rebind-timer}, with Kea's computed T1 and T2
 * @param rapidCommit    {@code rapid-commit}
 * @param macAddressing  Tandem's {@code mac-addressing}
 * @param allocator      {@code allocator}: the order of {@code pools} for clients that hold no address
 * @param prefixAllocator {@code pd-allocator}: the order of {@code pd-pools}
 */
public record Subnet6(
        long id,
        Prefix6 prefix,
        Optional<String> sharedNetwork,
        Optional<String> interfaceName,
        Optional<Bytes> interfaceId,
        List<Inet6Address> relayAddresses,
        List<AddressPool<AddressRange6, Option6>> pools,
        List<PrefixPool6> prefixPools,
        List<Reservation6> reservations,
        List<ConfiguredOption<Option6>> options,
        LeaseTimes6 leaseTimes,
        boolean rapidCommit,
        Optional<MacAddressing> macAddressing,
        AllocationOrder allocator,
        AllocationOrder prefixAllocator) {

    public Subnet6 {
        relayAddresses = List.copyOf(relayAddresses);
        pools = List.copyOf(pools);
        prefixPools = List.copyOf(prefixPools);
        reservations = List.copyOf(reservations);
        options = List.copyOf(options);
    }
}
