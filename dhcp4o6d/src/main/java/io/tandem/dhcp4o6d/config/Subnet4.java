package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.AddressPool;
import io.tandem.common.config.AddressRange4;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.Prefix4;
import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.Option4;
import java.util.List;
import java.util.Optional;

/**
 * One entry of Kea's {@code subnet4}, with every inherited parameter resolved (subnet, then its
 * shared network, then the top level, then the default).
 *
 * @param id              {@code id}, or the one Kea assigns when it is missing
 * @param prefix          {@code subnet}
 * @param location        the subnet's JSON pointer, for messages about it
 * @param sharedNetwork   the {@code name} of the shared network the subnet belongs to
 * @param subnet4o6       {@code 4o6-subnet}: queries whose IPv6 source (the relay's, when relayed)
 *                        is in this prefix land here
 * @param interfaceId4o6  {@code 4o6-interface-id}: relayed queries whose relay nearest the client
 *                        sent this Interface-ID land here
 * @param interface4o6    {@code 4o6-interface}: queries dhcp6d received on this interface land here
 * @param pools           {@code pools}
 * @param reservations    {@code reservations}, then the {@code reservations-file} entries for this subnet
 * @param options         {@code option-data} of the subnet, then those of its shared network that
 *                        the subnet does not override
 * @param leaseTimes      lifetimes and timers
 * @param authoritative   {@code authoritative}: NAK a client this server knows nothing about
 *                        instead of staying silent
 * @param boot            {@code next-server}, {@code server-hostname}, {@code boot-file-name}
 */
public record Subnet4(
        long id,
        Prefix4 prefix,
        String location,
        Optional<String> sharedNetwork,
        Optional<Prefix6> subnet4o6,
        Optional<Bytes> interfaceId4o6,
        Optional<String> interface4o6,
        List<AddressPool<AddressRange4, Option4>> pools,
        List<Reservation4> reservations,
        List<ConfiguredOption<Option4>> options,
        LeaseTimes4 leaseTimes,
        boolean authoritative,
        BootFields boot) {

    public Subnet4 {
        pools = List.copyOf(pools);
        reservations = List.copyOf(reservations);
        options = List.copyOf(options);
    }

    /** Whether Kea's per-subnet 4o6 selectors name this subnet at all. */
    public boolean has4o6Selector() {
        return subnet4o6.isPresent() || interfaceId4o6.isPresent() || interface4o6.isPresent();
    }

    /** The configured {@code dhcp-server-identifier}, from the subnet's or its shared network's option-data. */
    public Optional<ConfiguredOption<Option4>> serverIdentifierOption() {
        return ConfiguredOption.firstSent(options, Dhcp4Options.SERVER_IDENTIFIER);
    }
}
