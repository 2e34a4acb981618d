package io.tandem.common.lease;

import io.tandem.common.wire.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Kea's text forms inside a lease file: the {@code &#x} escapes of {@code CSVRow} and the hex
 * strings of {@code HWAddr::fromText} and {@code DUID::fromText} ({@code src/lib/util/csv_file.cc},
 * {@code src/lib/util/strutil.cc}).
 */
final class KeaText {
    private static final String ESCAPE_TAG = "&#x";
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private KeaText() {
    }

    /**
     * Escapes a text column. Kea escapes the separator and the {@code &} that starts its escape
     * tag, writing {@code &#x} and two hex digits; Tandem also escapes control characters, which
     * Kea reads back through the same rule. Kea itself writes them raw, so a newline in a
     * hostname splits the row when Kea rewrites the file (seen with kea-lfc 2.2): hostnames are
     * best kept to Kea's {@code hostname-char-set}.
     */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean special = c == ',' || c == '&' || c < 0x20 || c == 0x7f;
            if (special && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (special) {
                out.append(ESCAPE_TAG).append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xf]);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Kea's {@code CSVRow::unescapeCharacters}: {@code &#x} and two hex digits (either case)
     * stand for one byte; a tag without two hex digits after it is kept as it is. The bytes are
     * then read as UTF-8.
     */
    static String unescape(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return unescape(bytes, 0, bytes.length);
    }

    /** {@link #unescape(String)} of the UTF-8 text {@code bytes[from, to)}, as a lease file holds it. */
    static String unescape(byte[] bytes, int from, int to) {
        int tag = indexOfTag(bytes, from, to);
        if (tag < 0) {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[to - from];
        int length = 0;
        int start = from;
        while (tag >= 0) {
            int digits = tag + ESCAPE_TAG.length();
            int high = digits + 1 < to ? hexValue(bytes[digits]) : -1;
            int low = high >= 0 ? hexValue(bytes[digits + 1]) : -1;
            if (low >= 0) {
                System.arraycopy(bytes, start, out, length, tag - start);
                length += tag - start;
                out[length++] = (byte) (high << 4 | low);
                start = digits + 2;
            }
            tag = indexOfTag(bytes, low >= 0 ? start : digits, to);
        }
        System.arraycopy(bytes, start, out, length, to - start);
        return new String(out, 0, length + to - start, StandardCharsets.UTF_8);
    }

    /** Where {@code &#x} first starts in {@code bytes[from, to)}, or -1. */
    private static int indexOfTag(byte[] bytes, int from, int to) {
        for (int i = from; i + 2 < to; i++) {
            if (bytes[i] == '&' && bytes[i + 1] == '#' && bytes[i + 2] == 'x') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Kea's {@code decodeColonSeparatedHexString}, the form of {@code hwaddr}: octets of one or
     * two hex digits separated by single colons; the empty string is no bytes.
     */
    static Bytes colonSeparatedHex(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return colonSeparatedHex(bytes, 0, bytes.length);
    }

    /** {@link #colonSeparatedHex(String)} of the text {@code bytes[from, to)}. */
    static Bytes colonSeparatedHex(byte[] bytes, int from, int to) {
        return separatedHex(bytes, from, to, ':');
    }

    /**
     * Kea's {@code decodeFormattedHexString}, the form of {@code duid} and {@code client_id}:
     * colon-separated octets, space-separated octets, or plain hex digits with an optional
     * {@code 0x} (an odd count gets a leading zero).
     */
    static Bytes formattedHex(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return formattedHex(bytes, 0, bytes.length);
    }

    /** {@link #formattedHex(String)} of the text {@code bytes[from, to)}. */
    static Bytes formattedHex(byte[] bytes, int from, int to) {
        if (contains(bytes, from, to, ':')) {
            return separatedHex(bytes, from, to, ':');
        }
        if (contains(bytes, from, to, ' ')) {
            return separatedHex(bytes, from, to, ' ');
        }
        int digits = to - from > 2 && bytes[from] == '0' && bytes[from + 1] == 'x' ? from + 2 : from;
        int count = to - digits;
        byte[] decoded = new byte[(count + 1) / 2];
        // An odd count reads as if it had a leading zero: the first octet takes one digit.
        for (int i = 0; i < count; i++) {
            int value = hexValue(bytes[digits + i]);
            if (value < 0) {
                throw new IllegalArgumentException("'" + text(bytes, from, to) + "' is not a string of hexadecimal digits");
            }
            int octet = (i + count % 2) / 2;
            decoded[octet] = (byte) (decoded[octet] << 4 | value);
        }
        return decoded.length == 0 ? Bytes.EMPTY : Bytes.of(decoded, 0, decoded.length);
    }

    private static boolean contains(byte[] bytes, int from, int to, char wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return true;
            }
        }
        return false;
    }

    private static Bytes separatedHex(byte[] text, int from, int to, char separator) {
        if (from == to) {
            return Bytes.EMPTY;
        }
        byte[] bytes = new byte[(to - from) / 2 + 1];
        int count = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            int c = i < to ? text[i] : separator;
            if (c == separator) {
                if (digits == 0) {
                    throw notSeparatedHex(text(text, from, to), separator);
                }
                bytes[count++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (hexValue(c) >= 0 && digits < 2) {
                value = value << 4 | hexValue(c);
                digits++;
            } else {
                throw notSeparatedHex(text(text, from, to), separator);
            }
        }
        return Bytes.of(bytes, 0, count);
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException notSeparatedHex(String text, char separator) {
        return new IllegalArgumentException("'" + text + "' is not hex octets separated by '" + separator + "'");
    }

    /** The value of an ASCII hex digit, or -1: Kea's parsers know no other digits. */
    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
