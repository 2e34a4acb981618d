package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HostIdentifier;
import io.tandem.common.config.HostReservations;
import io.tandem.common.wire.dhcp4.Option4;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * One DHCPv4 host reservation: an entry of Kea's {@code reservations} or of the
 * {@code reservations-file}.
 *
 * @param identifier {@code hw-address} or {@code client-id}
 * @param address    {@code ip-address}: the address this client always gets
 * @param hostname   {@code hostname}: sent as option 12 when the client sends or asks for one
 * @param options    {@code option-data}: these win over every other level
 * @param boot       {@code next-server}, {@code server-hostname}, {@code boot-file-name}
 */
public record Reservation4(HostIdentifier identifier, Optional<Inet4Address> address, Optional<String> hostname,
                           List<ConfiguredOption<Option4>> options, BootFields boot)
        implements HostReservations.Reservation {
    public Reservation4 {
        options = List.copyOf(options);
    }
}
