package io.tandem.dhcp6d.config;

import io.tandem.common.wire.Bytes;
import java.util.Optional;

/**
 * Kea's {@code server-id}: how the server makes its DUID the first time; after that the DUID is
 * read back from the file kept next to the lease file ({@code persist}).
 *
 * @param type         {@code type}: {@code LLT} (default), {@code EN} or {@code LL}
 * @param identifier   {@code identifier}: the link-layer address (LLT, LL) or the identifier
 *                     (EN); when absent, a MAC of one of the host's interfaces (LLT, LL) or 6
 *                     random bytes (EN), as Kea does
 * @param hardwareType {@code htype} (default 1, Ethernet), for LLT and LL
 * @param time         {@code time} (default 0: the time the DUID is made), seconds since
 *                     2000-01-01 UTC, for LLT
 * @param enterpriseId {@code enterprise-id} (default 2495, ISC's, as in Kea), for EN
 * @param persist      {@code persist} (default true): keep the DUID next to the lease file
 */
public record ServerIdConfig(ServerDuidType type, Optional<Bytes> identifier, int hardwareType, long time,
                             long enterpriseId, boolean persist) {
    public static final int DEFAULT_HARDWARE_TYPE = 1;
    public static final long DEFAULT_ENTERPRISE_ID = 2495;
    public static final ServerIdConfig DEFAULT = new ServerIdConfig(ServerDuidType.LLT, Optional.empty(),
            DEFAULT_HARDWARE_TYPE, 0, DEFAULT_ENTERPRISE_ID, true);

    /** The DUID types Kea lets {@code server-id} choose. */
    public enum ServerDuidType {
        LLT,
        EN,
        LL
    }
}
