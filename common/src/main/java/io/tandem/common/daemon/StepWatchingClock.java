package io.tandem.common.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The wall clock the daemons write lease times with (as Kea does), watched against the monotonic
 * clock: at each reading, when the wall clock has moved more than {@link #STEP} further or less
 * than the monotonic clock since the last step, it was stepped (an operator's {@code date -s}, an
 * NTP step, a VM resumed), and {@code onStep} hears of it, with the step, before this reading is
 * returned, so that the leases can be shifted before anything reads their expiry against the new
 * time. NTP's slewing moves both clocks alike and is no step. The daemons' timers never read this
 * clock: they run on the monotonic one (scheduled executors, Netty's timers).
 */
public final class StepWatchingClock extends Clock {
    /** Less than this between the clocks is jitter between the two readings, not a step. */
    public static final Duration STEP = Duration.ofSeconds(1);
    /** Less than this is not worth a write of the offset. */
    private static final Duration FOLLOWED = Duration.ofMillis(10);

    private final Clock wall;
    private final LongSupplier monotonicNanos;
    private final Consumer<Duration> onStep;
    /** Wall minus monotonic nanoseconds, as of the last step or the last drift followed. */
    private volatile long offsetNanos;

    public StepWatchingClock(Clock wall, LongSupplier monotonicNanos, Consumer<Duration> onStep) {
        this.wall = wall;
        this.monotonicNanos = monotonicNanos;
        this.onStep = onStep;
        this.offsetNanos = offset(wall.instant(), monotonicNanos.getAsLong());
    }

    /** The system's clocks: {@link Clock#systemUTC()} and {@link System#nanoTime()}. */
    public static StepWatchingClock system(Consumer<Duration> onStep) {
        return new StepWatchingClock(Clock.systemUTC(), System::nanoTime, onStep);
    }

    @Override
    public Instant instant() {
        Instant now = wall.instant();
        long offset = offset(now, monotonicNanos.getAsLong());
        long moved = Math.abs(offset - offsetNanos);
        if (moved > STEP.toNanos()) {
            stepped();
        } else if (moved > FOLLOWED.toNanos()) {
            // Slewing and the jitter between the two readings: followed, so that a later step is measured from here
            offsetNanos = offset;
        }
        return now;
    }

    /** One thread reports a step, once; the others wait for it, so none reads leases not yet shifted. */
    private synchronized void stepped() {
        long offset = offset(wall.instant(), monotonicNanos.getAsLong());
        long step = offset - offsetNanos;
        if (Math.abs(step) > STEP.toNanos()) {
            offsetNanos = offset;
            // In whole seconds, to the nearest: lease times have whole seconds, and the two clocks are
            // read a moment apart, so a day's step reads as 86,399.98 s or 86,400.02 s and is 86,400 s
            long seconds = Math.round(step / 1e9);
            onStep.accept(Duration.ofSeconds(seconds));
        }
    }

    private static long offset(Instant wall, long monotonic) {
        return wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - monotonic;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the daemons' clock is UTC");
    }
}
