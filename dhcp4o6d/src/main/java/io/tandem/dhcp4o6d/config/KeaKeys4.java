package io.tandem.dhcp4o6d.config;

import static io.tandem.common.config.KeaKeys.DDNS_AND_HOSTNAMES;
import static io.tandem.common.config.KeaKeys.concat;

import io.tandem.common.config.KeaKeys;
import java.util.List;
import java.util.Set;

/**
 * The keys of each level of a {@code Dhcp4} configuration: those Kea 2.2's kea-dhcp4 accepts
 * there (the rules {@code global_param}, {@code subnet4_param}, {@code shared_network_param},
 * {@code pool_param}, {@code reservation_param}, {@code interfaces_config_param} and
 * {@code relay_map} of Kea 2.2.0's {@code src/bin/dhcp4/dhcp4_parser.yy};
 * {@code database_map_param} is {@link KeaKeys#LEASE_DATABASE}) and those dhcp4o6d reads. A Kea key that dhcp4o6d does
 * not read is accepted with a warning; any other key is an error.
 */
final class KeaKeys4 {
    /** The parameters a subnet inherits, as written at any of the three levels. */
    private static final List<String> INHERITED = List.of(
            "valid-lifetime", "min-valid-lifetime", "max-valid-lifetime", "renew-timer", "rebind-timer",
            "calculate-tee-times", "t1-percent", "t2-percent", "authoritative", "next-server", "server-hostname",
            "boot-file-name", "option-data");

    static final KeaKeys GLOBAL = KeaKeys.of(concat(List.of(
            "valid-lifetime", "min-valid-lifetime", "max-valid-lifetime", "renew-timer", "rebind-timer",
            "decline-probation-period", "subnet4", "shared-networks", "interfaces-config", "lease-database",
            "hosts-database", "hosts-databases", "host-reservation-identifiers", "client-classes", "option-def",
            "option-data", "hooks-libraries", "expired-leases-processing", "dhcp4o6-port", "control-socket",
            "dhcp-queue-control", "dhcp-ddns", "echo-client-id", "match-client-id", "authoritative", "next-server",
            "server-hostname", "boot-file-name", "user-context", "comment", "sanity-checks", "reservations",
            "config-control", "server-tag", "reservation-mode", "reservations-global", "reservations-in-subnet",
            "reservations-out-of-pool", "calculate-tee-times", "t1-percent", "t2-percent", "cache-threshold",
            "cache-max-age", "loggers", "store-extended-info", "statistic-default-sample-count",
            "statistic-default-sample-age", "multi-threading", "early-global-reservations-lookup",
            "ip-reservations-unique", "reservations-lookup-first", "compatibility", "parked-packet-limit"),
            DDNS_AND_HOSTNAMES),
            concat(INHERITED, List.of("decline-probation-period", "subnet4", "shared-networks", "lease-database",
                    "host-reservation-identifiers", "dhcp4o6-port", "echo-client-id", "reservations",
                    "reservations-file", "http", "events")));

    static final KeaKeys SHARED_NETWORK = KeaKeys.of(concat(List.of(
            "name", "subnet4", "interface", "renew-timer", "rebind-timer", "option-data", "match-client-id",
            "authoritative", "next-server", "server-hostname", "boot-file-name", "relay", "reservation-mode",
            "reservations-global", "reservations-in-subnet", "reservations-out-of-pool", "client-class",
            "require-client-classes", "valid-lifetime", "min-valid-lifetime", "max-valid-lifetime", "user-context",
            "comment", "calculate-tee-times", "t1-percent", "t2-percent", "cache-threshold", "cache-max-age",
            "store-extended-info"), DDNS_AND_HOSTNAMES),
            concat(INHERITED, List.of("name", "subnet4", "interface", "subnet6")));

    static final KeaKeys SUBNET = KeaKeys.of(concat(List.of(
            "valid-lifetime", "min-valid-lifetime", "max-valid-lifetime", "renew-timer", "rebind-timer",
            "option-data", "pools", "subnet", "interface", "id", "client-class", "require-client-classes",
            "reservations", "reservation-mode", "reservations-global", "reservations-in-subnet",
            "reservations-out-of-pool", "relay", "match-client-id", "authoritative", "next-server", "server-hostname",
            "boot-file-name", "4o6-interface", "4o6-interface-id", "4o6-subnet", "user-context", "comment",
            "calculate-tee-times", "t1-percent", "t2-percent", "cache-threshold", "cache-max-age",
            "store-extended-info"), DDNS_AND_HOSTNAMES),
            concat(INHERITED, List.of("id", "subnet", "pools", "reservations", "4o6-interface", "4o6-interface-id",
                    "4o6-subnet")));

    static final KeaKeys POOL = KeaKeys.of(
            List.of("pool", "option-data", "client-class", "require-client-classes", "user-context", "comment"),
            List.of("pool", "option-data"));

    static final List<String> RESERVATION_TANDEM_KEYS = List.of("hw-address", "client-id", "ip-address", "hostname",
            "option-data", "next-server", "server-hostname", "boot-file-name");

    static final KeaKeys RESERVATION = KeaKeys.of(
            List.of("duid", "client-classes", "client-id", "circuit-id", "flex-id", "ip-address", "hw-address",
                    "hostname", "option-data", "next-server", "server-hostname", "boot-file-name", "user-context",
                    "comment"),
            RESERVATION_TANDEM_KEYS);

    /** An entry of a reservations file: a reservation that may name its subnet. */
    static final KeaKeys FILE_RESERVATION = new KeaKeys(Set.copyOf(concat(RESERVATION_TANDEM_KEYS, List.of("subnet-id"))),
            RESERVATION.keaKeysNotImplemented(), Set.of("subnet-id"));

    private KeaKeys4() {
    }
}
