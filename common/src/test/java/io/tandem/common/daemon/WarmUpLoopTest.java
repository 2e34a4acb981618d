package io.tandem.common.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class WarmUpLoopTest {
    @Test
    void aWarmUpEndsWhenTheDaemonShouldListenCountedFromTheJvmsStart() {
        assertEquals(4200, WarmUpLoop.budgetMillis(800, 5000));
        assertEquals(1000, WarmUpLoop.budgetMillis(4000, 5000));
    }

    @Test
    void aLongLeaseFileReadStillLeavesTheShortestWarmUp() {
        assertEquals(WarmUpLoop.MIN_MILLIS, WarmUpLoop.budgetMillis(4900, 5000));
        assertEquals(WarmUpLoop.MIN_MILLIS, WarmUpLoop.budgetMillis(12_000, 5000));
    }

    @Test
    void theJvmPropertyMovesTheEndOrTurnsTheWarmUpOff() {
        try {
            System.setProperty(WarmUpLoop.LISTEN_BY_PROPERTY, "0");
            assertEquals(Duration.ZERO, WarmUpLoop.budget());
            System.setProperty(WarmUpLoop.LISTEN_BY_PROPERTY, "3600");
            assertTrue(WarmUpLoop.budget().toMinutes() > 50, WarmUpLoop.budget().toString());
        } finally {
            System.clearProperty(WarmUpLoop.LISTEN_BY_PROPERTY);
        }
        assertTrue(WarmUpLoop.budget().toMillis() <= WarmUpLoop.LISTEN_BY_MILLIS, WarmUpLoop.budget().toString());
    }

    @Test
    void turnedOffTheDaemonsWarmUpIsNotRunAtAll() {
        try {
            System.setProperty(WarmUpLoop.LISTEN_BY_PROPERTY, "0");
            WarmUpLoop.runAndLog(LoggerFactory.getLogger(WarmUpLoopTest.class), "TEST_WARMED_UP", "none", budget -> {
                throw new AssertionError("a warm-up run while turned off");
            });
        } finally {
            System.clearProperty(WarmUpLoop.LISTEN_BY_PROPERTY);
        }
    }

    @Test
    void theDaemonsWarmUpGetsTheBudget() {
        AtomicReference<Duration> given = new AtomicReference<>();
        WarmUpLoop.runAndLog(LoggerFactory.getLogger(WarmUpLoopTest.class), "TEST_WARMED_UP", "none", budget -> {
            given.set(budget);
            return Optional.empty();
        });
        assertTrue(given.get().toMillis() >= WarmUpLoop.MIN_MILLIS
                && given.get().toMillis() <= WarmUpLoop.LISTEN_BY_MILLIS, String.valueOf(given.get()));
    }

    @Test
    void noTimeNoMadeUpExchange() {
        WarmUpLoop.Result result = WarmUpLoop.run(first -> {
            throw new AssertionError("an exchange without time for it");
        }, Duration.ZERO);
        assertEquals(0, result.exchanges());
    }
}
