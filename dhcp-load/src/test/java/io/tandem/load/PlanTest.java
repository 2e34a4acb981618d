package io.tandem.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Open-loop send times and the latency counted from them. */
class PlanTest {
    private static final long MS = 1_000_000;

    @Test
    void sendsArePlannedEvenlyFromTheStepStart() {
        Plan plan = new Plan(5 * MS, 1000);
        assertEquals(5 * MS, plan.plannedNanos(0));
        assertEquals(6 * MS, plan.plannedNanos(1));
        assertEquals(1005 * MS, plan.plannedNanos(1000));
        assertEquals(0, plan.dueBy(4 * MS), "nothing before the start");
        assertEquals(1, plan.dueBy(5 * MS), "the first at the start");
        assertEquals(2, plan.dueBy(6 * MS + 1));
        assertEquals(7, new Plan(0, 3).dueBy(2 * 1000 * MS), "0, 1/3, 2/3, 1, 4/3, 5/3 and 2 s");
        assertThrows(IllegalArgumentException.class, () -> new Plan(0, 0));
    }

    @Test
    void aStalledGeneratorSendsTheOverdueAtOnceAndTheirLatencyCountsTheStall() {
        Plan plan = new Plan(0, 10_000);
        // The generator wakes 100 ms late: 1,001 sends are due, the first planned at 0.
        long wake = 100 * MS;
        assertEquals(1001, plan.dueBy(wake));
        // Exchange 0 is sent at 100 ms and answered 0.2 ms later: 100.2 ms from its planned time,
        // not the 0.2 ms a closed-loop measurement would see.
        assertEquals(100_200_000, Plan.latencyNanos(plan.plannedNanos(0), wake + 200_000));
        assertEquals(200_000, Plan.latencyNanos(plan.plannedNanos(1000), wake + 200_000));
        assertEquals(0, Plan.latencyNanos(10, 5), "never negative");
    }
}
