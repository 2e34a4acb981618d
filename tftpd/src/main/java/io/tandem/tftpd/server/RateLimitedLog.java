package io.tandem.tftpd.server;

import org.slf4j.Logger;

/**
 * Log lines about what clients send, at most {@code perSecond} a second, so that a flood of
 * requests cannot flood the log; what was left out is counted and said with the next line that
 * passes. Used from the event loop only.
 */
final class RateLimitedLog {
    private final Logger log;
    private final int perSecond;
    private long windowStart = Long.MIN_VALUE;
    private int inWindow;
    private long suppressed;

    RateLimitedLog(Logger log, int perSecond) {
        this.log = log;
        this.perSecond = perSecond;
    }

    private boolean admit() {
        long second = System.nanoTime() / 1_000_000_000L;
        if (second != windowStart) {
            windowStart = second;
            inWindow = 0;
        }
        if (++inWindow > perSecond) {
            suppressed++;
            return false;
        }
        return true;
    }

    void debug(String format, Object... arguments) {
        if (log.isDebugEnabled() && admit()) {
            log.debug(format + suppressedNote(), arguments);
        }
    }

    void info(String format, Object... arguments) {
        if (log.isInfoEnabled() && admit()) {
            log.info(format + suppressedNote(), arguments);
        }
    }

    void warn(String format, Object... arguments) {
        if (admit()) {
            log.warn(format + suppressedNote(), arguments);
        }
    }

    private String suppressedNote() {
        long count = suppressed;
        suppressed = 0;
        return count == 0 ? "" : " (" + count + " similar lines suppressed)";
    }
}
