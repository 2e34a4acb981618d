package io.tandem.dhcp6d.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The differences between kea-dhcp6 and dhcp6d that the harness knows of, from
 * {@value #FILE_NAME}: per scenario step, Kea's line and dhcp6d's line, and either
 * {@code "deliberate"} (the RFC 9915 section that decides it, and why: these make README.md's
 * "Where Tandem differs from Kea" table), {@code "known-bug"} (the number of the behaviour in
 * issue 12 that is being fixed) or {@code "untriaged"} (what the harness found that issue 12 does
 * not list, until it is decided). Known bugs and untriaged differences are expected failures: the
 * scenario is skipped with the reason. {@link #judge} says what a scenario's two transcripts mean.
 */
record Differences(List<Entry> entries) {
    static final String FILE_NAME = "differences.json";

    /** One known difference. Exactly one of {@code deliberate}, {@code knownBug} and {@code untriaged} is present. */
    record Entry(String scenario, String step, String kea, String dhcp6d, Optional<String> deliberate,
            Optional<Integer> knownBug, Optional<String> untriaged, String why) {
        /** How the skip reason names it. */
        String expected() {
            return knownBug.map(number -> "known bug (issue 12 behaviour " + number + ")")
                    .orElseGet(() -> "untriaged difference (" + untriaged.orElseThrow() + ")");
        }
    }

    /** What a scenario's comparison comes to. */
    sealed interface Verdict permits Same, KnownBugs, Failed {
    }

    /** The same meaning in every step, or differences that are all deliberate and as recorded. */
    record Same(String report) implements Verdict {
    }

    /** Differences that are all recorded known bugs or untriaged: an expected failure, skipped with this reason. */
    record KnownBugs(String reason) implements Verdict {
    }

    /** An unexplained difference, a recorded one that changed, or a known bug that is fixed. */
    record Failed(String report) implements Verdict {
    }

    static Differences read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode entry : new ObjectMapper().readTree(file.toFile()).path("differences")) {
            Optional<String> deliberate = entry.has("deliberate") ? Optional.of(entry.path("deliberate").asText())
                    : Optional.empty();
            Optional<Integer> knownBug = entry.has("known-bug") ? Optional.of(entry.path("known-bug").asInt())
                    : Optional.empty();
            Optional<String> untriaged = entry.has("untriaged") ? Optional.of(entry.path("untriaged").asText())
                    : Optional.empty();
            if (Stream.of(deliberate, knownBug, untriaged).filter(Optional::isPresent).count() != 1) {
                throw new IllegalArgumentException(FILE_NAME + ": " + entry
                        + " must be exactly one of deliberate, known-bug and untriaged");
            }
            entries.add(new Entry(entry.path("scenario").asText(), entry.path("step").asText(),
                    entry.path("kea").asText(), entry.path("dhcp6d").asText(), deliberate, knownBug, untriaged,
                    entry.path("why").asText()));
        }
        return new Differences(List.copyOf(entries));
    }

    /** Compares Kea's and dhcp6d's transcripts of {@code scenario}, step by step, against the recorded differences. */
    Verdict judge(String scenario, Map<String, String> keaLines, Map<String, String> ourLines) {
        Set<String> steps = new LinkedHashSet<>(keaLines.keySet());
        steps.addAll(ourLines.keySet());
        StringBuilder report = new StringBuilder();
        List<String> bugs = new ArrayList<>();
        boolean failed = false;
        for (String step : steps) {
            String keaLine = keaLines.getOrDefault(step, "(step not run)");
            String ourLine = ourLines.getOrDefault(step, "(step not run)");
            boolean same = AnswerText.meaning(keaLine).equals(AnswerText.meaning(ourLine));
            Optional<Entry> known = entries.stream()
                    .filter(e -> e.scenario().equals(scenario) && e.step().equals(step)).findFirst();
            String mark;
            if (known.isEmpty()) {
                mark = same ? "  " : "✗ unexplained difference: ";
                failed |= !same;
            } else if (same) {
                mark = "✗ recorded in " + FILE_NAME + " but now the same (remove the entry): ";
                failed = true;
            } else if (known.get().deliberate().isPresent()) {
                boolean asRecorded = keaLine.equals(known.get().kea()) && ourLine.equals(known.get().dhcp6d());
                mark = asRecorded ? "  deliberate (RFC 9915 " + known.get().deliberate().get() + "): "
                        : "✗ deliberate difference no longer as recorded: ";
                failed |= !asRecorded;
            } else if (!keaLine.equals(known.get().kea())) {
                mark = "✗ Kea's answer is no longer as recorded for the " + known.get().expected() + ": ";
                failed = true;
            } else {
                mark = "  " + known.get().expected() + ": ";
                bugs.add(known.get().expected() + " at step \"" + step + "\"");
            }
            report.append(mark).append(step).append("\n    kea:    ").append(keaLine)
                    .append("\n    dhcp6d: ").append(ourLine).append('\n');
        }
        if (failed) {
            return new Failed(scenario + ":\n" + report);
        }
        if (!bugs.isEmpty()) {
            return new KnownBugs(scenario + ": expected difference: " + String.join(", ", bugs) + "\n" + report);
        }
        return new Same(report.toString());
    }

    /**
     * README.md's table of the deliberate differences, one row per entry, in the file's order; the
     * answers without their Relay-Reply layers, which both servers build alike.
     */
    String readmeTable() {
        StringBuilder table = new StringBuilder("| scenario, step | Kea 2.2 answers | dhcp6d answers | RFC 9915 | why |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (Entry entry : entries) {
            entry.deliberate().ifPresent(section -> table.append("| ").append(entry.scenario()).append(", ")
                    .append(entry.step()).append(" | `").append(withoutRelayLayers(entry.kea())).append("` | `")
                    .append(withoutRelayLayers(entry.dhcp6d())).append("` | ").append(section).append(" | ")
                    .append(entry.why()).append(" |\n"));
        }
        return table.toString();
    }

    private static String withoutRelayLayers(String line) {
        return line.replaceAll("(RELAY-REPL\\([^)]*\\) )+", "");
    }
}
