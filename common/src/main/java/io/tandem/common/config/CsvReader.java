package io.tandem.common.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads comma-separated values as spreadsheets and billing systems export them (RFC 4180):
 * fields in double quotes may hold commas, line breaks and doubled quotes. Blank lines and lines
 * starting with {@code #} are skipped; unquoted fields are trimmed.
 */
public final class CsvReader {
    /** One row and the line it starts on (counting from 1). */
    public record Row(int line, List<String> fields) {
        public Row {
            fields = List.copyOf(fields);
        }
    }

    private CsvReader() {
    }

    /** The rows of {@code text}; an unterminated quote is an {@link IllegalArgumentException} naming its line. */
    public static List<Row> read(String text) {
        List<Row> rows = new ArrayList<>();
        String input = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int line = 1;
        int i = 0;
        while (i < input.length()) {
            int rowLine = line;
            int lineEnd = input.indexOf('\n', i);
            String firstLine = input.substring(i, lineEnd < 0 ? input.length() : lineEnd);
            if (firstLine.isBlank() || firstLine.stripLeading().startsWith("#")) {
                i = lineEnd < 0 ? input.length() : lineEnd + 1;
                line++;
                continue;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (i >= input.length()) {
                    if (quoted) {
                        throw new IllegalArgumentException("line " + rowLine + ": a quoted field is not closed");
                    }
                    fields.add(finishField(field, wasQuoted));
                    break;
                }
                char c = input.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < input.length() && input.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"' && field.toString().isBlank()) {
                    quoted = true;
                    wasQuoted = true;
                    field.setLength(0);
                } else if (c == ',') {
                    fields.add(finishField(field, wasQuoted));
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n') {
                    line++;
                    fields.add(finishField(field, wasQuoted));
                    break;
                } else if (wasQuoted) {
                    if (!Character.isWhitespace(c)) {
                        throw new IllegalArgumentException("line " + line + ": text after a closing quote");
                    }
                } else if (c != '\r') {
                    field.append(c);
                }
            }
            rows.add(new Row(rowLine, fields));
        }
        return rows;
    }

    private static String finishField(StringBuilder field, boolean wasQuoted) {
        return wasQuoted ? field.toString() : field.toString().strip();
    }
}
