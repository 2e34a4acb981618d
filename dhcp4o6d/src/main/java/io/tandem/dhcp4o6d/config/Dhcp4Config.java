package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HostIdentifierType;
import io.tandem.common.config.HttpConfig;
import io.tandem.common.config.LeaseDatabaseConfig;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.Option4;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A compiled dhcp4o6d configuration: the {@code Dhcp4} object of a Kea-shaped file. Immutable; a
 * reload compiles a new one and swaps it in whole.
 *
 * @param subnets                    every subnet, top-level and in shared networks, in id order
 *                                   (the order Kea's 4o6 selectors walk them in)
 * @param sharedNetworks             {@code shared-networks}, in configuration order
 * @param globalReservations         top-level {@code reservations}, then the reservations file's
 *                                   entries without a subnet
 * @param options                    top-level {@code option-data}
 * @param hostReservationIdentifiers {@code host-reservation-identifiers}, in the order they are tried
 * @param leaseDatabase              {@code lease-database}
 * @param dhcp4o6Port                {@code dhcp4o6-port}: the port pair with dhcp6d, 0 when not set
 * @param echoClientId               {@code echo-client-id} (default true): option 61 goes back in replies
 * @param declineProbationPeriod     {@code decline-probation-period} (default 86400): seconds a
 *                                   declined address is set aside
 * @param reservationsFile           Tandem's {@code reservations-file}, resolved
 * @param http                       Tandem's {@code http}: dhcp4o6d's own listener for
 *                                   {@code /leases}, {@code /health}, {@code /metrics} and control
 *                                   commands (default {@code [::1]:6317})
 * @param eventsChannel              Tandem's {@code events.channel}: where dhcp4o6d sends its
 *                                   events for dhcp6d's bus (default {@code [::1]:6316}), empty for nowhere
 */
public record Dhcp4Config(
        List<Subnet4> subnets,
        List<SharedNetwork4> sharedNetworks,
        List<Reservation4> globalReservations,
        List<ConfiguredOption<Option4>> options,
        List<HostIdentifierType> hostReservationIdentifiers,
        LeaseDatabaseConfig leaseDatabase,
        int dhcp4o6Port,
        boolean echoClientId,
        long declineProbationPeriod,
        Optional<Path> reservationsFile,
        HttpConfig http,
        Optional<ListenAddress> eventsChannel) {
    public static final long DEFAULT_DECLINE_PROBATION_PERIOD = 86400;

    public Dhcp4Config {
        subnets = subnets.stream().sorted(Comparator.comparingLong(Subnet4::id)).toList();
        sharedNetworks = List.copyOf(sharedNetworks);
        globalReservations = List.copyOf(globalReservations);
        options = List.copyOf(options);
        hostReservationIdentifiers = List.copyOf(hostReservationIdentifiers);
    }

    public Optional<Subnet4> subnet(long id) {
        return subnets.stream().filter(subnet -> subnet.id() == id).findFirst();
    }

    /** The subnets that have no {@code dhcp-server-identifier} at any level (what {@code -t} warns about). */
    public List<Subnet4> subnetsWithoutServerIdentifier() {
        if (ConfiguredOption.firstSent(options, Dhcp4Options.SERVER_IDENTIFIER).isPresent()) {
            return List.of();
        }
        return subnets.stream().filter(subnet -> subnet.serverIdentifierOption().isEmpty()).toList();
    }
}
