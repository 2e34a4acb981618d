package io.tandem.common.daemon;

import io.tandem.common.engine.DropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Datagrams a daemon dropped, by reason, for its metrics and its shutdown line. Thread-safe. */
public final class DropCounts<R extends Enum<R>> {
    private final Class<R> reasons;
    private final Map<R, LongAdder> counts;

    public DropCounts(Class<R> reasons) {
        this.reasons = reasons;
        this.counts = new EnumMap<>(reasons);
        for (R reason : reasons.getEnumConstants()) {
            counts.put(reason, new LongAdder());
        }
    }

    public void count(R reason) {
        counts.get(reason).increment();
    }

    public void count(R reason, int datagrams) {
        counts.get(reason).add(datagrams);
    }

    /** {@code no-subnet 3, malformed 1} (the reasons' labels, as in the metrics), or {@code none}: for log lines. */
    public static String text(Map<? extends DropReason, Long> drops) {
        return drops.isEmpty() ? "none" : drops.entrySet().stream()
                .map(entry -> entry.getKey().label() + " " + entry.getValue()).collect(Collectors.joining(", "));
    }

    /** The counts so far; reasons that never happened are left out. */
    public Map<R, Long> snapshot() {
        Map<R, Long> snapshot = new EnumMap<>(reasons);
        counts.forEach((reason, count) -> {
            if (count.sum() > 0) {
                snapshot.put(reason, count.sum());
            }
        });
        return snapshot;
    }
}
