package io.tandem.dhcp4o6d.engine;

/** A stage ends the exchange without an answer: why, for the counters, and a detail for the debug log. */
final class Refused extends Exception {
    private final DropReason4 reason;

    Refused(DropReason4 reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    Outcome4.Drop drop() {
        return new Outcome4.Drop(reason, getMessage());
    }
}
