package io.tandem.common.lease;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * The values of one data row, read by column name with Kea's conversions. Every failure is an
 * {@link IllegalArgumentException} naming the column and the value.
 */
final class CsvRow {
    private static final long MAX_UINT16 = 0xffff;
    /** The longest IPv6 address text, {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
    private static final int MAX_IPV6_TEXT = 45;
    private static final int MAX_DECIMAL_DIGITS = 19;
    private static final int QUOTED_LENGTH = 60;

    private final CsvHeader header;
    private final String[] values;

    CsvRow(CsvHeader header, String line) {
        this.header = header;
        this.values = line.split(",", -1);
        if (values.length != header.columns().size()) {
            throw new IllegalArgumentException("the row has " + values.length + " values, the header "
                    + header.columns().size() + " columns");
        }
    }

    /** The value as written, or Kea's default when the header lacks the column. */
    String raw(String column) {
        int index = header.indexOf(column);
        return index < 0 ? CsvHeader.defaultValue(column) : values[index];
    }

    boolean isEmpty(String column) {
        return raw(column).isEmpty();
    }

    String text(String column) {
        return KeaText.unescape(raw(column));
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
        return switch (raw(column)) {
            case "0" -> false;
            case "1" -> true;
            default -> throw invalid(column, "is not 0 or 1");
        };
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
        if (text.length() < 2 || text.length() > MAX_IPV6_TEXT || !text.chars().allMatch(CsvRow::isIpv6Character)) {
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
        String text = raw(column);
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

    private static boolean isIpv6Character(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
    }

    private IllegalArgumentException invalid(String column, String problem) {
        String value = raw(column);
        String quoted = value.length() <= QUOTED_LENGTH ? value : value.substring(0, QUOTED_LENGTH) + "...";
        return new IllegalArgumentException(column + " '" + quoted + "' " + problem);
    }
}
