package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.TeeTimers;
import java.util.Optional;

/**
 * A subnet's lease lifetime and timers, resolved through its shared network and the top level.
 *
 * @param validLifetime    {@code valid-lifetime}: given when the client asks for no lease time
 * @param minValidLifetime {@code min-valid-lifetime}: the least a client can ask for
 * @param maxValidLifetime {@code max-valid-lifetime}: the most a client can ask for
 * @param teeTimers        {@code renew-timer}, {@code rebind-timer}, {@code calculate-tee-times},
 *                         {@code t1-percent}, {@code t2-percent} as written
 */
public record LeaseTimes4(long validLifetime, long minValidLifetime, long maxValidLifetime, TeeTimers teeTimers) {
    /** Kea 2.2's kea-dhcp4: T1 and T2 are not calculated unless asked, then at 0.5 and 0.875 of the lease time. */
    static final TeeTimers.Defaults TEE_DEFAULTS = new TeeTimers.Defaults(false, 0.5, 0.875);

    /** T1 and T2 to send with a lease of {@code valid} seconds; empty for a timer not to send. */
    public record Timers(Optional<Long> renew, Optional<Long> rebind) {
    }

    /** The lease time for a client that asks for {@code requested} seconds (option 51), or for nothing. */
    public long leaseTime(Optional<Long> requested) {
        return requested.map(asked -> Math.max(minValidLifetime, Math.min(maxValidLifetime, asked)))
                .orElse(validLifetime);
    }

    /**
     * Kea's rule ({@code Dhcpv4Srv::setTeeTimes}): an explicit timer wins; else, with
     * {@code calculate-tee-times}, a percentage of the lease time. T2 is sent only when less than
     * the lease time, T1 only when less than what is sent above it (T2, else the lease time).
     */
    public Timers timers(long valid) {
        long rebind = teeTimers.rebind(valid, TEE_DEFAULTS);
        long ceiling = valid;
        Optional<Long> sentRebind = Optional.empty();
        if (rebind > 0 && rebind < ceiling) {
            sentRebind = Optional.of(rebind);
            ceiling = rebind;
        }
        long renew = teeTimers.renew(valid, TEE_DEFAULTS);
        return new Timers(renew > 0 && renew < ceiling ? Optional.of(renew) : Optional.empty(), sentRebind);
    }
}
