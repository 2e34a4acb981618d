package io.tandem.common.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Kea's {@code lease-database}, which in Tandem is always {@code "type": "memfile"}: leases in
 * memory and in a CSV file in Kea's memfile layout (v6 or v4, as the daemon's).
 *
 * @param leaseFile   {@code name}, resolved against the config's directory; when absent the
 *                    daemon's {@code -lf} or its default applies ({@code -lf} also wins over it)
 * @param persist     {@code persist} (default true): false keeps leases in memory only
 * @param lfcInterval {@code lfc-interval} (default 3600): seconds between compactions of the
 *                    lease file, 0 for never
 * @param durability  {@code durability} (Tandem's key, default {@code write}): what a lease row
 *                    must survive before the reply that acknowledges it leaves
 */
public record LeaseDatabaseConfig(Optional<Path> leaseFile, boolean persist, long lfcInterval, Durability durability) {
    public static final long DEFAULT_LFC_INTERVAL = 3600;
    public static final LeaseDatabaseConfig DEFAULT = new LeaseDatabaseConfig(Optional.empty(), true, DEFAULT_LFC_INTERVAL,
            Durability.WRITE);

    /** What a lease row survives once the reply that acknowledges it has left. */
    public enum Durability {
        /**
         * A kill of the daemon: the rows of a read burst reach the kernel with one {@code write(2)}
         * before its replies leave, as Kea's memfile does.
         */
        WRITE,
        /**
         * A power loss as well: group commit on a writer thread, one {@code write(2)} and one
         * {@code fdatasync} for all the rows pending, then their replies leave.
         */
        FSYNC;

        /** The name in the configuration. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static final ValueType<Durability> TYPE = new ValueType<>(Arrays.stream(values())
                .map(value -> '"' + value.label() + '"').collect(Collectors.joining(" or ")), text -> {
                    for (Durability value : values()) {
                        if (value.label().equals(text)) {
                            return value;
                        }
                    }
                    throw new IllegalArgumentException();
                });
    }

    private static final String MEMFILE = "memfile";
    private static final ValueType<String> TYPE = new ValueType<>(
            "memfile (Tandem keeps leases in memory and a Kea memfile CSV file)", type -> {
                if (!type.equals(MEMFILE)) {
                    throw new IllegalArgumentException("not supported by Tandem");
                }
                return type;
            });

    /** The {@code lease-database} of {@code object} ({@code Dhcp6} or {@code Dhcp4}). */
    public static LeaseDatabaseConfig read(ConfigNode object, Path baseDirectory) {
        Optional<ConfigNode> block = object.optionalObject("lease-database");
        if (block.isEmpty()) {
            return DEFAULT;
        }
        ConfigNode node = block.get();
        node.finish(KeaKeys.LEASE_DATABASE);
        node.value("type", TYPE);
        return new LeaseDatabaseConfig(
                node.optionalString("name").filter(name -> !name.isEmpty()).map(baseDirectory::resolve),
                node.bool("persist", true),
                node.integer("lfc-interval", 0, ConfigNode.UINT32_MAX, DEFAULT_LFC_INTERVAL),
                node.optionalValue("durability", Durability.TYPE).orElse(Durability.WRITE));
    }
}
