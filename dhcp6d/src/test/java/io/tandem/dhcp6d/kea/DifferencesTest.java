package io.tandem.dhcp6d.kea;

import io.tandem.common.testing.Differences;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the harness makes of two transcripts, given what differences.json records. */
class DifferencesTest {
    private static final String SCENARIO = "f.json / s";
    private static final String KEA = "REPLY cid=echoed sid=S1 status=NoBinding options={}";
    private static final String OURS = "REPLY cid=echoed sid=S1 status=Success options={}";

    private static final Differences NONE = new Differences(List.of(), "dhcp6d", "RFC 9915", AnswerText::meaning);

    private static Differences recorded(Optional<String> deliberate, Optional<Integer> knownBug) {
        return new Differences(List.of(new Differences.Entry(SCENARIO, "1 release", KEA, OURS, deliberate, knownBug,
                Optional.empty(), "why")), "dhcp6d", "RFC 9915", AnswerText::meaning);
    }

    private static Map<String, String> lines(String... stepsAndLines) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (int i = 0; i < stepsAndLines.length; i += 2) {
            lines.put(stepsAndLines[i], stepsAndLines[i + 1]);
        }
        return lines;
    }

    @Test
    void anImpliedSuccessMeansSuccess() {
        assertInstanceOf(Differences.Same.class, NONE.judge(SCENARIO, lines("1", "status=(Success)"),
                lines("1", "status=Success")));
    }

    @Test
    void anUnrecordedDifferenceFails() {
        Differences.Verdict verdict = NONE.judge(SCENARIO, lines("1 release", KEA),
                lines("1 release", OURS));
        assertInstanceOf(Differences.Failed.class, verdict);
        assertTrue(((Differences.Failed) verdict).report().startsWith(SCENARIO), verdict::toString);
    }

    @Test
    void aStepOnlyOneServerRanFails() {
        assertInstanceOf(Differences.Failed.class, NONE.judge(SCENARIO,
                lines("1", "no answer", "2", "no answer"), lines("1", "no answer")));
    }

    @Test
    void aDeliberateDifferencePassesOnlyAsRecorded() {
        Differences deliberate = recorded(Optional.of("§18.3.7"), Optional.empty());
        assertInstanceOf(Differences.Same.class, deliberate.judge(SCENARIO, lines("1 release", KEA),
                lines("1 release", OURS)));
        assertInstanceOf(Differences.Failed.class, deliberate.judge(SCENARIO, lines("1 release", KEA),
                lines("1 release", "no answer")));
    }

    @Test
    void aKnownBugIsSkippedWhileItDiffersAndFailsOnceItAgrees() {
        Differences bug = recorded(Optional.empty(), Optional.of(4));
        Differences.Verdict differing = bug.judge(SCENARIO, lines("1 release", KEA), lines("1 release", "no answer"));
        assertInstanceOf(Differences.KnownBugs.class, differing);
        assertTrue(((Differences.KnownBugs) differing).reason().contains("issue 12 behaviour 4"), differing::toString);
        assertInstanceOf(Differences.Failed.class, bug.judge(SCENARIO, lines("1 release", KEA),
                lines("1 release", KEA)));
    }

    @Test
    void aKnownBugFailsWhenKeasAnswerIsNotTheRecordedOne() {
        assertInstanceOf(Differences.Failed.class, recorded(Optional.empty(), Optional.of(4)).judge(SCENARIO,
                lines("1 release", "no answer"), lines("1 release", OURS)));
    }
}
