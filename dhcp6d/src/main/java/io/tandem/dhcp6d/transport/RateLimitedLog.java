package io.tandem.dhcp6d.transport;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Log lines about bad packets, at most {@code perSecond} a second, so that a flood of garbage
 * cannot flood the log; what was left out is counted and said with the next line that passes.
 */
final class RateLimitedLog {
    private final Logger log;
    private final int perSecond;
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, int perSecond) {
        this.log = log;
        this.perSecond = perSecond;
    }

    private boolean admit() {
        long second = System.nanoTime() / 1_000_000_000L;
        if (windowStart.getAndSet(second) != second) {
            inWindow.set(0);
        }
        if (inWindow.incrementAndGet() > perSecond) {
            suppressed.incrementAndGet();
            return false;
        }
        return true;
    }

    void debug(String format, Object... arguments) {
        if (log.isDebugEnabled() && admit()) {
            log.debug(format + suppressedNote(), arguments);
        }
    }

    void warn(String format, Object... arguments) {
        if (admit()) {
            log.warn(format + suppressedNote(), arguments);
        }
    }

    private String suppressedNote() {
        long count = suppressed.getAndSet(0);
        return count == 0 ? "" : " (" + count + " similar lines suppressed)";
    }
}
