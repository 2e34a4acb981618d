package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HostIdentifier;
import io.tandem.common.config.HostReservations;
import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.dhcp6.Option6;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;

/**
 * One host reservation: an entry of Kea's {@code reservations} or of the {@code reservations-file}.
 *
 * @param identifier the client it is for: {@code duid}, {@code hw-address}, or Tandem's
 *                   {@code remote-id} or {@code interface-id}
 * @param addresses  {@code ip-addresses} (IA_NA)
 * @param prefixes   {@code prefixes} (IA_PD)
 * @param hostname   {@code hostname}
 * @param options    {@code option-data} of the reservation: these win over every other level
 */
public record Reservation6(HostIdentifier identifier, List<Inet6Address> addresses, List<Prefix6> prefixes,
                           Optional<String> hostname, List<ConfiguredOption<Option6>> options)
        implements HostReservations.Reservation {
    public Reservation6 {
        addresses = List.copyOf(addresses);
        prefixes = List.copyOf(prefixes);
        options = List.copyOf(options);
    }
}
