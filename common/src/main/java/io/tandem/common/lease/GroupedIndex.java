package io.tandem.common.lease;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Values grouped by a key that is read from the values themselves: the compact index of a lease
 * table. The values sit in one array, each at a position of its own, and the values of one key
 * are chained through a parallel array of positions, oldest first. The keys are in an
 * open-addressing hash table (linear probing, deletion by backward shift) of {@code long}s, each
 * the key's spread hash beside the position of its oldest value, so that probing past other keys
 * reads one array and never the values (each a cache miss in a table of a million).
 *
 * <p>Why positions and not references: the collector must rescan each 512-byte card of an old
 * array in which a reference was stored since its last young collection. A hash table of
 * references takes each new value's store at a random place, a card per lease; here the table
 * and the chains hold numbers, which no card tracks, and a new value's reference goes to the end
 * of the values, where 128 of them share a card, unless a position is free: a value that replaces
 * one just removed (a renewed lease) takes its place, a random card as before. (New clients, a
 * boot storm's, are the first kind: dhcp4o6d's young pauses under them grew with the DORAs between
 * collections, 3.5–3.8 ms with three reference tables and 1.6–1.8 ms without; see the README.)
 *
 * <p>A key costs 16 bytes at half load, a value 8 more (its reference and its chain link); a
 * {@code HashMap} from a key to a list of values costs about 100. Not thread-safe.
 *
 * @param <T> the values; the key of a value must not change while it is in the index
 */
public final class GroupedIndex<T> {
    private static final int FIRST_CAPACITY = 16;
    /** The end of a chain, and of the free list. */
    private static final int NONE = -1;
    private static final long POSITION_BITS = 0xFFFF_FFFFL;

    private final ToIntFunction<? super T> hashOfKey;
    private final BiPredicate<? super T, ? super T> sameKey;
    /** Each slot 0 (empty) or a key's spread hash in the high half and its oldest value's position + 1 in the low. */
    private long[] table = new long[FIRST_CAPACITY];
    /** The value at each position, null where none is (a position on the free list, or past {@link #used}). */
    private Object[] valueAt = new Object[FIRST_CAPACITY];
    /** The next newer value of the same key after each position, or the next free position; {@link #NONE} at the end. */
    private int[] nextOf = new int[FIRST_CAPACITY];
    /** The positions handed out so far; those below it that hold no value are on the free list. */
    private int used;
    private int firstFree = NONE;
    private int keys;
    private int values;

    /**
     * @param hashOfKey the hash of a value's key (spread here, so any {@code hashCode} will do)
     * @param sameKey   whether two values have the same key
     */
    public GroupedIndex(ToIntFunction<? super T> hashOfKey, BiPredicate<? super T, ? super T> sameKey) {
        this.hashOfKey = hashOfKey;
        this.sameKey = sameKey;
    }

    /** The values whose key hashes to {@code hash} and passes {@code hasKey}, oldest first; empty if none. */
    public List<T> get(int hash, Predicate<? super T> hasKey) {
        long entry = table[find(hash, (stored, test) -> test.test(stored), hasKey)];
        if (entry == 0) {
            return List.of();
        }
        int first = positionOf(entry);
        if (nextOf[first] == NONE) {
            return List.of(valueAt(first));
        }
        List<T> members = new ArrayList<>();
        for (int at = first; at != NONE; at = nextOf[at]) {
            members.add(valueAt(at));
        }
        return Collections.unmodifiableList(members);
    }

    /** Adds {@code value} as the newest of its key's group. */
    public void add(T value) {
        int hash = hashOfKey.applyAsInt(value);
        int slot = find(hash, sameKey, value);
        int position = takePosition();
        valueAt[position] = value;
        nextOf[position] = NONE;
        values++;
        long entry = table[slot];
        if (entry == 0) {
            table[slot] = entryOf(spread(hash), position);
            keys++;
            if (keys * 2 > table.length) {
                resize(table.length * 2);
            }
            return;
        }
        int last = positionOf(entry);
        while (nextOf[last] != NONE) {
            last = nextOf[last];
        }
        nextOf[last] = position;
    }

    /** Removes {@code value} (this very object) from its key's group; false if it is not there. */
    public boolean remove(T value) {
        int slot = find(hashOfKey.applyAsInt(value), sameKey, value);
        long entry = table[slot];
        if (entry == 0) {
            return false;
        }
        int before = NONE;
        int at = positionOf(entry);
        while (at != NONE && valueAt[at] != value) {
            before = at;
            at = nextOf[at];
        }
        if (at == NONE) {
            return false;
        }
        int after = nextOf[at];
        if (before != NONE) {
            nextOf[before] = after;
        } else if (after != NONE) {
            table[slot] = entryOf(hashOf(entry), after);
        } else {
            deleteSlot(slot);
            keys--;
        }
        valueAt[at] = null;
        nextOf[at] = firstFree;
        firstFree = at;
        values--;
        return true;
    }

    /** How many values the index holds. */
    public int size() {
        return values;
    }

    /**
     * The values of this moment, in no particular order, each seen through {@code view} only when
     * it is read: a table can hand out a million leases it keeps in a compact form without
     * building them all at once. Later changes of the index do not show in it.
     */
    public <R> List<R> snapshot(Function<? super T, ? extends R> view) {
        Object[] all = new Object[values];
        int[] count = {0};
        forEach(value -> all[count[0]++] = value);
        return new AbstractList<>() {
            @Override
            @SuppressWarnings("unchecked")
            public R get(int index) {
                return view.apply((T) all[index]);
            }

            @Override
            public int size() {
                return all.length;
            }
        };
    }

    /** Every value, in no particular order. */
    public void forEach(Consumer<? super T> action) {
        for (int at = 0; at < used; at++) {
            if (valueAt[at] != null) {
                action.accept(valueAt(at));
            }
        }
    }

    /**
     * The slot of the key that hashes to {@code hash} and whose oldest value {@code matches}
     * {@code key}, or the empty slot where it would go. The key is passed apart from the test, so
     * that adding a value makes no predicate per call (a table filled from a lease file adds a million).
     */
    private <K> int find(int hash, BiPredicate<? super T, ? super K> matches, K key) {
        int mask = table.length - 1;
        int spread = spread(hash);
        int slot = spread & mask;
        long entry;
        while ((entry = table[slot]) != 0 && (hashOf(entry) != spread || !matches.test(valueAt(positionOf(entry)), key))) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** A free position, or a new one at the end (the values growing by half when full). */
    private int takePosition() {
        if (firstFree != NONE) {
            int position = firstFree;
            firstFree = nextOf[position];
            return position;
        }
        if (used == valueAt.length) {
            int capacity = used + (used >> 1);
            valueAt = Arrays.copyOf(valueAt, capacity);
            nextOf = Arrays.copyOf(nextOf, capacity);
        }
        return used++;
    }

    /** Empties {@code slot}, moving back the keys after it that probing would no longer reach. */
    private void deleteSlot(int slot) {
        int mask = table.length - 1;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (table[next] != 0) {
            int home = hashOf(table[next]) & mask;
            // The key at next may fill the hole if its home is not in the cyclic range (hole, next].
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                table[hole] = table[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        table[hole] = 0;
    }

    private void resize(int capacity) {
        long[] old = table;
        table = new long[capacity];
        int mask = capacity - 1;
        for (long entry : old) {
            if (entry != 0) {
                int slot = hashOf(entry) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = entry;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private T valueAt(int position) {
        return (T) valueAt[position];
    }

    private static long entryOf(int spreadHash, int position) {
        return (long) spreadHash << 32 | (position + 1L);
    }

    private static int hashOf(long entry) {
        return (int) (entry >>> 32);
    }

    private static int positionOf(long entry) {
        return (int) (entry & POSITION_BITS) - 1;
    }

    /** Murmur3's finaliser: neighbouring keys (consecutive addresses) land far apart. */
    private static int spread(int hash) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ h >>> 16;
    }
}
