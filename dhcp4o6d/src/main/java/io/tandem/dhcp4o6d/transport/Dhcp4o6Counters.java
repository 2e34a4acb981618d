package io.tandem.dhcp4o6d.transport;

import io.tandem.common.daemon.DropCounts;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.dhcp4o6d.engine.DropReason4;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** What dhcp4o6d's end of the port pair received, answered, recorded and dropped. Thread-safe. */
final class Dhcp4o6Counters {
    private final DropCounts<DropReason4> drops = new DropCounts<>(DropReason4.class);
    private final LongAdder received = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder recorded = new LongAdder();
    private final LongAdder engineFailures = new LongAdder();
    /** Answers sent, by DHCPv4 message type (DHCPOFFER, DHCPACK, DHCPNAK). */
    private final AtomicLongArray answeredByType = new AtomicLongArray(256);

    void countReceived() {
        received.increment();
    }

    void countAnswer(Dhcp4Message reply) {
        answered.increment();
        reply.messageType().ifPresent(type -> answeredByType.incrementAndGet(type.code()));
    }

    void countRecorded() {
        recorded.increment();
    }

    void countDrop(DropReason4 reason) {
        drops.count(reason);
    }

    void countDrops(DropReason4 reason, int datagrams) {
        drops.count(reason, datagrams);
    }

    void countEngineFailure() {
        engineFailures.increment();
    }

    long received() {
        return received.sum();
    }

    long answered() {
        return answered.sum();
    }

    long recorded() {
        return recorded.sum();
    }

    long engineFailures() {
        return engineFailures.sum();
    }

    long[] answeredByType() {
        long[] counts = new long[answeredByType.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = answeredByType.get(i);
        }
        return counts;
    }

    /** Reasons that never happened are left out. */
    Map<DropReason4, Long> drops() {
        return drops.snapshot();
    }
}
