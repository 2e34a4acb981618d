package io.tandem.common.lease;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first line of a lease file: the column names in file order. Kea 2.2 insists on its own
 * order; Tandem finds columns by name, so other orders and extra columns (Kea 2.4's
 * {@code pool_id}) read too.
 */
public final class CsvHeader {
    private final List<String> columns;
    private final Map<String, Integer> indexes = new HashMap<>();

    private CsvHeader(List<String> columns) {
        this.columns = List.copyOf(columns);
        for (int i = 0; i < this.columns.size(); i++) {
            String column = this.columns.get(i);
            if (column.isEmpty()) {
                throw new IllegalArgumentException("column " + (i + 1) + " of the header has no name");
            }
            if (indexes.putIfAbsent(column, i) != null) {
                throw new IllegalArgumentException("the header names column '" + column + "' twice");
            }
        }
    }

    public static CsvHeader of(List<String> columns) {
        return new CsvHeader(columns);
    }

    /** Reads a header line as Kea's {@code CSVRow} splits it: at every comma. */
    public static CsvHeader parse(String line) {
        return new CsvHeader(List.of(line.split(",", -1)));
    }

    public List<String> columns() {
        return columns;
    }

    public boolean contains(String column) {
        return indexes.containsKey(column);
    }

    public String line() {
        return String.join(",", columns);
    }

    /** The position of a column, or -1. */
    int indexOf(String column) {
        return indexes.getOrDefault(column, -1);
    }

    /**
     * The value of a column this header lacks, when reading and when writing: Kea's default of
     * {@code state} (older files) and of {@code pool_id} (Kea 2.4 and later) is 0, every other
     * column's is empty.
     */
    static String defaultValue(String column) {
        return column.equals("state") || column.equals("pool_id") ? "0" : "";
    }

    /** A row to write under this header. */
    RowWriter rowWriter() {
        return new RowWriter();
    }

    /**
     * A row being written: values put by column name land in this header's order, and a column
     * the header lacks is left out. A lease row is written for every committed binding, so the
     * values go straight into their slots, not through a map.
     */
    final class RowWriter {
        private final String[] values = new String[columns.size()];

        void put(String column, String value) {
            int index = indexOf(column);
            if (index >= 0) {
                values[index] = value;
            }
        }

        /** The row, with the column's default where no value was put. */
        String line() {
            StringBuilder line = new StringBuilder(160);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(values[i] != null ? values[i] : defaultValue(columns.get(i)));
            }
            return line.toString();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CsvHeader that && columns.equals(that.columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        return line();
    }
}
