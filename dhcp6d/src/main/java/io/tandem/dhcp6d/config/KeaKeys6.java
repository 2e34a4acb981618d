package io.tandem.dhcp6d.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The keys of each level of a {@code Dhcp6} configuration: those Kea 2.2's kea-dhcp6 accepts
 * there (the rules {@code global_param}, {@code subnet6_param}, {@code shared_network_param},
 * {@code pool_param}, {@code pd_pool_param}, {@code reservation_param},
 * {@code interfaces_config_param}, {@code database_map_param}, {@code server_id_param} and
 * {@code relay_map} of Kea 2.2.0's {@code src/bin/dhcp6/dhcp6_parser.yy}) and those Tandem reads.
 * A Kea key that Tandem does not read is accepted with a warning; any other key is an error.
 */
final class KeaKeys6 {
    /** One level: the keys Tandem implements there, and Kea's keys there that it does not. */
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

    static final Level GLOBAL = Level.of(concat(List.of(
            "data-directory", "preferred-lifetime", "min-preferred-lifetime", "max-preferred-lifetime",
            "valid-lifetime", "min-valid-lifetime", "max-valid-lifetime", "renew-timer", "rebind-timer",
            "decline-probation-period", "subnet6", "shared-networks", "interfaces-config", "lease-database",
            "hosts-database", "hosts-databases", "mac-sources", "relay-supplied-options",
            "host-reservation-identifiers", "client-classes", "option-def", "option-data", "hooks-libraries",
            "expired-leases-processing", "server-id", "dhcp4o6-port", "control-socket", "dhcp-queue-control",
            "dhcp-ddns", "user-context", "comment", "sanity-checks", "reservations", "config-control", "server-tag",
            "reservation-mode", "reservations-global", "reservations-in-subnet", "reservations-out-of-pool",
            "calculate-tee-times", "t1-percent", "t2-percent", "cache-threshold", "cache-max-age", "loggers",
            "store-extended-info", "statistic-default-sample-count", "statistic-default-sample-age",
            "multi-threading", "early-global-reservations-lookup", "ip-reservations-unique",
            "reservations-lookup-first", "compatibility", "parked-packet-limit"), DDNS_AND_HOSTNAMES),
            List.of("preferred-lifetime", "valid-lifetime", "renew-timer", "rebind-timer", "calculate-tee-times",
                    "t1-percent", "t2-percent", "rapid-commit", "subnet6", "shared-networks", "interfaces-config",
                    "lease-database", "mac-sources", "host-reservation-identifiers", "option-data", "server-id",
                    "dhcp4o6-port", "reservations", "reservations-file", "netboot", "tftp", "http", "events"));

    static final Level SHARED_NETWORK = Level.of(concat(List.of(
            "name", "subnet6", "interface", "interface-id", "renew-timer", "rebind-timer", "option-data", "relay",
            "reservation-mode", "reservations-global", "reservations-in-subnet", "reservations-out-of-pool",
            "client-class", "require-client-classes", "preferred-lifetime", "min-preferred-lifetime",
            "max-preferred-lifetime", "rapid-commit", "valid-lifetime", "min-valid-lifetime", "max-valid-lifetime",
            "user-context", "comment", "calculate-tee-times", "t1-percent", "t2-percent", "cache-threshold",
            "cache-max-age", "store-extended-info"), DDNS_AND_HOSTNAMES),
            List.of("name", "subnet6", "interface", "interface-id", "relay", "option-data", "preferred-lifetime",
                    "valid-lifetime", "renew-timer", "rebind-timer", "calculate-tee-times", "t1-percent",
                    "t2-percent", "rapid-commit"));

    static final Level SUBNET = Level.of(concat(List.of(
            "preferred-lifetime", "min-preferred-lifetime", "max-preferred-lifetime", "valid-lifetime",
            "min-valid-lifetime", "max-valid-lifetime", "renew-timer", "rebind-timer", "option-data", "pools",
            "pd-pools", "subnet", "interface", "interface-id", "id", "rapid-commit", "client-class",
            "require-client-classes", "reservations", "reservation-mode", "reservations-global",
            "reservations-in-subnet", "reservations-out-of-pool", "relay", "user-context", "comment",
            "calculate-tee-times", "t1-percent", "t2-percent", "cache-threshold", "cache-max-age",
            "store-extended-info"), DDNS_AND_HOSTNAMES),
            List.of("id", "subnet", "interface", "interface-id", "relay", "pools", "pd-pools", "reservations",
                    "option-data", "preferred-lifetime", "valid-lifetime", "renew-timer", "rebind-timer",
                    "calculate-tee-times", "t1-percent", "t2-percent", "rapid-commit", "mac-addressing"));

    static final Level POOL = Level.of(
            List.of("pool", "option-data", "client-class", "require-client-classes", "user-context", "comment"),
            List.of("pool", "option-data"));

    static final Level PD_POOL = Level.of(
            List.of("prefix", "prefix-len", "delegated-len", "option-data", "client-class", "require-client-classes",
                    "excluded-prefix", "excluded-prefix-len", "user-context", "comment"),
            List.of("prefix", "prefix-len", "delegated-len", "option-data"));

    static final List<String> RESERVATION_TANDEM_KEYS = List.of(
            "duid", "hw-address", "remote-id", "interface-id", "ip-addresses", "prefixes", "hostname", "option-data");

    static final Level RESERVATION = Level.of(
            List.of("duid", "client-classes", "ip-addresses", "prefixes", "hw-address", "hostname", "flex-id",
                    "option-data", "user-context", "comment"),
            RESERVATION_TANDEM_KEYS);

    /** An entry of a reservations file: a reservation that may name its subnet. */
    static final Level FILE_RESERVATION = new Level(Set.copyOf(concat(RESERVATION_TANDEM_KEYS, List.of("subnet-id"))),
            RESERVATION.keaKeysNotImplemented());

    static final Level INTERFACES_CONFIG = Level.of(
            List.of("interfaces", "re-detect", "service-sockets-require-all", "service-sockets-retry-wait-time",
                    "service-sockets-max-retries", "user-context", "comment"),
            List.of("interfaces"));

    static final Level LEASE_DATABASE = Level.of(
            List.of("type", "user", "password", "host", "port", "name", "persist", "lfc-interval", "readonly",
                    "connect-timeout", "max-reconnect-tries", "reconnect-wait-time", "on-fail", "max-row-errors",
                    "trust-anchor", "cert-file", "key-file", "cipher-list"),
            List.of("type", "name", "persist", "lfc-interval"));

    static final Level SERVER_ID = Level.of(
            List.of("type", "identifier", "time", "htype", "enterprise-id", "persist", "user-context", "comment"),
            List.of("type", "identifier", "time", "htype", "enterprise-id", "persist"));

    static final Level RELAY = Level.of(List.of("ip-address", "ip-addresses"), List.of("ip-address", "ip-addresses"));

    private KeaKeys6() {
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
