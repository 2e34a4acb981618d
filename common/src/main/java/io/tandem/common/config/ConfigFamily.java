package io.tandem.common.config;

/**
 * What the shared configuration code needs to know of one daemon's protocol, as Kea's parsers
 * take an address family.
 *
 * @param rootKey             the configuration's one top-level key: {@code Dhcp6} or {@code Dhcp4}
 * @param daemon              the daemon's name, for messages: {@code dhcp6d}, {@code dhcp4o6d}
 * @param hostIdentifiers     the reservation identifiers the daemon implements
 * @param reservationKeys     the keys of a {@code reservations} entry
 * @param fileReservationKeys the keys of a {@code reservations-file} entry
 * @param reservationsFile    the daemon's {@code reservations-file} columns
 */
public record ConfigFamily(String rootKey, String daemon, HostIdentifiers hostIdentifiers, KeaKeys reservationKeys,
                           KeaKeys fileReservationKeys, ReservationsFile.Family reservationsFile) {
}
