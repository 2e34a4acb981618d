package io.tandem.common.lease;

/**
 * The {@code state} column of a Kea memfile row ({@code Lease::STATE_*} in Kea's {@code lease.h}).
 * Kea 2.2 writes 0, 1 and 2; newer Kea adds 3 and 4, which Kea 2.2 reads as plain numbers.
 */
public enum LeaseState {
    /** An assigned lease. */
    DEFAULT(0),
    /** The client declined the address (RFC 9915 §18.2.8, RFC 2131 §4.3.3); it is set aside. */
    DECLINED(1),
    /** The lease expired and the server reclaimed it (Kea keeps the row for {@code hold-reclaimed-time}). */
    EXPIRED_RECLAIMED(2),
    /** Released, and kept for the same client to come back to (Kea 2.7 and later). */
    RELEASED(3),
    /** An address the client generated and registered (RFC 9686, Kea 2.7.7 and later). */
    REGISTERED(4);

    /** {@code values()} once: {@link #of} reads a column of every lease file row. */
    private static final LeaseState[] ALL = values();

    private final int code;

    LeaseState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state with Kea's code; {@link IllegalArgumentException} for a code Kea does not define. */
    public static LeaseState of(long code) {
        for (LeaseState state : ALL) {
            if (state.code == code) {
                return state;
            }
        }
        throw new IllegalArgumentException("state " + code + " is not one of Kea's lease states 0 to 4");
    }
}
