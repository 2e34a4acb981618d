package io.tandem.common.event;

import io.tandem.common.identity.MacAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The recent events of each MAC, in memory and bounded: at most {@code maxMacs} MACs (the least
 * recently seen, by its latest event, is evicted first) and {@code maxEventsPerMac} events per MAC
 * (the oldest dropped first). Thread-safe.
 *
 * <p>Recording an event costs O(1) amortised, and a {@link #snapshot()} O(MACs) reference copies:
 * each MAC's events live in an append-only array whose filled slots are never rewritten, so a
 * snapshot's view of them stays valid however many events follow. The price is memory: up to
 * twice {@code maxEventsPerMac} slots per MAC.
 */
public final class EventTable {
    private final int maxMacs;
    private final int maxEventsPerMac;
    /** Least recently seen first; guarded by {@code this}. */
    private final LinkedHashMap<MacAddress, MacLog> macs = new LinkedHashMap<>();
    private long evicted;

    public EventTable(int maxMacs, int maxEventsPerMac) {
        if (maxMacs < 1 || maxEventsPerMac < 1) {
            throw new IllegalArgumentException("an event table holds at least one MAC and one event per MAC, not "
                    + maxMacs + " and " + maxEventsPerMac);
        }
        this.maxMacs = maxMacs;
        this.maxEventsPerMac = maxEventsPerMac;
    }

    public int maxMacs() {
        return maxMacs;
    }

    public int maxEventsPerMac() {
        return maxEventsPerMac;
    }

    /** Adds {@code event} to its MAC's entry, which becomes the most recently seen. */
    public synchronized void record(BootEvent event) {
        MacLog log = take(event.mac());
        log.append(event, maxEventsPerMac);
        macs.put(event.mac(), log);
    }

    /**
     * Like {@link #record}, with the events that {@code event} implies recorded before it:
     * {@code init} when the MAC has no entry (never seen, or evicted), and {@code duid_changed}
     * when the event's {@code duid} differs from the last one the MAC's events named (a
     * {@code released} or {@code declined} event neither makes nor moves one).
     *
     * @return what was recorded, in order, {@code event} last
     */
    public synchronized List<BootEvent> observe(BootEvent event) {
        MacLog known = macs.remove(event.mac());
        MacLog log = known != null ? known : fresh();
        List<BootEvent> recorded = new ArrayList<>(2);
        if (known == null && !event.name().equals(EventNames.INIT)) {
            recorded.add(BootEvent.of(event.mac(), EventNames.INIT, event.timestamp()));
        }
        String duid = event.details().get(EventNames.DUID_DETAIL);
        // A client ending a binding is not the MAC coming back: firmware releases its leases after
        // iPXE has taken over, and that is no change of DUID.
        boolean ending = event.name().equals(EventNames.RELEASED) || event.name().equals(EventNames.DECLINED);
        if (duid != null && !duid.isEmpty() && !ending) {
            if (log.lastDuid != null && !log.lastDuid.equals(duid)) {
                recorded.add(BootEvent.of(event.mac(), EventNames.DUID_CHANGED, event.timestamp())
                        .with("previous-duid", log.lastDuid).with(EventNames.DUID_DETAIL, duid));
            }
            log.lastDuid = duid;
        }
        recorded.add(event);
        for (BootEvent each : recorded) {
            log.append(each, maxEventsPerMac);
        }
        macs.put(event.mac(), log);
        return recorded;
    }

    /** The MAC's log, out of the map (to go back in as the most recently seen), or a new one. */
    private MacLog take(MacAddress mac) {
        MacLog log = macs.remove(mac);
        return log != null ? log : fresh();
    }

    /** A log for a MAC the table does not hold, evicting the least recently seen MAC when the table is full. */
    private MacLog fresh() {
        if (macs.size() >= maxMacs) {
            Iterator<MacAddress> eldest = macs.keySet().iterator();
            eldest.next();
            eldest.remove();
            evicted++;
        }
        return new MacLog();
    }

    /** Every MAC's events, the least recently seen MAC first. */
    public synchronized TableSnapshot snapshot() {
        List<MacEntry> entries = new ArrayList<>(macs.size());
        macs.forEach((mac, log) -> entries.add(new MacEntry(mac, log.view())));
        return new TableSnapshot(entries);
    }

    /** That MAC's events, or empty when the table has none (never seen, or evicted). */
    public synchronized Optional<MacEntry> entry(MacAddress mac) {
        MacLog log = macs.get(mac);
        return log == null ? Optional.empty() : Optional.of(new MacEntry(mac, log.view()));
    }

    public synchronized boolean contains(MacAddress mac) {
        return macs.containsKey(mac);
    }

    /** MACs held now. */
    public synchronized int size() {
        return macs.size();
    }

    /** MACs evicted to make room since the table was made. */
    public synchronized long evicted() {
        return evicted;
    }

    /** One MAC's events: slots {@code [start, end)} of {@code slots}, append-only. */
    private static final class MacLog {
        private BootEvent[] slots = new BootEvent[2];
        private int start;
        private int end;
        /** The DUID of the MAC's latest event that named one, even when that event has been dropped. */
        private String lastDuid;

        void append(BootEvent event, int max) {
            if (end - start == max) {
                start++;
            }
            if (end == slots.length) {
                int size = end - start;
                BootEvent[] fresh = new BootEvent[Math.min(Math.max(4, 2 * size), 2 * max)];
                System.arraycopy(slots, start, fresh, 0, size);
                slots = fresh;
                start = 0;
                end = size;
            }
            slots[end++] = event;
        }

        List<BootEvent> view() {
            return Collections.unmodifiableList(Arrays.asList(slots).subList(start, end));
        }
    }
}
