package io.tandem.common.wire;

/**
 * A part of what a decoder is reading ({@code "ia-na (3) at offset 44"} then {@code "IAID"}), for
 * the message of a {@link DecodeException}. Decoders name what they read for every field of every
 * option, and nearly every read succeeds: the text is made only when an exception's message is.
 */
public record What(Object whole, Object part) {
    public static What of(Object whole, Object part) {
        return new What(whole, part);
    }

    @Override
    public String toString() {
        return whole + " " + part;
    }
}
