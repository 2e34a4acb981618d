package io.tandem.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The differences between a Kea server and its Tandem counterpart ({@code ours}: dhcp6d against
 * kea-dhcp6, dhcp4o6d against kea-dhcp4) that a conformance harness knows of, from
 * {@value #FILE_NAME}: per scenario step, Kea's line and ours, and either {@code "deliberate"}
 * (the section of {@code rfc} that decides it, and why: these make README.md's "Where Tandem
 * differs from Kea" tables), {@code "known-bug"} (the number of the behaviour in issue 12 that is
 * being fixed) or {@code "untriaged"} (what the harness found that issue 12 does not list, until it
 * is decided). Known bugs and untriaged differences are expected failures: the scenario is skipped
 * with the reason. {@link #judge} says what a scenario's two transcripts mean; {@code meaning}
 * turns a line into what it means (two lines that mean the same are no difference).
 */
public record Differences(List<Entry> entries, String ours, String rfc, UnaryOperator<String> meaning) {
    public static final String FILE_NAME = "differences.json";

    /** One known difference. Exactly one of {@code deliberate}, {@code knownBug} and {@code untriaged} is present. */
    public record Entry(String scenario, String step, String kea, String ours, Optional<String> deliberate,
            Optional<Integer> knownBug, Optional<String> untriaged, String why) {
        /** How the skip reason names it. */
        String expected() {
            return knownBug.map(number -> "known bug (issue 12 behaviour " + number + ")")
                    .orElseGet(() -> "untriaged difference (" + untriaged.orElseThrow() + ")");
        }
    }

    /** What a scenario's comparison comes to. */
    public sealed interface Verdict permits Same, KnownBugs, Failed {
    }

    /** The same meaning in every step, or differences that are all deliberate and as recorded. */
    public record Same(String report) implements Verdict {
    }

    /** Differences that are all recorded known bugs or untriaged: an expected failure, skipped with this reason. */
    public record KnownBugs(String reason) implements Verdict {
    }

    /** An unexplained difference, a recorded one that changed, or a known bug that is fixed. */
    public record Failed(String report) implements Verdict {
    }

    /** The entries of {@code file}, whose lines of ours are under the key {@code ours}. */
    public static Differences read(Path file, String ours, String rfc, UnaryOperator<String> meaning)
            throws IOException {
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
                    entry.path("kea").asText(), entry.path(ours).asText(), deliberate, knownBug, untriaged,
                    entry.path("why").asText()));
        }
        return new Differences(List.copyOf(entries), ours, rfc, meaning);
    }

    /** Compares Kea's transcript and ours of {@code scenario}, step by step, against the recorded differences. */
    public Verdict judge(String scenario, Map<String, String> keaLines, Map<String, String> ourLines) {
        Set<String> steps = new LinkedHashSet<>(keaLines.keySet());
        steps.addAll(ourLines.keySet());
        StringBuilder report = new StringBuilder();
        List<String> bugs = new ArrayList<>();
        boolean failed = false;
        for (String step : steps) {
            String keaLine = keaLines.getOrDefault(step, "(step not run)");
            String ourLine = ourLines.getOrDefault(step, "(step not run)");
            boolean same = meaning.apply(keaLine).equals(meaning.apply(ourLine));
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
                boolean asRecorded = keaLine.equals(known.get().kea()) && ourLine.equals(known.get().ours());
                mark = asRecorded ? "  deliberate (" + rfc + " " + known.get().deliberate().get() + "): "
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
                    .append("\n    ").append(ours).append(": ").append(ourLine).append('\n');
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
     * With {@code -Dconformance.record=FILE}: appends each differing step of {@code scenario} that
     * is not recorded to FILE as a JSON line ({@code scenario}, {@code step}, {@code kea} and ours),
     * for classifying into {@value #FILE_NAME}.
     */
    public void recordIfAsked(String scenario, Map<String, String> keaLines, Map<String, String> ourLines)
            throws IOException {
        Optional<String> file = Optional.ofNullable(System.getProperty("conformance.record")).filter(f -> !f.isBlank());
        if (file.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        ObjectMapper json = new ObjectMapper();
        Set<String> steps = new LinkedHashSet<>(keaLines.keySet());
        steps.addAll(ourLines.keySet());
        for (String step : steps) {
            String keaLine = keaLines.getOrDefault(step, "(step not run)");
            String ourLine = ourLines.getOrDefault(step, "(step not run)");
            boolean recorded = entries.stream().anyMatch(e -> e.scenario().equals(scenario) && e.step().equals(step));
            if (!recorded && !meaning.apply(keaLine).equals(meaning.apply(ourLine))) {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("scenario", scenario);
                entry.put("step", step);
                entry.put("kea", keaLine);
                entry.put(ours, ourLine);
                lines.append(json.writeValueAsString(entry)).append('\n');
            }
        }
        Files.writeString(Path.of(file.get()), lines.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * README.md's table of the deliberate differences, one row per entry, in the file's order; the
     * answers without their Relay-Reply layers, which both servers build alike.
     */
    public String readmeTable() {
        StringBuilder table = new StringBuilder("| scenario, step | Kea 2.2 answers | " + ours + " answers | " + rfc
                + " | why |\n| --- | --- | --- | --- | --- |\n");
        for (Entry entry : entries) {
            entry.deliberate().ifPresent(section -> table.append("| ").append(entry.scenario()).append(", ")
                    .append(entry.step()).append(" | `").append(withoutRelayLayers(entry.kea())).append("` | `")
                    .append(withoutRelayLayers(entry.ours())).append("` | ").append(section).append(" | ")
                    .append(entry.why()).append(" |\n"));
        }
        return table.toString();
    }

    private static String withoutRelayLayers(String line) {
        return line.replaceAll("(RELAY-REPL\\([^)]*\\) )+", "");
    }
}
