package io.tandem.common.event;

import io.tandem.common.identity.MacAddress;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The recent events of each MAC, in memory and bounded: at most {@code maxMacs} MACs (the least
 * recently seen, by its latest event, is evicted first) and {@code maxEventsPerMac} events per MAC
 * (the oldest dropped first). Thread-safe.
 *
 * <p>Recording an event costs O(1) amortised, and a {@link #snapshot()} O(MACs): each MAC's events
 * live packed ({@link PackedEvent}) one after the other in one byte array whose written bytes are
 * never rewritten once a view may hold it, so a snapshot's view of them stays valid however many
 * events follow; they are made {@link BootEvent}s again each time a view is read. An array no view
 * has seen is reused in place: for the MAC that takes its slot, and for its own log when full. The
 * price is memory: up to about twice a MAC's events' bytes.
 *
 * <p>Why so, and not a map of lists of events: the table keeps each MAC's events for seconds
 * under load, past a young collection, and the collector copies all it holds into the old
 * generation. A {@code LinkedHashMap} entry, a {@code MacAddress}, a list and a dozen objects per
 * {@link BootEvent} made that 2.7 MB a collection and most of dhcp6d's young pauses (README "Speed
 * against Kea"). Here a MAC costs one byte array and its last DUID's string; the MACs, their
 * order of use and the index over them are arrays of numbers, made once and grown by doubling.
 */
public final class EventTable {
    private static final int NONE = -1;
    private static final int FIRST_CAPACITY = 64;
    private static final int FIRST_LOG_BYTES = 192;
    /** The most one MAC's log may take: near the largest array a JVM makes. */
    private static final int MAX_LOG_BYTES = Integer.MAX_VALUE - 16;

    private final int maxMacs;
    private final int maxEventsPerMac;
    // All below guarded by this.
    private final PackedEvent.Packer packer = new PackedEvent.Packer();
    /** Open addressing over the slots' MACs, linear probing: a slot plus one, or 0 where empty; a power of two long. */
    private int[] index;
    /** By slot: the MAC as a number, its neighbours in the order of use, its events and its last DUID. */
    private long[] macs;
    private int[] older;
    private int[] newer;
    private byte[][] logs;
    /** By slot: where in its log the oldest kept event starts and where the next one goes, and how many it holds. */
    private int[] logStart;
    private int[] logEnd;
    private int[] logCount;
    /** By slot: the DUID of the MAC's latest event that named one, even when that event has been dropped. */
    private String[] lastDuid;
    /**
     * Whether a view may hold the slot's log array: set when one is made ({@link #entry(int)}),
     * cleared when the slot moves to an array no view has seen. An array no view holds is
     * rewritten in place when its MAC is evicted or its log is full, rather than left to the
     * collector: under a boot storm's new MACs, arrays dropped at that rate filled the old
     * generation, a full collection about every 30 s at 7,000 new MACs a second.
     */
    private boolean[] shown;
    /** Slots in use: 0 to {@code used - 1}; a full table reuses its least recently seen MAC's. */
    private int used;
    private int eldest = NONE;
    private int newest = NONE;
    private long evicted;

    public EventTable(int maxMacs, int maxEventsPerMac) {
        if (maxMacs < 1 || maxEventsPerMac < 1) {
            throw new IllegalArgumentException("an event table holds at least one MAC and one event per MAC, not "
                    + maxMacs + " and " + maxEventsPerMac);
        }
        this.maxMacs = maxMacs;
        this.maxEventsPerMac = maxEventsPerMac;
        allocate(Math.min(maxMacs, FIRST_CAPACITY));
    }

    public int maxMacs() {
        return maxMacs;
    }

    public int maxEventsPerMac() {
        return maxEventsPerMac;
    }

    /** Adds {@code event} to its MAC's entry, which becomes the most recently seen. */
    public synchronized void record(BootEvent event) {
        int slot = find(event.mac().toLong());
        append(slot != NONE ? slot : claim(event.mac().toLong()), event);
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
        long mac = event.mac().toLong();
        int slot = find(mac);
        List<BootEvent> recorded = new ArrayList<>(2);
        if (slot == NONE) {
            slot = claim(mac);
            if (!event.name().equals(EventNames.INIT)) {
                recorded.add(BootEvent.of(event.mac(), EventNames.INIT, event.timestamp()));
            }
        }
        String duid = event.details().get(EventNames.DUID_DETAIL);
        // A client ending a binding is not the MAC coming back: firmware releases its leases after
        // iPXE has taken over, and that is no change of DUID.
        boolean ending = event.name().equals(EventNames.RELEASED) || event.name().equals(EventNames.DECLINED);
        // The string kept is the first of its value, so that a MAC's next events leave theirs young
        if (duid != null && !duid.isEmpty() && !ending && !duid.equals(lastDuid[slot])) {
            if (lastDuid[slot] != null) {
                recorded.add(BootEvent.of(event.mac(), EventNames.DUID_CHANGED, event.timestamp())
                        .with("previous-duid", lastDuid[slot]).with(EventNames.DUID_DETAIL, duid));
            }
            lastDuid[slot] = duid;
        }
        recorded.add(event);
        for (BootEvent each : recorded) {
            append(slot, each);
        }
        return recorded;
    }

    /** Every MAC's events, the least recently seen MAC first. */
    public synchronized TableSnapshot snapshot() {
        List<MacEntry> entries = new ArrayList<>(used);
        for (int slot = eldest; slot != NONE; slot = newer[slot]) {
            entries.add(entry(slot));
        }
        return new TableSnapshot(entries);
    }

    /** That MAC's events, or empty when the table has none (never seen, or evicted). */
    public synchronized Optional<MacEntry> entry(MacAddress mac) {
        int slot = find(mac.toLong());
        return slot == NONE ? Optional.empty() : Optional.of(entry(slot));
    }

    public synchronized boolean contains(MacAddress mac) {
        return find(mac.toLong()) != NONE;
    }

    /** MACs held now. */
    public synchronized int size() {
        return used;
    }

    /** MACs evicted to make room since the table was made. */
    public synchronized long evicted() {
        return evicted;
    }

    private MacEntry entry(int slot) {
        shown[slot] = true;
        MacAddress mac = MacAddress.fromLong(macs[slot]);
        return new MacEntry(mac, new LogView(mac, logs[slot], logStart[slot], logEnd[slot], logCount[slot]));
    }

    /** The slot of {@code mac}, or {@link #NONE}. */
    private int find(long mac) {
        for (int at = home(mac); ; at = (at + 1) & (index.length - 1)) {
            int slot = index[at] - 1;
            if (slot == NONE || macs[slot] == mac) {
                return slot;
            }
        }
    }

    /** Where {@code mac}'s probe starts: its bits mixed (murmur3's finaliser), so that a vendor's consecutive MACs spread. */
    private int home(long mac) {
        long mixed = (mac ^ mac >>> 33) * 0xff51afd7ed558ccdL;
        mixed = (mixed ^ mixed >>> 33) * 0xc4ceb9fe1a85ec53L;
        return (int) (mixed ^ mixed >>> 33) & (index.length - 1);
    }

    /**
     * A slot for a MAC the table does not hold, with an empty log, the most recently seen: a new
     * one, or, when the table is full, its least recently seen MAC's.
     */
    private int claim(long mac) {
        int slot;
        if (used < maxMacs) {
            if (used == macs.length) {
                allocate(Math.min(maxMacs, 2 * macs.length));
            }
            slot = used++;
        } else {
            slot = eldest;
            unindex(slot);
            unlink(slot);
            evicted++;
        }
        macs[slot] = mac;
        if (shown[slot]) {
            logs[slot] = null;
            shown[slot] = false;
        }
        logStart[slot] = 0;
        logEnd[slot] = 0;
        logCount[slot] = 0;
        lastDuid[slot] = null;
        int at = home(mac);
        while (index[at] != 0) {
            at = (at + 1) & (index.length - 1);
        }
        index[at] = slot + 1;
        linkNewest(slot);
        return slot;
    }

    /** Takes {@code slot} out of the index, shifting back the entries after it that probed past it. */
    private void unindex(int slot) {
        int mask = index.length - 1;
        int hole = home(macs[slot]);
        while (index[hole] != slot + 1) {
            hole = (hole + 1) & mask;
        }
        for (int at = (hole + 1) & mask; index[at] != 0; at = (at + 1) & mask) {
            int home = home(macs[index[at] - 1]);
            // The entry at `at` may fill the hole when its home is not in (hole, at], cyclically
            if (((at - home) & mask) >= ((at - hole) & mask)) {
                index[hole] = index[at];
                hole = at;
            }
        }
        index[hole] = 0;
    }

    /** The slots' arrays at {@code capacity} slots (their contents kept) and the index rebuilt for them. */
    private void allocate(int capacity) {
        macs = macs == null ? new long[capacity] : Arrays.copyOf(macs, capacity);
        older = older == null ? new int[capacity] : Arrays.copyOf(older, capacity);
        newer = newer == null ? new int[capacity] : Arrays.copyOf(newer, capacity);
        logs = logs == null ? new byte[capacity][] : Arrays.copyOf(logs, capacity);
        logStart = logStart == null ? new int[capacity] : Arrays.copyOf(logStart, capacity);
        logEnd = logEnd == null ? new int[capacity] : Arrays.copyOf(logEnd, capacity);
        logCount = logCount == null ? new int[capacity] : Arrays.copyOf(logCount, capacity);
        lastDuid = lastDuid == null ? new String[capacity] : Arrays.copyOf(lastDuid, capacity);
        shown = shown == null ? new boolean[capacity] : Arrays.copyOf(shown, capacity);
        index = new int[Integer.highestOneBit(2 * capacity - 1) << 1];
        for (int slot = 0; slot < used; slot++) {
            int at = home(macs[slot]);
            while (index[at] != 0) {
                at = (at + 1) & (index.length - 1);
            }
            index[at] = slot + 1;
        }
    }

    private void unlink(int slot) {
        if (older[slot] == NONE) {
            eldest = newer[slot];
        } else {
            newer[older[slot]] = newer[slot];
        }
        if (newer[slot] == NONE) {
            newest = older[slot];
        } else {
            older[newer[slot]] = older[slot];
        }
    }

    private void linkNewest(int slot) {
        older[slot] = newest;
        newer[slot] = NONE;
        if (newest == NONE) {
            eldest = slot;
        } else {
            newer[newest] = slot;
        }
        newest = slot;
    }

    /**
     * Packs {@code event} at the end of the slot's log, dropping its oldest event when the log is
     * full, and makes the slot the most recently seen. A log without room moves its kept events to
     * the front of its array when no view holds it and that makes room, else into a new array half
     * again as large as they and the new one need: the old array stays as it was for the views
     * that hold it.
     */
    private void append(int slot, BootEvent event) {
        if (slot != newest) {
            unlink(slot);
            linkNewest(slot);
        }
        int length = packer.pack(event);
        int need = PackedEvent.varintSize(length) + length;
        if (logCount[slot] == maxEventsPerMac) {
            PackedEvent.Reader oldest = new PackedEvent.Reader(logs[slot], logStart[slot]);
            logStart[slot] = oldest.skip();
            logCount[slot]--;
        }
        byte[] log = logs[slot];
        int kept = logEnd[slot] - logStart[slot];
        if (log != null && (long) logEnd[slot] + need > log.length && !shown[slot] && (long) kept + need <= log.length) {
            System.arraycopy(log, logStart[slot], log, 0, kept);
            logStart[slot] = 0;
            logEnd[slot] = kept;
        }
        if (log == null || (long) logEnd[slot] + need > log.length) {
            if ((long) kept + need > MAX_LOG_BYTES) {
                throw new IllegalArgumentException("the events of " + event.mac() + " would take more than "
                        + MAX_LOG_BYTES + " bytes");
            }
            byte[] grown = new byte[(int) Math.min(MAX_LOG_BYTES, Math.max(FIRST_LOG_BYTES, (kept + need) * 3L / 2))];
            if (kept > 0) {
                System.arraycopy(log, logStart[slot], grown, 0, kept);
            }
            logs[slot] = log = grown;
            shown[slot] = false;
            logStart[slot] = 0;
            logEnd[slot] = kept;
        }
        int at = PackedEvent.writeVarint(log, logEnd[slot], length);
        System.arraycopy(packer.buffer(), 0, log, at, length);
        logEnd[slot] = at + length;
        logCount[slot]++;
    }

    /**
     * One MAC's events as a log held them: bytes {@code [start, end)}, never rewritten; unpacked
     * each time they are read and not kept, so that a reader holding a snapshot for hours (an
     * {@code /events} stream) pins the packed bytes only, not a copy of the table in objects.
     */
    private static final class LogView extends AbstractList<BootEvent> {
        private final MacAddress mac;
        private final byte[] log;
        private final int start;
        private final int end;
        private final int count;

        LogView(MacAddress mac, byte[] log, int start, int end, int count) {
            this.mac = mac;
            this.log = log;
            this.start = start;
            this.end = end;
            this.count = count;
        }

        /** The event at {@code index}, read past those before it: iterate instead to read them all. */
        @Override
        public BootEvent get(int index) {
            PackedEvent.Reader in = new PackedEvent.Reader(log, start);
            for (int i = Objects.checkIndex(index, count); i > 0; i--) {
                in.skip();
            }
            return in.event(mac);
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public Iterator<BootEvent> iterator() {
            PackedEvent.Reader in = new PackedEvent.Reader(log, start);
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < count;
                }

                @Override
                public BootEvent next() {
                    if (next == count) {
                        throw new NoSuchElementException();
                    }
                    next++;
                    BootEvent event = in.event(mac);
                    if (next == count && in.at() != end) {
                        throw new IllegalStateException("a MAC's log ends at " + in.at() + ", not " + end);
                    }
                    return event;
                }
            };
        }
    }
}
