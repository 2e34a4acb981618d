package io.tandem.common.engine;

/**
 * A step of an engine's recipe ends the exchange without an answer: why, for the counters, and a
 * detail for the debug log. The engine catches it once and turns it into its drop outcome, so a
 * recipe reads top to bottom without checking a result after every step.
 */
public final class Refused extends Exception {
    private final DropReason reason;

    public Refused(DropReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** The reason as the daemon's own enum, e.g. {@code refused.reason(DropReason4.class)}. */
    public <R extends DropReason> R reason(Class<R> type) {
        return type.cast(reason);
    }

    public String detail() {
        return getMessage();
    }
}
