package io.tandem.common.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The keys of one level of a configuration: those Tandem implements there, and Kea 2.2's keys
 * there that it does not (accepted with a warning; any other key is an error, see
 * {@link ConfigNode#finish(KeaKeys)}). Each daemon lists its levels ({@code KeaKeys6},
 * {@code KeaKeys4}); the levels both have in the same shape are here.
 */
public record KeaKeys(Set<String> implemented, Set<String> keaKeysNotImplemented) {
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

    /** A level from Kea's keys there and the keys Tandem reads (which may include keys of its own). */
    public static KeaKeys of(List<String> keaKeys, List<String> tandemKeys) {
        Set<String> notImplemented = new TreeSet<>(keaKeys);
        notImplemented.removeAll(tandemKeys);
        return new KeaKeys(Set.copyOf(tandemKeys), Set.copyOf(notImplemented));
    }

    public static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
