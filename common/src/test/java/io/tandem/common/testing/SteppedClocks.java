package io.tandem.common.testing;

import io.tandem.common.daemon.StepWatchingClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A wall clock and a monotonic clock a test moves by hand: both together as time passes, or the
 * wall clock alone as an operator's {@code date -s} or an NTP step does.
 */
public final class SteppedClocks {
    private final AtomicReference<Instant> wall;
    private final AtomicLong monotonicNanos = new AtomicLong(1_000_000_000L);

    public SteppedClocks(Instant start) {
        wall = new AtomicReference<>(start);
    }

    /** Time passes: both clocks move by {@code elapsed}. */
    public void pass(Duration elapsed) {
        wall.updateAndGet(now -> now.plus(elapsed));
        monotonicNanos.addAndGet(elapsed.toNanos());
    }

    /** The wall clock alone is stepped by {@code step} (back when negative). */
    public void stepWall(Duration step) {
        wall.updateAndGet(now -> now.plus(step));
    }

    /** A {@link StepWatchingClock} over these two clocks. */
    public StepWatchingClock watched(Consumer<Duration> onStep) {
        return new StepWatchingClock(new Clock() {
            @Override
            public Instant instant() {
                return wall.get();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        }, monotonicNanos::get, onStep);
    }
}
