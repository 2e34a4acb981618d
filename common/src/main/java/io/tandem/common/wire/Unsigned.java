package io.tandem.common.wire;

/** The range check of the unsigned fields of wire values, with one message for both families. */
public final class Unsigned {
    private Unsigned() {
    }

    /** Fails unless {@code value} fits in {@code bits} unsigned bits; {@code what} names it. */
    public static void checkUnsigned(long value, int bits, String what) {
        if (value < 0 || value >>> bits != 0) {
            throw new IllegalArgumentException(what + " " + value + " does not fit " + bits + " bits");
        }
    }
}
