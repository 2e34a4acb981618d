package io.tandem.common.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Kea's {@code lease-database}: {@code "type": "memfile"} (the default), leases in memory and in a
 * CSV file in Kea's memfile layout (v6 or v4, as the daemon's); or {@code "type": "postgresql"},
 * leases in memory and in Kea 2.2's PostgreSQL schema, which several servers may share.
 *
 * @param leaseFile   {@code name}, resolved against the config's directory; when absent the
 *                    daemon's {@code -lf} or its default applies ({@code -lf} also wins over it)
 * @param persist     {@code persist} (default true): false keeps leases in memory only
 * @param lfcInterval {@code lfc-interval} (default 3600): seconds between compactions of the
 *                    lease file, 0 for never
 * @param durability  {@code durability} (Tandem's key, default {@code write}): what a lease row
 *                    must survive before the reply that acknowledges it leaves
 * @param postgresql  with {@code "type": "postgresql"}, the database (the memfile keys then do not apply)
 */
public record LeaseDatabaseConfig(Optional<Path> leaseFile, boolean persist, long lfcInterval, Durability durability,
                                  Optional<PostgresqlDatabase> postgresql) {
    public static final long DEFAULT_LFC_INTERVAL = 3600;
    public static final LeaseDatabaseConfig DEFAULT = new LeaseDatabaseConfig(Optional.empty(), true, DEFAULT_LFC_INTERVAL,
            Durability.WRITE);

    /** A memfile lease database. */
    public LeaseDatabaseConfig(Optional<Path> leaseFile, boolean persist, long lfcInterval, Durability durability) {
        this(leaseFile, persist, lfcInterval, durability, Optional.empty());
    }

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
    /** The memfile keys, which {@code "type": "postgresql"} does not read. */
    private static final List<String> MEMFILE_KEYS = List.of("persist", "lfc-interval", "durability");
    private static final ValueType<String> TYPE = new ValueType<>(
            "\"memfile\" or \"postgresql\" (Kea's mysql and cql are not supported by Tandem)", type -> {
                if (!type.equals(MEMFILE) && !type.equals(PostgresqlDatabase.TYPE)) {
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
        String type = node.value("type", TYPE).orElse(MEMFILE);
        if (type.equals(PostgresqlDatabase.TYPE)) {
            notFor(node, MEMFILE_KEYS, PostgresqlDatabase.TYPE);
            return new LeaseDatabaseConfig(Optional.empty(), true, DEFAULT_LFC_INTERVAL, Durability.WRITE,
                    Optional.of(PostgresqlDatabase.read(node)));
        }
        notFor(node, PostgresqlDatabase.KEYS, MEMFILE);
        return new LeaseDatabaseConfig(
                node.optionalString("name").filter(name -> !name.isEmpty()).map(baseDirectory::resolve),
                node.bool("persist", true),
                node.integer("lfc-interval", 0, ConfigNode.UINT32_MAX, DEFAULT_LFC_INTERVAL),
                node.optionalValue("durability", Durability.TYPE).orElse(Durability.WRITE));
    }

    /** Each of {@code keys} present in {@code node} is an error: it belongs to the other type. */
    private static void notFor(ConfigNode node, List<String> keys, String type) {
        for (String key : keys) {
            if (node.has(key)) {
                node.error(key, "not read with \"type\": \"" + type + "\"");
            }
        }
    }
}
