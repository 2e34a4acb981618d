package io.tandem.common.lease;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.CharBuffer;

/**
 * The values of one data row, read by column name with Kea's conversions. Every failure is an
 * {@link IllegalArgumentException} naming the column and the value. Values are read in place
 * from the line, which is only cut into a {@code String} per value for text and addresses: a
 * daemon reads a million rows at start.
 */
final class CsvRow {
    private static final long MAX_UINT16 = 0xffff;
    /** The longest IPv6 address text, {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
    private static final int MAX_IPV6_TEXT = 45;
    private static final int MAX_DECIMAL_DIGITS = 19;
    private static final int QUOTED_LENGTH = 60;

    private final CsvHeader header;
    private final String line;
    /** Where each value starts in the line, and one more entry: the line's length plus one. */
    private final int[] starts;

    CsvRow(CsvHeader header, String line) {
        this.header = header;
        this.line = line;
        int columns = header.columns().size();
        int values = 1;
        for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
            values++;
        }
        if (values != columns) {
            throw new IllegalArgumentException("the row has " + values + " values, the header " + columns + " columns");
        }
        starts = new int[columns + 1];
        for (int value = 1; value < columns; value++) {
            starts[value] = line.indexOf(',', starts[value - 1]) + 1;
        }
        starts[columns] = line.length() + 1;
    }

    /** The value as written, or Kea's default when the header lacks the column. */
    String raw(String column) {
        int index = header.indexOf(column);
        return index < 0 ? CsvHeader.defaultValue(column) : line.substring(starts[index], starts[index + 1] - 1);
    }

    boolean isEmpty(String column) {
        int index = header.indexOf(column);
        return index < 0 ? CsvHeader.defaultValue(column).isEmpty() : starts[index + 1] - 1 == starts[index];
    }

    /** An empty value is the one {@code ""}, not a string of its own per row: leases keep their texts. */
    String text(String column) {
        return isEmpty(column) ? "" : KeaText.unescape(raw(column));
    }

    long uint16(String column) {
        return unsigned(column, MAX_UINT16);
    }

    long uint32(String column) {
        return unsigned(column, LeaseChecks.MAX_UINT32);
    }

    long uint64(String column) {
        return unsigned(column, Long.MAX_VALUE);
    }

    /** Kea's {@code lexical_cast<bool>}: exactly 0 or 1. */
    boolean flag(String column) {
        int index = header.indexOf(column);
        CharSequence text = index < 0 ? CsvHeader.defaultValue(column) : value(index);
        if (text.length() != 1 || text.charAt(0) != '0' && text.charAt(0) != '1') {
            throw invalid(column, "is not 0 or 1");
        }
        return text.charAt(0) == '1';
    }

    Bytes colonSeparatedHex(String column) {
        try {
            return KeaText.colonSeparatedHex(raw(column));
        } catch (IllegalArgumentException e) {
            throw invalid(column, "is not colon-separated hex");
        }
    }

    Bytes formattedHex(String column) {
        try {
            return KeaText.formattedHex(raw(column));
        } catch (IllegalArgumentException e) {
            throw invalid(column, "is not hex");
        }
    }

    Inet6Address ipv6(String column) {
        String text = raw(column);
        // Only hex digits, colons and dots reach the parser, so nothing is ever looked up in DNS.
        if (text.length() < 2 || text.length() > MAX_IPV6_TEXT || !isIpv6Text(text)) {
            throw invalid(column, "is not an IPv6 address");
        }
        try {
            return Addresses.parse6(text);
        } catch (IllegalArgumentException e) {
            throw invalid(column, "is not an IPv6 address");
        }
    }

    Inet4Address ipv4(String column) {
        try {
            return Addresses.parse4(raw(column));
        } catch (IllegalArgumentException e) {
            throw invalid(column, "is not an IPv4 address");
        }
    }

    /** Decimal digits only: Kea's {@code lexical_cast} would take "-1" as 4294967295. */
    private long unsigned(String column, long max) {
        int index = header.indexOf(column);
        CharSequence text = index < 0 ? CsvHeader.defaultValue(column) : value(index);
        long value = 0;
        boolean valid = !text.isEmpty() && text.length() <= MAX_DECIMAL_DIGITS;
        for (int i = 0; valid && i < text.length(); i++) {
            char c = text.charAt(i);
            valid = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        // Nineteen digits can overflow a long, which the sign shows.
        if (!valid || value < 0 || value > max) {
            throw invalid(column, "is not a number from 0 to " + max);
        }
        return value;
    }

    /** Value {@code index} without a copy. */
    private CharSequence value(int index) {
        return CharBuffer.wrap(line, starts[index], starts[index + 1] - 1);
    }

    private static boolean isIpv6Text(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isIpv6Character(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Character(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
    }

    private IllegalArgumentException invalid(String column, String problem) {
        String value = raw(column);
        String quoted = value.length() <= QUOTED_LENGTH ? value : value.substring(0, QUOTED_LENGTH) + "...";
        return new IllegalArgumentException(column + " '" + quoted + "' " + problem);
    }
}
