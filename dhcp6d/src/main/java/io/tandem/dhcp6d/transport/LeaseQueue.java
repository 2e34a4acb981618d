package io.tandem.dhcp6d.transport;

/** Where a reply whose bindings changed waits until its lease rows are recorded. */
@FunctionalInterface
public interface LeaseQueue {
    /** Leases kept in memory only ({@code persist: false}): nothing to wait for, the reply goes at once. */
    LeaseQueue IN_MEMORY = pending -> {
        pending.afterWrite().run();
        return true;
    };

    /** Queues rows; false when the queue is full (the caller drops the reply). */
    boolean submit(LeaseWriter.Pending pending);
}
