package io.tandem.dhcp6d.config;

/**
 * Tandem's {@code events.dashboard}: how the boot dashboard at {@code GET /} reads a machine's events.
 *
 * @param stallSeconds     {@code stall-seconds} (default 60): a machine quiet this long in a
 *                         stage short of the OS is stalled
 * @param bootLoopAttempts {@code boot-loop-attempts} (default 3): a machine that has started its
 *                         boot over this many times is flagged as a boot loop
 */
public record DashboardConfig(int stallSeconds, int bootLoopAttempts) {
    public static final DashboardConfig DEFAULT = new DashboardConfig(60, 3);

    /** What {@code /dashboard/settings.json} says, the page's only other read beside {@code /events}. */
    public String toJson() {
        return "{\"stall-seconds\":" + stallSeconds + ",\"boot-loop-attempts\":" + bootLoopAttempts + "}";
    }
}
