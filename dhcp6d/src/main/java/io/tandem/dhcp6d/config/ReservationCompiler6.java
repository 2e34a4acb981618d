package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HostIdentifier;
import io.tandem.common.config.HostReservations;
import io.tandem.common.config.Ipv6;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Option6;
import java.net.Inet6Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Compiles DHCPv6 host reservations, from the configuration or from a reservations file, and
 * checks a level's reservations together: identifiers, addresses and prefixes each reserved once
 * (Kea's {@code ip-reservations-unique}), addresses inside the subnet. A reservation keyed only by
 * Kea's {@code flex-id}, which Tandem does not implement, is an error.
 *
 * @param options compiles a reservation's {@code option-data}
 */
record ReservationCompiler6(OptionDataCompiler<Option6> options)
        implements HostReservations.Compiler<Reservation6, Prefix6> {
    /** What dhcp6d reads of a reservation: all but its identifier. */
    @Override
    public Function<HostIdentifier, Reservation6> body(ConfigNode reservation) {
        List<Inet6Address> addresses = reservation.values("ip-addresses", Ipv6.ADDRESS);
        List<Prefix6> prefixes = reservation.values("prefixes", Prefix6.TYPE);
        Optional<String> hostname = reservation.optionalString("hostname");
        List<ConfiguredOption<Option6>> reservationOptions = options.compile(reservation.objects("option-data"));
        return identifier -> new Reservation6(identifier, addresses, prefixes, hostname, reservationOptions);
    }

    /**
     * Checks the addresses and prefixes of one level's reservations: addresses inside the subnet,
     * each address and prefix reserved once.
     *
     * @param subnet the subnet they belong to, whose prefix must hold every reserved address;
     *               empty for global reservations
     */
    @Override
    public BiConsumer<ConfigNode, Reservation6> addressCheck(Optional<Prefix6> subnet) {
        Map<Inet6Address, ConfigNode> addresses = new HashMap<>();
        Map<Prefix6, ConfigNode> prefixes = new HashMap<>();
        return (node, reservation) -> {
            for (Inet6Address address : reservation.addresses()) {
                if (subnet.isPresent() && !subnet.get().contains(address)) {
                    node.error("ip-addresses", Addresses.text(address) + " is not inside the subnet " + subnet.get());
                }
                ConfigNode holder = addresses.putIfAbsent(address, node);
                if (holder != null) {
                    node.error("ip-addresses", Addresses.text(address) + " is already reserved at " + holder.pointer());
                }
            }
            for (Prefix6 prefix : reservation.prefixes()) {
                ConfigNode holder = prefixes.putIfAbsent(prefix, node);
                if (holder != null) {
                    node.error("prefixes", prefix + " is already reserved at " + holder.pointer());
                }
            }
        };
    }
}
