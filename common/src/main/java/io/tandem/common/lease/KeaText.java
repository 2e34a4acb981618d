package io.tandem.common.lease;

import io.tandem.common.wire.Bytes;
import java.io.ByteArrayOutputStream;
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
        int tag = text.indexOf(ESCAPE_TAG);
        if (tag < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int start = 0;
        while (tag >= 0) {
            int digits = tag + ESCAPE_TAG.length();
            int high = digits + 1 < text.length() ? hexValue(text.charAt(digits)) : -1;
            int low = high >= 0 ? hexValue(text.charAt(digits + 1)) : -1;
            if (low >= 0) {
                bytes.writeBytes(text.substring(start, tag).getBytes(StandardCharsets.UTF_8));
                bytes.write(high << 4 | low);
                start = digits + 2;
            }
            tag = text.indexOf(ESCAPE_TAG, low >= 0 ? start : digits);
        }
        bytes.writeBytes(text.substring(start).getBytes(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Kea's {@code decodeColonSeparatedHexString}, the form of {@code hwaddr}: octets of one or
     * two hex digits separated by single colons; the empty string is no bytes.
     */
    static Bytes colonSeparatedHex(String text) {
        return separatedHex(text, ':');
    }

    /**
     * Kea's {@code decodeFormattedHexString}, the form of {@code duid} and {@code client_id}:
     * colon-separated octets, space-separated octets, or plain hex digits with an optional
     * {@code 0x} (an odd count gets a leading zero).
     */
    static Bytes formattedHex(String text) {
        if (text.indexOf(':') >= 0) {
            return separatedHex(text, ':');
        }
        if (text.indexOf(' ') >= 0) {
            return separatedHex(text, ' ');
        }
        String digits = text.length() > 2 && text.startsWith("0x") ? text.substring(2) : text;
        for (int i = 0; i < digits.length(); i++) {
            if (hexValue(digits.charAt(i)) < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a string of hexadecimal digits");
            }
        }
        return Bytes.fromHex(digits.length() % 2 == 0 ? digits : "0" + digits);
    }

    private static Bytes separatedHex(String text, char separator) {
        if (text.isEmpty()) {
            return Bytes.EMPTY;
        }
        byte[] bytes = new byte[text.length() / 2 + 1];
        int count = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            int c = i < text.length() ? text.charAt(i) : separator;
            if (c == separator) {
                if (digits == 0) {
                    throw notSeparatedHex(text, separator);
                }
                bytes[count++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (hexValue(c) >= 0 && digits < 2) {
                value = value << 4 | hexValue(c);
                digits++;
            } else {
                throw notSeparatedHex(text, separator);
            }
        }
        return Bytes.of(bytes, 0, count);
    }

    private static IllegalArgumentException notSeparatedHex(String text, char separator) {
        return new IllegalArgumentException("'" + text + "' is not hex octets separated by '" + separator + "'");
    }

    /** The value of an ASCII hex digit, or -1: Kea's parsers know no other digits. */
    private static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
