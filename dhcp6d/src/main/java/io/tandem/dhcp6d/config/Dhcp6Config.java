package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HostIdentifierType;
import io.tandem.common.config.HttpConfig;
import io.tandem.common.config.LeaseDatabaseConfig;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.wire.dhcp6.Option6;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The compiled configuration of dhcp6d: Kea's {@code Dhcp6} object. Immutable; a reload builds a
 * new one and swaps it in whole.
 *
 * @param interfaces                 {@code interfaces-config.interfaces}
 * @param subnets                    {@code subnet6}, and the subnets of {@code shared-networks}
 *                                   with the network's parameters folded in; in Kea's order
 *                                   (shared networks first)
 * @param globalReservations         {@code reservations} at the top level, and the entries of the
 *                                   {@code reservations-file} that name no subnet
 * @param options                    {@code option-data} at the top level
 * @param hostReservationIdentifiers {@code host-reservation-identifiers}: which identifiers find a
 *                                   reservation, tried in this order
 * @param macSources                 {@code mac-sources}: where the client's MAC is looked for, in order
 * @param leaseDatabase              {@code lease-database}
 * @param dhcp4o6Port                {@code dhcp4o6-port}: the port pair with dhcp4o6d, 0 when off
 * @param serverId                   {@code server-id}: how the server DUID is made
 * @param reservationsFile           {@code reservations-file}, resolved against the config's directory
 * @param netboot                    Tandem's {@code netboot}
 * @param tftp                       Tandem's {@code tftp}
 * @param http                       Tandem's {@code http}
 * @param events                     Tandem's {@code events}
 */
public record Dhcp6Config(
        List<ListenInterface> interfaces,
        List<Subnet6> subnets,
        List<Reservation6> globalReservations,
        List<ConfiguredOption<Option6>> options,
        List<HostIdentifierType> hostReservationIdentifiers,
        List<HwAddrSource> macSources,
        LeaseDatabaseConfig leaseDatabase,
        int dhcp4o6Port,
        ServerIdConfig serverId,
        Optional<Path> reservationsFile,
        NetbootConfig netboot,
        TftpConfig tftp,
        HttpConfig http,
        EventsConfig events) {

    /** Tandem's default {@code mac-sources}: the relay's option 79, the link-local EUI-64, the DUID. */
    public static final List<HwAddrSource> DEFAULT_MAC_SOURCES = List.of(HwAddrSource.CLIENT_LINK_ADDR_OPTION,
            HwAddrSource.IPV6_LINK_LOCAL, HwAddrSource.DUID);
    /** What Kea's {@code any} stands for in Tandem: every source it reads, most reliable first. */
    public static final List<HwAddrSource> ANY_MAC_SOURCES = List.of(HwAddrSource.CLIENT_LINK_ADDR_OPTION,
            HwAddrSource.IPV6_LINK_LOCAL, HwAddrSource.DUID, HwAddrSource.REMOTE_ID, HwAddrSource.SUBSCRIBER_ID,
            HwAddrSource.DOCSIS_CMTS, HwAddrSource.DOCSIS_MODEM);

    public Dhcp6Config {
        interfaces = List.copyOf(interfaces);
        subnets = List.copyOf(subnets);
        globalReservations = List.copyOf(globalReservations);
        options = List.copyOf(options);
        hostReservationIdentifiers = List.copyOf(hostReservationIdentifiers);
        macSources = List.copyOf(macSources);
    }
}
