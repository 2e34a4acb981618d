package io.tandem.common.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.testing.SteppedClocks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Steps of the wall clock against the monotonic one: each reported once, with its size and sign; passing time and jitter are not steps. */
class StepWatchingClockTest {
    private static final Instant START = Instant.parse("2026-12-05T06:00:00Z");

    @Test
    void aStepBackAnHourAndForwardADayAreEachReportedOnceBeforeTheReadingThatSawThem() {
        SteppedClocks clocks = new SteppedClocks(START);
        List<Duration> steps = new ArrayList<>();
        StepWatchingClock clock = clocks.watched(steps::add);

        clocks.pass(Duration.ofHours(2));
        assertEquals(START.plus(Duration.ofHours(2)), clock.instant(), "the wall clock, as Kea writes lease times");
        clocks.stepWall(Duration.ofMillis(900));
        clock.instant();
        assertEquals(List.of(), steps, "time passing and sub-second jitter are no step");

        clocks.stepWall(Duration.ofHours(-1));
        Instant back = clock.instant();
        assertEquals(START.plus(Duration.ofHours(1)).plusMillis(900), back);
        assertEquals(1, steps.size());
        assertEquals(-3600, steps.get(0).toSeconds(), "the step back is an hour, measured from the drift followed: " + steps);

        clocks.pass(Duration.ofMinutes(5));
        clocks.stepWall(Duration.ofDays(1));
        clock.instant();
        clock.instant();
        assertEquals(2, steps.size(), "one report per step: " + steps);
        assertEquals(86_400, steps.get(1).toSeconds());

        clocks.stepWall(Duration.ofDays(1).minusMillis(20));
        clock.instant();
        assertEquals(Duration.ofDays(1), steps.get(2), "a step forward in whole seconds, to the nearest");
        clocks.stepWall(Duration.ofDays(1).plusMillis(20));
        clock.instant();
        assertEquals(Duration.ofDays(1), steps.get(3), "the moment between the two readings is not a second more");

    }
}
