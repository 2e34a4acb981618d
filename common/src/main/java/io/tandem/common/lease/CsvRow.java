package io.tandem.common.lease;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The values of one data row, read by column with Kea's conversions. Every failure is an
 * {@link IllegalArgumentException} naming the column and the value. A row is read in place from
 * the bytes of the file, and one {@code CsvRow} is reused for every row of a file
 * ({@link #read}): a daemon reads a million rows at start, so nothing is made per value but what
 * the lease keeps (its texts, hex values and address).
 *
 * <p>Columns are named by their position in the family's Kea 2.2 column list (the
 * {@code LeaseCsv6}/{@code LeaseCsv4} constants), looked up in the file's header once per file.
 */
final class CsvRow {
    private static final long MAX_UINT16 = 0xffff;
    /** The longest IPv6 address text, {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255}. */
    private static final int MAX_IPV6_TEXT = 45;
    private static final int MAX_DECIMAL_DIGITS = 19;
    private static final int QUOTED_LENGTH = 60;

    private final List<String> names;
    /** For each Kea column, its position in the file's header, or -1 when the header lacks it. */
    private final int[] positions;
    /** For each Kea column, the value a header without it reads as. */
    private final byte[][] defaults;
    private final int columns;
    private byte[] line;
    /** Where each value of the current row starts in {@link #line}, and one more entry: the row's end plus one. */
    private final int[] starts;

    /** A reader of rows laid out as {@code header}, with columns named as in {@code keaColumns}. */
    CsvRow(CsvHeader header, List<String> keaColumns) {
        names = keaColumns;
        positions = new int[keaColumns.size()];
        defaults = new byte[keaColumns.size()][];
        for (int column = 0; column < positions.length; column++) {
            positions[column] = header.indexOf(keaColumns.get(column));
            defaults[column] = CsvHeader.defaultValue(keaColumns.get(column)).getBytes(StandardCharsets.US_ASCII);
        }
        columns = header.columns().size();
        starts = new int[columns + 1];
    }

    /** Makes {@code bytes[from, to)} (a row without its line end) the row the getters read. */
    CsvRow read(byte[] bytes, int from, int to) {
        int values = 1;
        starts[0] = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] == ',') {
                if (values < columns) {
                    starts[values] = i + 1;
                }
                values++;
            }
        }
        if (values != columns) {
            throw new IllegalArgumentException("the row has " + values + " values, the header " + columns + " columns");
        }
        starts[columns] = to + 1;
        line = bytes;
        return this;
    }

    private byte[] source(int column) {
        return positions[column] < 0 ? defaults[column] : line;
    }

    private int start(int column) {
        int position = positions[column];
        return position < 0 ? 0 : starts[position];
    }

    private int end(int column) {
        int position = positions[column];
        return position < 0 ? defaults[column].length : starts[position + 1] - 1;
    }

    /** The value as written, or Kea's default when the header lacks the column. */
    private String raw(int column) {
        return new String(source(column), start(column), end(column) - start(column), StandardCharsets.UTF_8);
    }

    boolean isEmpty(int column) {
        return start(column) == end(column);
    }

    /** An empty value is the one {@code ""}, not a string of its own per row: leases keep their texts. */
    String text(int column) {
        return isEmpty(column) ? "" : KeaText.unescape(source(column), start(column), end(column));
    }

    long uint16(int column) {
        return unsigned(column, MAX_UINT16);
    }

    long uint32(int column) {
        return unsigned(column, LeaseChecks.MAX_UINT32);
    }

    long uint64(int column) {
        return unsigned(column, Long.MAX_VALUE);
    }

    /** Kea's {@code lexical_cast<bool>}: exactly 0 or 1. */
    boolean flag(int column) {
        int start = start(column);
        int c = end(column) - start == 1 ? source(column)[start] : -1;
        if (c != '0' && c != '1') {
            throw invalid(column, "is not 0 or 1");
        }
        return c == '1';
    }

    Bytes colonSeparatedHex(int column) {
        try {
            return KeaText.colonSeparatedHex(source(column), start(column), end(column));
        } catch (IllegalArgumentException e) {
            throw invalid(column, "is not colon-separated hex");
        }
    }

    Bytes formattedHex(int column) {
        try {
            return KeaText.formattedHex(source(column), start(column), end(column));
        } catch (IllegalArgumentException e) {
            throw invalid(column, "is not hex");
        }
    }

    Inet6Address ipv6(int column) {
        byte[] text = source(column);
        int start = start(column);
        int end = end(column);
        byte[] address = hexGroups(text, start, end);
        if (address != null) {
            return Addresses.inet6(address);
        }
        // Only hex digits, colons and dots reach the parser, so nothing is ever looked up in DNS.
        if (end - start < 2 || end - start > MAX_IPV6_TEXT || !isIpv6Text(text, start, end)) {
            throw invalid(column, "is not an IPv6 address");
        }
        try {
            return Addresses.parse6(raw(column));
        } catch (IllegalArgumentException e) {
            throw invalid(column, "is not an IPv6 address");
        }
    }

    Inet4Address ipv4(int column) {
        try {
            return Addresses.parse4(raw(column));
        } catch (IllegalArgumentException e) {
            throw invalid(column, "is not an IPv4 address");
        }
    }

    /**
     * The 16 bytes of an IPv6 address written as up to eight groups of one to four hex digits with
     * at most one {@code ::} (the form Kea writes); null for any other text (an embedded IPv4
     * address, or not an address), which the JDK's parser then reads or refuses.
     */
    private static byte[] hexGroups(byte[] text, int start, int end) {
        byte[] address = new byte[16];
        int count = 0;
        int gap = -1;
        int i = start;
        if (end - start >= 2 && text[i] == ':' && text[i + 1] == ':') {
            gap = 0;
            i += 2;
        }
        while (i < end) {
            int value = 0;
            int digits = 0;
            while (i < end && digits <= 4) {
                int digit = KeaText.hexValue(text[i]);
                if (digit < 0) {
                    break;
                }
                value = value << 4 | digit;
                digits++;
                i++;
            }
            if (digits == 0 || digits > 4 || count == 8) {
                return null;
            }
            address[2 * count] = (byte) (value >> 8);
            address[2 * count + 1] = (byte) value;
            count++;
            if (i == end) {
                break;
            }
            if (text[i] != ':' || i + 1 == end) {
                return null;
            }
            i++;
            if (text[i] == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
            }
        }
        if (gap < 0) {
            return count == 8 ? address : null;
        }
        if (count > 7) {
            return null;
        }
        // The groups after the gap move to the end; the gap's groups are zeros.
        int tail = 2 * (count - gap);
        System.arraycopy(address, 2 * gap, address, 16 - tail, tail);
        Arrays.fill(address, 2 * gap, 16 - tail, (byte) 0);
        return address;
    }

    /** Decimal digits only: Kea's {@code lexical_cast} would take "-1" as 4294967295. */
    private long unsigned(int column, long max) {
        byte[] text = source(column);
        int start = start(column);
        int end = end(column);
        long value = 0;
        boolean valid = end > start && end - start <= MAX_DECIMAL_DIGITS;
        for (int i = start; valid && i < end; i++) {
            int c = text[i];
            valid = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        // Nineteen digits can overflow a long, which the sign shows.
        if (!valid || value < 0 || value > max) {
            throw invalid(column, "is not a number from 0 to " + max);
        }
        return value;
    }

    private static boolean isIpv6Text(byte[] text, int start, int end) {
        for (int i = start; i < end; i++) {
            int c = text[i];
            if (!(KeaText.hexValue(c) >= 0 || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private IllegalArgumentException invalid(int column, String problem) {
        String value = raw(column);
        String quoted = value.length() <= QUOTED_LENGTH ? value : value.substring(0, QUOTED_LENGTH) + "...";
        return new IllegalArgumentException(names.get(column) + " '" + quoted + "' " + problem);
    }
}
