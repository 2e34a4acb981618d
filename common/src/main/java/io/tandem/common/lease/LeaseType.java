package io.tandem.common.lease;

/** The {@code lease_type} column of a Kea v6 memfile row ({@code Lease::Type} in Kea's {@code lease.h}). */
public enum LeaseType {
    /** An address from an IA_NA (RFC 9915 §21.4). */
    NA(0),
    /** An address from an IA_TA (obsolete in RFC 9915, still readable). */
    TA(1),
    /** A prefix from an IA_PD (RFC 9915 §21.21). */
    PD(2);

    /** {@code values()} once: {@link #of} reads a column of every lease file row. */
    private static final LeaseType[] ALL = values();

    private final int code;

    LeaseType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with Kea's code; {@link IllegalArgumentException} for any other. */
    public static LeaseType of(long code) {
        for (LeaseType type : ALL) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("lease_type " + code + " is not 0 (NA), 1 (TA) or 2 (PD)");
    }
}
