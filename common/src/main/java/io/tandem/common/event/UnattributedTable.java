package io.tandem.common.event;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The {@link UnattributedEvent}s, one entry per key (the latest event, with a count), bounded
 * like the MAC table: at most {@code maxKeys}, the least recently seen evicted first. A client
 * with no MAC asks again and again; one line per DUID says so without growing. Guarded by the
 * {@link EventBus}'s lock, like the subscriptions it feeds.
 */
final class UnattributedTable {
    private final int maxKeys;
    /** Least recently seen first. */
    private final LinkedHashMap<String, UnattributedEntry> entries = new LinkedHashMap<>();

    UnattributedTable(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    /** Records {@code event} as its key's latest; returns the key's entry now. */
    UnattributedEntry record(UnattributedEvent event) {
        UnattributedEntry known = entries.remove(event.key());
        if (known == null && entries.size() >= maxKeys) {
            Iterator<String> eldest = entries.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        UnattributedEntry entry = known == null ? new UnattributedEntry(event, event.timestamp(), 1)
                : new UnattributedEntry(event, known.firstSeen(), known.count() + 1);
        entries.put(event.key(), entry);
        return entry;
    }

    /** Every entry, the least recently seen first. */
    List<UnattributedEntry> snapshot() {
        return new ArrayList<>(entries.values());
    }

    int size() {
        return entries.size();
    }
}
