package io.tandem.dhcp4o6d.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Kea's {@code lease-database}, which in Tandem is always {@code "type": "memfile"}: leases in
 * memory and in a CSV file in Kea's v4 memfile layout.
 *
 * @param leaseFile   {@code name}, resolved against the config's directory; {@code -lf} wins over it
 * @param persist     {@code persist} (default true): false keeps leases in memory only
 * @param lfcInterval {@code lfc-interval} (default 3600): seconds between compactions of the lease
 *                    file, 0 for never
 */
public record LeaseDatabase4(Optional<Path> leaseFile, boolean persist, long lfcInterval) {
    public static final long DEFAULT_LFC_INTERVAL = 3600;
    public static final LeaseDatabase4 DEFAULT = new LeaseDatabase4(Optional.empty(), true, DEFAULT_LFC_INTERVAL);
}
