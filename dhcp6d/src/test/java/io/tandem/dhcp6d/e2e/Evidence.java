package io.tandem.dhcp6d.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the text a failing end-to-end test shows: named sections, each cut to its last lines. */
final class Evidence {
    private static final int MAX_SECTION = 12_000;
    private final StringBuilder text = new StringBuilder();

    Evidence section(String title, String body) {
        int cut = body.length() - MAX_SECTION;
        String shown = cut > 0 ? "[... " + cut + " characters before ...]\n" + body.substring(cut) : body;
        text.append("\n===== ").append(title).append(" =====\n").append(shown.isEmpty() ? "(empty)\n" : shown);
        if (!shown.endsWith("\n")) {
            text.append('\n');
        }
        return this;
    }

    Evidence file(String title, Path file) {
        return section(title + " (" + file + ")", read(file));
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "(no such file)";
        } catch (IOException e) {
            return "(cannot read: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
