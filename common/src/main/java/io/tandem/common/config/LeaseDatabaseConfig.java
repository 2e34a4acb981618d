package io.tandem.common.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Kea's {@code lease-database}, which in Tandem is always {@code "type": "memfile"}: leases in
 * memory and in a CSV file in Kea's memfile layout (v6 or v4, as the daemon's).
 *
 * @param leaseFile   {@code name}, resolved against the config's directory; when absent the
 *                    daemon's {@code -lf} or its default applies ({@code -lf} also wins over it)
 * @param persist     {@code persist} (default true): false keeps leases in memory only
 * @param lfcInterval {@code lfc-interval} (default 3600): seconds between compactions of the
 *                    lease file, 0 for never
 */
public record LeaseDatabaseConfig(Optional<Path> leaseFile, boolean persist, long lfcInterval) {
    public static final long DEFAULT_LFC_INTERVAL = 3600;
    public static final LeaseDatabaseConfig DEFAULT = new LeaseDatabaseConfig(Optional.empty(), true, DEFAULT_LFC_INTERVAL);

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
                node.integer("lfc-interval", 0, ConfigNode.UINT32_MAX, DEFAULT_LFC_INTERVAL));
    }
}
