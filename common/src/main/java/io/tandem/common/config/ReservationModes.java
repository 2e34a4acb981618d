package io.tandem.common.config;

import java.util.List;

/**
 * Kea 2.2's deprecated {@code reservation-mode} and the flags that replaced it
 * ({@code reservations-global}, {@code reservations-in-subnet}, {@code reservations-out-of-pool}),
 * which Tandem ignores with a warning: Kea refuses the old key beside any of the new ones at one
 * level (global, shared network or subnet), and so does Tandem.
 */
public final class ReservationModes {
    private static final List<String> FLAGS =
            List.of("reservations-global", "reservations-in-subnet", "reservations-out-of-pool");

    private ReservationModes() {
    }

    public static void check(ConfigNode level) {
        if (level.has("reservation-mode") && FLAGS.stream().anyMatch(level::has)) {
            level.error("reservation-mode", "give either reservation-mode (deprecated) or "
                    + String.join(", ", FLAGS) + ", not both");
        }
    }
}
