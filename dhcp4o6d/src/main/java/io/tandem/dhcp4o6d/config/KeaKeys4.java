package io.tandem.dhcp4o6d.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The keys of each level of a {@code Dhcp4} configuration: those Kea 2.2's kea-dhcp4 accepts
 * there (the rules {@code global_param}, {@code subnet4_param}, {@code shared_network_param},
 * {@code pool_param}, {@code reservation_param}, {@code interfaces_config_param},
 * {@code database_map_param} and {@code relay_map} of Kea 2.2.0's
 * {@code src/bin/dhcp4/dhcp4_parser.yy}) and those dhcp4o6d reads. A Kea key that dhcp4o6d does
 * not read is accepted with a warning; any other key is an error.
 */
final class KeaKeys4 {
    /** One level: the keys dhcp4o6d implements there, and Kea's keys there that it does not. */
    record Level(Set<String> implemented, Set<String> keaKeysNotImplemented) {
        static Level of(List<String> keaKeys, List<String> tandemKeys) {
            Set<String> notImplemented = new TreeSet<>(keaKeys);
            notImplemented.removeAll(tandemKeys);
            return new Level(Set.copyOf(tandemKeys), Set.copyOf(notImplemented));
        }
    }

    private static final List<String> DDNS_AND_HOSTNAMES = List.of(
            "ddns-send-updates", "ddns-override-no-update", "ddns-override-client-update", "ddns-replace-client-name",
            "ddns-generated-prefix", "ddns-qualifying-suffix", "ddns-update-on-renew", "ddns-use-conflict-resolution",
            "hostname-char-set", "hostname-char-replacement");

    /** The parameters a subnet inherits, as written at any of the three levels. */
    private static final List<String> INHERITED = List.of(
            "valid-lifetime", "min-valid-lifetime", "max-valid-lifetime", "renew-timer", "rebind-timer",
            "calculate-tee-times", "t1-percent", "t2-percent", "authoritative", "next-server", "server-hostname",
            "boot-file-name", "option-data");

    static final Level GLOBAL = Level.of(concat(List.of(
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

    static final Level SHARED_NETWORK = Level.of(concat(List.of(
            "name", "subnet4", "interface", "renew-timer", "rebind-timer", "option-data", "match-client-id",
            "authoritative", "next-server", "server-hostname", "boot-file-name", "relay", "reservation-mode",
            "reservations-global", "reservations-in-subnet", "reservations-out-of-pool", "client-class",
            "require-client-classes", "valid-lifetime", "min-valid-lifetime", "max-valid-lifetime", "user-context",
            "comment", "calculate-tee-times", "t1-percent", "t2-percent", "cache-threshold", "cache-max-age",
            "store-extended-info"), DDNS_AND_HOSTNAMES),
            concat(INHERITED, List.of("name", "subnet4", "interface", "subnet6")));

    static final Level SUBNET = Level.of(concat(List.of(
            "valid-lifetime", "min-valid-lifetime", "max-valid-lifetime", "renew-timer", "rebind-timer",
            "option-data", "pools", "subnet", "interface", "id", "client-class", "require-client-classes",
            "reservations", "reservation-mode", "reservations-global", "reservations-in-subnet",
            "reservations-out-of-pool", "relay", "match-client-id", "authoritative", "next-server", "server-hostname",
            "boot-file-name", "4o6-interface", "4o6-interface-id", "4o6-subnet", "user-context", "comment",
            "calculate-tee-times", "t1-percent", "t2-percent", "cache-threshold", "cache-max-age",
            "store-extended-info"), DDNS_AND_HOSTNAMES),
            concat(INHERITED, List.of("id", "subnet", "pools", "reservations", "4o6-interface", "4o6-interface-id",
                    "4o6-subnet")));

    static final Level POOL = Level.of(
            List.of("pool", "option-data", "client-class", "require-client-classes", "user-context", "comment"),
            List.of("pool", "option-data"));

    static final List<String> RESERVATION_TANDEM_KEYS = List.of("hw-address", "client-id", "ip-address", "hostname",
            "option-data", "next-server", "server-hostname", "boot-file-name");

    static final Level RESERVATION = Level.of(
            List.of("duid", "client-classes", "client-id", "circuit-id", "flex-id", "ip-address", "hw-address",
                    "hostname", "option-data", "next-server", "server-hostname", "boot-file-name", "user-context",
                    "comment"),
            RESERVATION_TANDEM_KEYS);

    /** An entry of a reservations file: a reservation that may name its subnet. */
    static final Level FILE_RESERVATION = new Level(Set.copyOf(concat(RESERVATION_TANDEM_KEYS, List.of("subnet-id"))),
            RESERVATION.keaKeysNotImplemented());

    static final Level LEASE_DATABASE = Level.of(
            List.of("type", "user", "password", "host", "port", "name", "persist", "lfc-interval", "readonly",
                    "connect-timeout", "max-reconnect-tries", "reconnect-wait-time", "on-fail", "max-row-errors",
                    "trust-anchor", "cert-file", "key-file", "cipher-list"),
            List.of("type", "name", "persist", "lfc-interval"));

    private KeaKeys4() {
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
