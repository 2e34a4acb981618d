package io.tandem.common.config;

import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The keys of one level of a configuration: those Tandem implements there, and Kea 2.2's keys
 * there that it does not (accepted with a warning; any other key is an error, see
 * {@link ConfigNode#finish(KeaKeys)}). Each daemon lists its levels ({@code KeaKeys6},
 * {@code KeaKeys4}); the levels both have in the same shape are here.
 *
 * @param tandemOnly the implemented keys that Kea 2.2 does not have at this level (Tandem's own),
 *                   which the comparison with Kea's {@code -t} leaves out
 */
public record KeaKeys(Set<String> implemented, Set<String> keaKeysNotImplemented, Set<String> tandemOnly) {
    /** The DDNS and hostname parameters of Kea's global, shared-network and subnet levels, in both servers. */
    public static final List<String> DDNS_AND_HOSTNAMES = List.of(
            "ddns-send-updates", "ddns-override-no-update", "ddns-override-client-update", "ddns-replace-client-name",
            "ddns-generated-prefix", "ddns-qualifying-suffix", "ddns-update-on-renew", "ddns-use-conflict-resolution",
            "hostname-char-set", "hostname-char-replacement");

    /** {@code lease-database} ({@code database_map_param}), the same in kea-dhcp4 and kea-dhcp6. */
    public static final KeaKeys LEASE_DATABASE = of(
            List.of("type", "user", "password", "host", "port", "name", "persist", "lfc-interval", "readonly",
                    "connect-timeout", "max-reconnect-tries", "reconnect-wait-time", "on-fail", "max-row-errors",
                    "trust-anchor", "cert-file", "key-file", "cipher-list"),
            List.of("type", "name", "persist", "lfc-interval", "durability", "host", "port", "user", "password",
                    "connect-timeout", "max-reconnect-tries", "reconnect-wait-time", "on-fail"));

    /**
     * The JSON type that Kea 2.2's grammar wants for the keys Tandem ignores (in either server, at
     * any level), so that a value Kea refuses is refused here too although Tandem does not use it.
     * A key not listed takes any value.
     */
    private static final Map<String, JsonNodeType> KEA_VALUE_TYPES = types(Map.of(
            JsonNodeType.BOOLEAN, List.of("match-client-id", "store-extended-info", "ddns-send-updates",
                    "ddns-override-no-update", "ddns-override-client-update", "ddns-update-on-renew",
                    "ddns-use-conflict-resolution", "reservations-global", "reservations-in-subnet",
                    "reservations-out-of-pool", "early-global-reservations-lookup", "ip-reservations-unique",
                    "reservations-lookup-first", "re-detect", "service-sockets-require-all"),
            JsonNodeType.NUMBER, List.of("min-valid-lifetime", "max-valid-lifetime", "min-preferred-lifetime",
                    "max-preferred-lifetime", "cache-threshold", "cache-max-age", "statistic-default-sample-count",
                    "statistic-default-sample-age", "parked-packet-limit", "decline-probation-period",
                    "service-sockets-retry-wait-time", "service-sockets-max-retries"),
            JsonNodeType.STRING, List.of("reservation-mode", "ddns-replace-client-name", "ddns-generated-prefix",
                    "ddns-qualifying-suffix", "hostname-char-set", "hostname-char-replacement", "server-tag",
                    "data-directory", "client-class", "comment"),
            JsonNodeType.OBJECT, List.of("user-context", "sanity-checks", "dhcp-ddns", "control-socket",
                    "expired-leases-processing", "dhcp-queue-control", "compatibility", "config-control",
                    "multi-threading", "hosts-database"),
            JsonNodeType.ARRAY, List.of("hooks-libraries", "loggers", "client-classes", "option-def",
                    "require-client-classes", "relay-supplied-options", "hosts-databases")));

    private static Map<String, JsonNodeType> types(Map<JsonNodeType, List<String>> keysByType) {
        Map<String, JsonNodeType> types = new HashMap<>();
        keysByType.forEach((type, keys) -> keys.forEach(key -> types.put(key, type)));
        return Map.copyOf(types);
    }

    /** The JSON type Kea wants for {@code key}, one Tandem ignores; empty for any. */
    static Optional<JsonNodeType> keaValueType(String key) {
        return Optional.ofNullable(KEA_VALUE_TYPES.get(key));
    }

    /** A level from Kea's keys there and the keys Tandem reads (which may include keys of its own). */
    public static KeaKeys of(List<String> keaKeys, List<String> tandemKeys) {
        Set<String> notImplemented = new TreeSet<>(keaKeys);
        notImplemented.removeAll(tandemKeys);
        Set<String> tandemOnly = new TreeSet<>(tandemKeys);
        tandemOnly.removeAll(keaKeys);
        return new KeaKeys(Set.copyOf(tandemKeys), Set.copyOf(notImplemented), Set.copyOf(tandemOnly));
    }

    public static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
