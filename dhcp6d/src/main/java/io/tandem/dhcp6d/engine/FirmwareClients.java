package io.tandem.dhcp6d.engine;

import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.dhcp6d.netboot.BootStage;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells UEFI firmware's own network stack from an operating system. EDK2 runs two DHCPv6 clients
 * in one boot (FIELD-NOTES.md): Ip6Config, started by an RA with M=1, sends no boot markers at
 * all, exactly like an OS; the PXE or HTTP boot client sends them. Both use the same DUID, and
 * the operating system that boots later uses its own. So a client without boot markers whose
 * DUID recently came with them is the firmware, not an OS (it gets no boot options either way,
 * but its event says {@code firmware_init} instead of a misleading {@code os_init}).
 *
 * <p>When Ip6Config asks before the PXE client has (it waits for an RA, so it is usually the
 * second), it is still taken for an OS: the stage is decided when the message is answered.
 * Bounded: the least recently seen DUID goes first. Used on the engine's one thread.
 */
final class FirmwareClients {
    /** Longer than one firmware boot stage, shorter than a reinstall. */
    static final Duration MEMORY = Duration.ofMinutes(10);
    static final int MAX_DUIDS = 4096;

    private final Map<Duid, Instant> lastSeen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Duid, Instant> eldest) {
            return size() > MAX_DUIDS;
        }
    };

    /** The stage of a message from {@code duid} whose own options say {@code marked}. */
    BootStage stageOf(BootStage marked, Duid duid, Instant now) {
        if (marked == BootStage.PXE_FIRMWARE || marked == BootStage.UEFI_HTTP) {
            lastSeen.put(duid, now);
            return marked;
        }
        if (marked == BootStage.OS) {
            Instant seen = lastSeen.get(duid);
            if (seen != null && !now.isAfter(seen.plus(MEMORY))) {
                return BootStage.FIRMWARE_NETWORK;
            }
        }
        return marked;
    }
}
