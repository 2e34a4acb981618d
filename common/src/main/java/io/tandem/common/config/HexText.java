package io.tandem.common.config;

import io.tandem.common.wire.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Bytes written as text the ways Kea reads them (its {@code decodeFormattedHexString} and
 * {@code quotedStringToBinary}): {@code 01:02:0a} (one or two digits between colons),
 * {@code 01 02 0a}, {@code 01020a} or {@code 0x01020a}; Tandem also takes dashes like colons.
 * Kea reads an odd number of plain digits with a leading zero, and so does Tandem; callers may
 * warn about it with {@link #hasOddDigitCount}.
 */
public final class HexText {
    /** Kea's limit on the length of a hardware address ({@code HWAddr::MAX_HWADDR_LEN}). */
    public static final int MAX_HARDWARE_ADDRESS_LENGTH = 20;

    public static final ValueType<Bytes> HEX = new ValueType<>("hex bytes like 01:02:0a or 01020a", HexText::decode);
    public static final ValueType<Bytes> QUOTED_OR_HEX = new ValueType<>(
            "hex bytes like 01:02:0a or quoted text like 'text'", HexText::decodeQuotedOrHex);
    public static final ValueType<Bytes> HARDWARE_ADDRESS = new ValueType<>(
            "a hardware address like 52:54:00:12:34:56, 52-54-00-12-34-56, 5254.0012.3456 or 525400123456",
            HexText::hardwareAddress);

    private HexText() {
    }

    public static Bytes decode(String text) {
        String trimmed = text.strip();
        boolean colons = trimmed.indexOf(':') >= 0;
        boolean dashes = trimmed.indexOf('-') >= 0;
        if (colons && dashes) {
            throw new IllegalArgumentException("mixes colons and dashes");
        }
        if (colons || dashes) {
            return separated(trimmed, colons ? ":" : "-");
        }
        if (trimmed.indexOf(' ') >= 0) {
            return separated(trimmed, " +");
        }
        return plain(trimmed);
    }

    /** Warns at {@code key} of {@code node} when {@code text} is hex with an odd number of digits. */
    public static void warnIfOddDigitCount(ConfigNode node, String key, String text) {
        if (hasOddDigitCount(text)) {
            node.warning(key, "odd number of hex digits, read with a leading 0 as Kea does");
        }
    }

    /** Whether {@code text} is plain hex with an odd number of digits, which reads with a leading 0. */
    public static boolean hasOddDigitCount(String text) {
        String trimmed = text.strip();
        if (trimmed.matches("(?s).*[:\\- .].*")) {
            return false;
        }
        return withoutPrefix(trimmed).length() % 2 != 0;
    }

    /** {@code 'text'} as the UTF-8 bytes of the text between the quotes, anything else as hex. */
    public static Bytes decodeQuotedOrHex(String text) {
        String trimmed = text.strip();
        if (trimmed.length() > 1 && trimmed.startsWith("'") && trimmed.endsWith("'")) {
            String inner = trimmed.substring(1, trimmed.length() - 1).strip();
            if (inner.isEmpty()) {
                throw new IllegalArgumentException("the quoted text is empty");
            }
            return Bytes.of(inner.getBytes(StandardCharsets.UTF_8));
        }
        return decode(trimmed);
    }

    /** A hardware address of 1 to 20 bytes; dotted groups of four digits are also read. */
    public static Bytes hardwareAddress(String text) {
        String trimmed = text.strip();
        Bytes bytes;
        if (trimmed.indexOf('.') >= 0) {
            if (!trimmed.matches("\\p{XDigit}{4}(\\.\\p{XDigit}{4})+")) {
                throw new IllegalArgumentException("dotted form needs groups of four hex digits");
            }
            bytes = plain(trimmed.replace(".", ""));
        } else {
            bytes = decode(trimmed);
        }
        if (bytes.isEmpty() || bytes.length() > MAX_HARDWARE_ADDRESS_LENGTH) {
            throw new IllegalArgumentException(bytes.length() + " bytes, not 1 to " + MAX_HARDWARE_ADDRESS_LENGTH);
        }
        return bytes;
    }

    private static Bytes separated(String text, String separatorPattern) {
        String[] groups = text.split(separatorPattern, -1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(groups.length);
        for (String group : groups) {
            if (group.isEmpty()) {
                throw new IllegalArgumentException("two separators in a row, or one at an end");
            }
            if (!group.matches("\\p{XDigit}{1,2}")) {
                throw new IllegalArgumentException(ConfigNode.quote(group) + " is not one or two hex digits");
            }
            out.write(Integer.parseInt(group, 16));
        }
        return Bytes.of(out.toByteArray());
    }

    private static Bytes plain(String text) {
        String digits = withoutPrefix(text);
        if (!digits.matches("\\p{XDigit}*")) {
            throw new IllegalArgumentException("not hex digits");
        }
        return Bytes.of(HexFormat.of().parseHex(digits.length() % 2 == 0 ? digits : "0" + digits));
    }

    private static String withoutPrefix(String text) {
        return text.length() > 2 && (text.startsWith("0x") || text.startsWith("0X")) ? text.substring(2) : text;
    }
}
