package io.tandem.common.lease;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Values grouped by a key that is read from the values themselves, in an open-addressing hash
 * table (linear probing, deletion by backward shift): the compact index of a lease table. A
 * {@code HashMap} from a key to a list of values costs an entry, a key object and a list per key,
 * about 100 bytes; here a key costs a slot of two arrays, 16 bytes at half load, and a group of one
 * value is that value itself ({@code Object[]} only for two or more). The second array holds each
 * slot's hash, so that probing past other keys and growing the table do not read the values
 * (each a cache miss in a table of a million). Not thread-safe.
 *
 * @param <T> the values; the key of a value must not change while it is in the index
 */
public final class GroupedIndex<T> {
    private static final int FIRST_CAPACITY = 16;

    private final ToIntFunction<? super T> hashOfKey;
    private final BiPredicate<? super T, ? super T> sameKey;
    /** Each slot null, a value, or an {@code Object[]} of the values of one key, oldest first. */
    private Object[] slots = new Object[FIRST_CAPACITY];
    /** The spread hash of the key of each slot that is not empty. */
    private int[] hashes = new int[FIRST_CAPACITY];
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
        Object group = slots[find(hash, (stored, test) -> test.test(stored), hasKey)];
        return group == null ? List.of() : asList(group);
    }

    /** Adds {@code value} as the newest of its key's group. */
    public void add(T value) {
        int hash = hashOfKey.applyAsInt(value);
        int slot = find(hash, sameKey, value);
        Object group = slots[slot];
        if (group == null) {
            slots[slot] = value;
            hashes[slot] = spread(hash);
            keys++;
            values++;
            if (keys * 2 > slots.length) {
                resize(slots.length * 2);
            }
            return;
        }
        Object[] members = group instanceof Object[] array ? array : new Object[] {group};
        Object[] more = new Object[members.length + 1];
        System.arraycopy(members, 0, more, 0, members.length);
        more[members.length] = value;
        slots[slot] = more;
        values++;
    }

    /** Removes {@code value} (this very object) from its key's group; false if it is not there. */
    public boolean remove(T value) {
        int slot = find(hashOfKey.applyAsInt(value), sameKey, value);
        Object group = slots[slot];
        if (group == value) {
            deleteSlot(slot);
            keys--;
            values--;
            return true;
        }
        if (!(group instanceof Object[] members)) {
            return false;
        }
        int at = -1;
        for (int i = 0; i < members.length && at < 0; i++) {
            at = members[i] == value ? i : -1;
        }
        if (at < 0) {
            return false;
        }
        if (members.length == 2) {
            slots[slot] = members[1 - at];
        } else {
            Object[] fewer = new Object[members.length - 1];
            System.arraycopy(members, 0, fewer, 0, at);
            System.arraycopy(members, at + 1, fewer, at, fewer.length - at);
            slots[slot] = fewer;
        }
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
        for (Object group : slots) {
            if (group instanceof Object[] members) {
                for (Object member : members) {
                    action.accept(cast(member));
                }
            } else if (group != null) {
                action.accept(cast(group));
            }
        }
    }

    /**
     * The slot of the group whose key hashes to {@code hash} and {@code matches} {@code key}, or the
     * empty slot where it would go. The key is passed apart from the test, so that adding a value
     * makes no predicate per call (a table filled from a lease file adds a million).
     */
    private <K> int find(int hash, BiPredicate<? super T, ? super K> matches, K key) {
        int mask = slots.length - 1;
        int spread = spread(hash);
        int slot = spread & mask;
        while (slots[slot] != null && (hashes[slot] != spread || !matches.test(first(slots[slot]), key))) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Empties {@code slot}, moving back the groups after it that probing would no longer reach. */
    private void deleteSlot(int slot) {
        int mask = slots.length - 1;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (slots[next] != null) {
            int home = hashes[next] & mask;
            // The group at next may fill the hole if its home is not in the cyclic range (hole, next].
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                slots[hole] = slots[next];
                hashes[hole] = hashes[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        slots[hole] = null;
    }

    private void resize(int capacity) {
        Object[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new Object[capacity];
        hashes = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != null) {
                int slot = oldHashes[i] & mask;
                while (slots[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = oldSlots[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }

    private T first(Object group) {
        return cast(group instanceof Object[] members ? members[0] : group);
    }

    @SuppressWarnings("unchecked")
    private T cast(Object value) {
        return (T) value;
    }

    /** The group as a list, without a copy: a group's array is never changed once stored (a change stores a new one). */
    @SuppressWarnings("unchecked")
    private List<T> asList(Object group) {
        return group instanceof Object[] members ? Collections.unmodifiableList((List<T>) Arrays.asList(members))
                : List.of((T) group);
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
