package io.tandem.dhcp6d.config;

/**
 * The lifetimes and timers of a subnet's leases, in seconds, ready for IA_NA and IA_PD.
 *
 * @param preferredLifetime {@code preferred-lifetime} (Kea's default 3600)
 * @param validLifetime     {@code valid-lifetime} (Kea's default 7200)
 * @param renewTimer        T1: {@code renew-timer}, or when absent and {@code calculate-tee-times}
 *                          is true (Kea's default) {@code t1-percent} (0.5) of the preferred
 *                          lifetime, rounded; 0 leaves the choice to the client. Kea sends 0 for
 *                          T1 unless it is less than T2, and so is it here.
 * @param rebindTimer       T2: {@code rebind-timer}, or {@code t2-percent} (0.8) of the preferred
 *                          lifetime, or 0
 */
public record LeaseTimes6(long preferredLifetime, long validLifetime, long renewTimer, long rebindTimer) {
}
