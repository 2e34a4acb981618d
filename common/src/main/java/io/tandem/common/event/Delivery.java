package io.tandem.common.event;

/** What a {@link Subscription} hands its reader after the snapshot, in order. */
public sealed interface Delivery {
    /** The next event. */
    record Live(BootEvent event) implements Delivery {
    }

    /** An event whose MAC was not found, as its key's entry now holds it (for readers of every MAC). */
    record Unattributed(UnattributedEntry entry) implements Delivery {
    }

    /**
     * The reader fell behind and {@code count} events, all older than what follows, were dropped
     * from its queue since it was last told.
     */
    record Lost(long count) implements Delivery {
    }
}
