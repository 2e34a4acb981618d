package io.tandem.common.wire;

/**
 * The one exception a decoder throws: what is wrong with the bytes and at which offset of the
 * datagram. Anything else escaping a decoder is a bug.
 */
public final class DecodeException extends Exception {
    private final int offset;

    public DecodeException(String problem, int offset) {
        super(problem + " (at offset " + offset + ")", null, false, false);
        this.offset = offset;
    }

    /** Offset into the datagram where the problem starts. */
    public int offset() {
        return offset;
    }
}
