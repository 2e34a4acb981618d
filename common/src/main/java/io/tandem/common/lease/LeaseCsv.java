package io.tandem.common.lease;

import io.tandem.common.wire.Addresses;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A family's lease rows as Kea's memfile writes them ({@code CSVLeaseFile4}/{@code CSVLeaseFile6}):
 * one lease per line, values separated by commas, text columns escaped with {@code &#x}, hex in
 * colon form, booleans as 0/1, empty where Kea writes nothing. Columns are found through the
 * file's header, so rows in another column order or with extra columns read too; a header that
 * lacks a column Kea 2.2 added after {@code hostname} reads with Kea's default for it, as Kea
 * reads an older file.
 *
 * @param <L> the lease record
 */
public abstract sealed class LeaseCsv<L extends Lease> permits LeaseCsv6, LeaseCsv4 {
    private final CsvHeader keaHeader;
    private final List<String> keaColumns;
    private final List<String> requiredColumns;

    LeaseCsv(List<String> keaColumns) {
        this.keaHeader = CsvHeader.of(keaColumns);
        this.keaColumns = keaColumns;
        // Kea's setMinimumValidColumns("hostname"): a header must have every column up to hostname.
        this.requiredColumns = keaColumns.subList(0, keaColumns.indexOf("hostname") + 1);
    }

    /** The header Kea 2.2 writes, and Tandem writes on a new file. */
    public final CsvHeader keaHeader() {
        return keaHeader;
    }

    /** Checks that rows can be read under {@code header}: it has every column through {@code hostname}. */
    public final void checkHeader(CsvHeader header) {
        List<String> missing = new ArrayList<>();
        for (String column : requiredColumns) {
            if (!header.contains(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the header lacks column(s) " + String.join(", ", missing));
        }
    }

    /** Reads a row laid out as {@code header}; {@link IllegalArgumentException} says what is wrong with it. */
    public final L parse(String line, CsvHeader header) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return read(rowReader(header).read(bytes, 0, bytes.length));
    }

    /** A reader of the rows of a file laid out as {@code header}, reused for every row. */
    final CsvRow rowReader(CsvHeader header) {
        return new CsvRow(header, keaColumns);
    }

    /** Reads a row laid out as Kea 2.2 writes it. */
    public final L parse(String line) {
        return parse(line, keaHeader);
    }

    /** Writes a row (without its line end) laid out as {@code header}; columns Tandem does not know get Kea's default. */
    public final String encode(L lease, CsvHeader header) {
        CsvHeader.RowWriter values = header.rowWriter();
        values.put("address", Addresses.text(lease.address()));
        values.put("valid_lifetime", Long.toString(lease.validLifetime()));
        values.put("expire", Long.toString(lease.expire()));
        values.put("subnet_id", Long.toString(lease.subnetId()));
        values.put("fqdn_fwd", lease.fqdnForward() ? "1" : "0");
        values.put("fqdn_rev", lease.fqdnReverse() ? "1" : "0");
        values.put("hostname", KeaText.escape(lease.hostname()));
        values.put("state", Integer.toString(lease.state().code()));
        values.put("user_context", KeaText.escape(lease.userContext()));
        writeFamilyColumns(lease, values);
        return values.line();
    }

    /** Writes a row (without its line end) laid out as Kea 2.2 writes it. */
    public final String encode(L lease) {
        return encode(lease, keaHeader);
    }

    /** The lease of the row {@code row} has just read; its columns are named by their place in the Kea 2.2 list given above. */
    abstract L read(CsvRow row);

    /** Adds the values of the columns only this family has, by Kea column name, in their file form. */
    abstract void writeFamilyColumns(L lease, CsvHeader.RowWriter values);
}
