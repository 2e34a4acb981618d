package io.tandem.dhcp6d.transport;

import io.tandem.common.daemon.DropCounts;
import io.tandem.dhcp6d.engine.DropReason6;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** What dhcp6d's DHCPv6 socket received, sent and dropped, for metrics and the shutdown line. Thread-safe. */
final class Dhcp6Counters {
    private final DropCounts<DropReason6> drops = new DropCounts<>(DropReason6.class);
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder engineFailures = new LongAdder();
    /** By the first byte of the datagram: the message type, RELAY-FORW or RELAY-REPL when relayed. */
    private final AtomicLongArray receivedByType = new AtomicLongArray(256);
    private final AtomicLongArray sentByType = new AtomicLongArray(256);

    void countReceived(byte[] datagram) {
        received.increment();
        if (datagram.length > 0) {
            receivedByType.incrementAndGet(datagram[0] & 0xff);
        }
    }

    /** A datagram sent, by its first byte. */
    void countSent(int firstByte) {
        sent.increment();
        sentByType.incrementAndGet(firstByte & 0xff);
    }

    void countDrop(DropReason6 reason) {
        drops.count(reason);
    }

    void countDrops(DropReason6 reason, int datagrams) {
        drops.count(reason, datagrams);
    }

    void countEngineFailure() {
        engineFailures.increment();
    }

    long received() {
        return received.sum();
    }

    long sent() {
        return sent.sum();
    }

    long engineFailures() {
        return engineFailures.sum();
    }

    long[] receivedByType() {
        return snapshot(receivedByType);
    }

    long[] sentByType() {
        return snapshot(sentByType);
    }

    private static long[] snapshot(AtomicLongArray counts) {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    /** Reasons that never happened are left out. */
    Map<DropReason6, Long> drops() {
        return drops.snapshot();
    }
}
