package io.tandem.dhcp6d.config;

import io.tandem.common.config.ListenAddress;
import io.tandem.common.event.EventDatagram;
import java.util.Optional;

/**
 * Tandem's {@code events}: the bounds of the in-memory event table, where dhcp6d hears
 * dhcp4o6d's events, and how the dashboard reads them.
 *
 * @param maxMacs         {@code max-macs} (default 10000): MACs kept, the least recently seen
 *                        evicted first
 * @param maxEventsPerMac {@code max-events-per-mac} (default 100): events kept per MAC, oldest dropped first
 * @param channel         {@code channel} (default {@code [::1]:6316}, {@code ""} for none): the
 *                        localhost UDP address where dhcp4o6d's events arrive ({@link EventDatagram})
 * @param dashboard       {@code dashboard}: the stall time and the boot-loop threshold of {@code GET /}
 */
public record EventsConfig(int maxMacs, int maxEventsPerMac, Optional<ListenAddress> channel,
                           DashboardConfig dashboard) {
    public static final EventsConfig DEFAULT = new EventsConfig(10_000, 100,
            Optional.of(ListenAddress.parse(EventDatagram.DEFAULT_CHANNEL)), DashboardConfig.DEFAULT);
}
