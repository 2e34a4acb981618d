package io.tandem.common.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WarmUpLoopTest {
    @Test
    void aWarmUpEndsFiveSecondsAfterTheJvmStarted() {
        assertEquals(4200, WarmUpLoop.budgetMillis(800));
        assertEquals(1000, WarmUpLoop.budgetMillis(4000));
    }

    @Test
    void aLongLeaseFileReadStillLeavesTheShortestWarmUp() {
        assertEquals(WarmUpLoop.MIN_MILLIS, WarmUpLoop.budgetMillis(4900));
        assertEquals(WarmUpLoop.MIN_MILLIS, WarmUpLoop.budgetMillis(12_000));
    }
}
