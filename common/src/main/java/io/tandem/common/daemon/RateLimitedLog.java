package io.tandem.common.daemon;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Log lines about what clients send, at most {@code perSecond} a second, so that a flood of
 * packets cannot flood the log; what was left out is counted and said with the next line that
 * passes. Thread-safe.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final int perSecond;
    private final AtomicLong windowStart = new AtomicLong();
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, int perSecond) {
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

    public void debug(String format, Object... arguments) {
        if (log.isDebugEnabled() && admit()) {
            log.debug(format + suppressedNote(), arguments);
        }
    }

    public void info(String format, Object... arguments) {
        if (log.isInfoEnabled() && admit()) {
            log.info(format + suppressedNote(), arguments);
        }
    }

    public void warn(String format, Object... arguments) {
        if (admit()) {
            log.warn(format + suppressedNote(), arguments);
        }
    }

    /** A bug met on the packet path; a {@link Throwable} as the last argument is logged with its stack. */
    public void error(String format, Object... arguments) {
        if (admit()) {
            log.error(format + suppressedNote(), arguments);
        }
    }

    private String suppressedNote() {
        long count = suppressed.getAndSet(0);
        return count == 0 ? "" : " (" + count + " similar lines suppressed)";
    }
}
