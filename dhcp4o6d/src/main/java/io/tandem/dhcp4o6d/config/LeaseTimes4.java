package io.tandem.dhcp4o6d.config;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A subnet's lease lifetime and timers, resolved through its shared network and the top level.
 *
 * @param validLifetime       {@code valid-lifetime}: given when the client asks for no lease time
 * @param minValidLifetime    {@code min-valid-lifetime}: the least a client can ask for
 * @param maxValidLifetime    {@code max-valid-lifetime}: the most a client can ask for
 * @param renewTimer          {@code renew-timer} (T1), when written
 * @param rebindTimer         {@code rebind-timer} (T2), when written
 * @param calculateTeeTimes   {@code calculate-tee-times}: T1 and T2 as percentages of the lease time
 * @param t1Percent           {@code t1-percent}
 * @param t2Percent           {@code t2-percent}
 */
public record LeaseTimes4(long validLifetime, long minValidLifetime, long maxValidLifetime, OptionalLong renewTimer,
                          OptionalLong rebindTimer, boolean calculateTeeTimes, double t1Percent, double t2Percent) {

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
        long rebind = rebindTimer.isPresent() ? rebindTimer.getAsLong()
                : calculateTeeTimes ? Math.round(t2Percent * valid) : 0;
        long ceiling = valid;
        Optional<Long> sentRebind = Optional.empty();
        if (rebind > 0 && rebind < ceiling) {
            sentRebind = Optional.of(rebind);
            ceiling = rebind;
        }
        long renew = renewTimer.isPresent() ? renewTimer.getAsLong()
                : calculateTeeTimes ? Math.round(t1Percent * valid) : 0;
        return new Timers(renew > 0 && renew < ceiling ? Optional.of(renew) : Optional.empty(), sentRebind);
    }
}
