package io.tandem.dhcp6d.config;

import static io.tandem.common.config.KeaKeys.DDNS_AND_HOSTNAMES;
import static io.tandem.common.config.KeaKeys.concat;

import io.tandem.common.config.KeaKeys;
import java.util.List;
import java.util.Set;

/**
 * The keys of each level of a {@code Dhcp6} configuration: those Kea 2.2's kea-dhcp6 accepts
 * there (the rules {@code global_param}, {@code subnet6_param}, {@code shared_network_param},
 * {@code pool_param}, {@code pd_pool_param}, {@code reservation_param},
 * {@code interfaces_config_param}, {@code server_id_param} and {@code relay_map} of Kea 2.2.0's
 * {@code src/bin/dhcp6/dhcp6_parser.yy}; {@code database_map_param} is {@link KeaKeys#LEASE_DATABASE})
 * and those Tandem reads (among them Kea 2.4's {@code allocator} and {@code pd-allocator}). A Kea
 * key that Tandem does not read is accepted with a warning; any other key is an error.
 */
final class KeaKeys6 {
    static final KeaKeys GLOBAL = KeaKeys.of(concat(List.of(
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
                    "t1-percent", "t2-percent", "subnet6", "shared-networks", "interfaces-config",
                    "lease-database", "mac-sources", "host-reservation-identifiers", "option-data", "server-id",
                    "dhcp4o6-port", "reservations", "reservations-file", "netboot", "tftp", "http", "events",
                    "allocator", "pd-allocator"));

    static final KeaKeys SHARED_NETWORK = KeaKeys.of(concat(List.of(
            "name", "subnet6", "interface", "interface-id", "renew-timer", "rebind-timer", "option-data", "relay",
            "reservation-mode", "reservations-global", "reservations-in-subnet", "reservations-out-of-pool",
            "client-class", "require-client-classes", "preferred-lifetime", "min-preferred-lifetime",
            "max-preferred-lifetime", "rapid-commit", "valid-lifetime", "min-valid-lifetime", "max-valid-lifetime",
            "user-context", "comment", "calculate-tee-times", "t1-percent", "t2-percent", "cache-threshold",
            "cache-max-age", "store-extended-info"), DDNS_AND_HOSTNAMES),
            List.of("name", "subnet6", "interface", "interface-id", "relay", "option-data", "preferred-lifetime",
                    "valid-lifetime", "renew-timer", "rebind-timer", "calculate-tee-times", "t1-percent",
                    "t2-percent", "rapid-commit", "allocator", "pd-allocator"));

    static final KeaKeys SUBNET = KeaKeys.of(concat(List.of(
            "preferred-lifetime", "min-preferred-lifetime", "max-preferred-lifetime", "valid-lifetime",
            "min-valid-lifetime", "max-valid-lifetime", "renew-timer", "rebind-timer", "option-data", "pools",
            "pd-pools", "subnet", "interface", "interface-id", "id", "rapid-commit", "client-class",
            "require-client-classes", "reservations", "reservation-mode", "reservations-global",
            "reservations-in-subnet", "reservations-out-of-pool", "relay", "user-context", "comment",
            "calculate-tee-times", "t1-percent", "t2-percent", "cache-threshold", "cache-max-age",
            "store-extended-info"), DDNS_AND_HOSTNAMES),
            List.of("id", "subnet", "interface", "interface-id", "relay", "pools", "pd-pools", "reservations",
                    "option-data", "preferred-lifetime", "valid-lifetime", "renew-timer", "rebind-timer",
                    "calculate-tee-times", "t1-percent", "t2-percent", "rapid-commit", "mac-addressing",
                    "allocator", "pd-allocator"));

    static final KeaKeys POOL = KeaKeys.of(
            List.of("pool", "option-data", "client-class", "require-client-classes", "user-context", "comment"),
            List.of("pool", "option-data"));

    static final KeaKeys PD_POOL = KeaKeys.of(
            List.of("prefix", "prefix-len", "delegated-len", "option-data", "client-class", "require-client-classes",
                    "excluded-prefix", "excluded-prefix-len", "user-context", "comment"),
            List.of("prefix", "prefix-len", "delegated-len", "option-data"));

    static final List<String> RESERVATION_TANDEM_KEYS = List.of(
            "duid", "hw-address", "remote-id", "interface-id", "ip-addresses", "prefixes", "hostname", "option-data");

    static final KeaKeys RESERVATION = KeaKeys.of(
            List.of("duid", "client-classes", "ip-addresses", "prefixes", "hw-address", "hostname", "flex-id",
                    "option-data", "user-context", "comment"),
            RESERVATION_TANDEM_KEYS);

    /** An entry of a reservations file: a reservation that may name its subnet. */
    static final KeaKeys FILE_RESERVATION = new KeaKeys(Set.copyOf(concat(RESERVATION_TANDEM_KEYS, List.of("subnet-id"))),
            RESERVATION.keaKeysNotImplemented(), Set.of("subnet-id"));

    static final KeaKeys INTERFACES_CONFIG = KeaKeys.of(
            List.of("interfaces", "re-detect", "service-sockets-require-all", "service-sockets-retry-wait-time",
                    "service-sockets-max-retries", "user-context", "comment"),
            List.of("interfaces"));

    static final KeaKeys SERVER_ID = KeaKeys.of(
            List.of("type", "identifier", "time", "htype", "enterprise-id", "persist", "user-context", "comment"),
            List.of("type", "identifier", "time", "htype", "enterprise-id", "persist"));

    static final KeaKeys RELAY = KeaKeys.of(List.of("ip-address", "ip-addresses"), List.of("ip-address", "ip-addresses"));

    private KeaKeys6() {
    }
}
