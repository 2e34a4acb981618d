package io.tandem.common.wire.dhcp4;

import io.tandem.common.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Byte tables as test vectors are written: hex digits (spaces between bytes optional), {@code "text"}
 * for ASCII, {@code XX*N} for the byte XX repeated N times, and {@code #} comments to the end of
 * the line.
 */
final class AnnotatedHex {
    private AnnotatedHex() {
    }

    static byte[] parse(String table) {
        WireWriter out = new WireWriter(600);
        for (String line : table.split("\n")) {
            String content = uncommented(line);
            int i = 0;
            while (i < content.length()) {
                char c = content.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '"') {
                    int close = content.indexOf('"', i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("unterminated text in: " + line);
                    }
                    out.bytes(content.substring(i + 1, close).getBytes(StandardCharsets.US_ASCII));
                    i = close + 1;
                } else {
                    int end = i;
                    while (end < content.length() && !Character.isWhitespace(content.charAt(end))) {
                        end++;
                    }
                    token(content.substring(i, end), out, line);
                    i = end;
                }
            }
        }
        return out.toByteArray();
    }

    private static String uncommented(String line) {
        boolean inText = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                inText = !inText;
            } else if (c == '#' && !inText) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static void token(String token, WireWriter out, String line) {
        int star = token.indexOf('*');
        if (star >= 0) {
            int value = HexFormat.fromHexDigits(token.substring(0, star));
            int count = Integer.parseInt(token.substring(star + 1));
            for (int k = 0; k < count; k++) {
                out.u8(value);
            }
        } else if (token.length() % 2 == 0) {
            out.bytes(HexFormat.of().parseHex(token));
        } else {
            throw new IllegalArgumentException("odd number of hex digits in '" + token + "' of: " + line);
        }
    }
}
