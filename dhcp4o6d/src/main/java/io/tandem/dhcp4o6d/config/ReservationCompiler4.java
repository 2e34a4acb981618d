package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HostIdentifier;
import io.tandem.common.config.HostReservations;
import io.tandem.common.config.Ipv4;
import io.tandem.common.config.OptionDataCompiler;
import io.tandem.common.config.Prefix4;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp4.Option4;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Compiles DHCPv4 host reservations, from the configuration or from a reservations file, and
 * checks a level's reservations together: identifiers and addresses each reserved once (Kea's
 * {@code ip-reservations-unique}), addresses inside the subnet. A reservation keyed only by one of
 * Kea's identifiers that dhcp4o6d does not implement ({@code duid}, {@code circuit-id},
 * {@code flex-id}) is an error: it would match nobody.
 *
 * @param options compiles a reservation's {@code option-data}
 */
record ReservationCompiler4(OptionDataCompiler<Option4> options)
        implements HostReservations.Compiler<Reservation4, Prefix4> {
    /** What dhcp4o6d reads of a reservation: all but its identifier. */
    @Override
    public Function<HostIdentifier, Reservation4> body(ConfigNode reservation) {
        Optional<Inet4Address> address = reservation.optionalValue("ip-address", Ipv4.ADDRESS)
                .filter(value -> !value.isAnyLocalAddress());
        Optional<String> hostname = reservation.optionalString("hostname").filter(name -> !name.isEmpty());
        List<ConfiguredOption<Option4>> reservationOptions = options.compile(reservation.objects("option-data"));
        BootFields boot = NetworkSettings4.boot(reservation);
        return identifier -> new Reservation4(identifier, address, hostname, reservationOptions, boot);
    }

    /**
     * Checks the addresses of one level's reservations: each inside the subnet and reserved once.
     *
     * @param subnet the subnet they belong to, whose prefix must hold every reserved address;
     *               empty for global reservations
     */
    @Override
    public BiConsumer<ConfigNode, Reservation4> addressCheck(Optional<Prefix4> subnet) {
        Map<Inet4Address, ConfigNode> addresses = new HashMap<>();
        return (node, reservation) -> reservation.address().ifPresent(address -> {
            if (subnet.isPresent() && !subnet.get().contains(address)) {
                node.error("ip-address", Addresses.text(address) + " is not inside the subnet " + subnet.get());
            }
            ConfigNode holder = addresses.putIfAbsent(address, node);
            if (holder != null) {
                node.error("ip-address", Addresses.text(address) + " is already reserved at " + holder.pointer());
            }
        });
    }
}
