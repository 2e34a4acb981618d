package io.tandem.load;

/**
 * When an open-loop step sends: the k-th exchange of a step that starts at {@code startNanos} at
 * {@code rate} per second is planned for {@code startNanos + k / rate}, whatever the generator was
 * doing then. A late generator sends the overdue ones at once, and their latency still counts from
 * the planned time, so a pause (its own or the server's) shows up in the latency instead of being
 * hidden by sending less (coordinated omission). Pure.
 */
record Plan(long startNanos, long rate) {
    Plan {
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be at least 1 per second");
        }
    }

    /** The planned send time of exchange {@code k} (from 0). */
    long plannedNanos(long k) {
        return startNanos + (long) (k * 1e9 / rate);
    }

    /** How many exchanges are due by {@code nowNanos}: those planned at or before it. */
    long dueBy(long nowNanos) {
        return nowNanos < startNanos ? 0 : (long) ((nowNanos - startNanos) * (double) rate / 1e9) + 1;
    }

    /** The latency of an exchange planned for {@code plannedNanos} whose last answer came at {@code answeredNanos}. */
    static long latencyNanos(long plannedNanos, long answeredNanos) {
        return Math.max(0, answeredNanos - plannedNanos);
    }
}
