package io.tandem.dhcp6d.config;

/**
 * Tandem's {@code events}: the bounds of the in-memory event table.
 *
 * @param maxMacs         {@code max-macs} (default 10000): MACs kept, the least recently seen
 *                        evicted first
 * @param maxEventsPerMac {@code max-events-per-mac} (default 100): events kept per MAC, oldest dropped first
 */
public record EventsConfig(int maxMacs, int maxEventsPerMac) {
    public static final EventsConfig DEFAULT = new EventsConfig(10_000, 100);
}
