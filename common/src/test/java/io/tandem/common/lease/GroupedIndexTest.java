package io.tandem.common.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index answers what a map from each key to a list of its values would, through adds, removes and growth. */
class GroupedIndexTest {
    /** A value with a key; {@code hash} is made to collide often, so that probing and backward shifts are exercised. */
    private record Value(int key, int serial) {
    }

    private static int collidingHash(Value value) {
        return value.key() % 7;
    }

    @Test
    void randomAddsAndRemovesLeaveWhatAMapOfListsLeaves() {
        Random random = new Random(11);
        GroupedIndex<Value> index = new GroupedIndex<>(GroupedIndexTest::collidingHash, (a, b) -> a.key() == b.key());
        Map<Integer, List<Value>> model = new HashMap<>();
        List<Value> present = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (present.isEmpty() || random.nextInt(3) > 0) {
                Value value = new Value(random.nextInt(300), step);
                index.add(value);
                model.computeIfAbsent(value.key(), key -> new ArrayList<>()).add(value);
                present.add(value);
            } else {
                Value value = present.remove(random.nextInt(present.size()));
                assertEquals(true, index.remove(value));
                model.get(value.key()).remove(value);
                assertFalse(index.remove(value), "a value is removed once");
            }
            int key = random.nextInt(300);
            assertEquals(model.getOrDefault(key, List.of()), index.get(key % 7, value -> value.key() == key), "key " + key);
        }
        for (int key = 0; key < 300; key++) {
            int wanted = key;
            assertEquals(model.getOrDefault(key, List.of()), index.get(key % 7, value -> value.key() == wanted));
        }
        assertEquals(present.size(), index.size());
        List<Integer> serials = new ArrayList<>(index.snapshot(Value::serial));
        serials.sort(null);
        assertEquals(present.stream().map(Value::serial).sorted().toList(), serials, "every value once");
    }

    /**
     * Many keys of one value each, most of them removed one by one (the backward shift, around the
     * table's end too), then all, then added again: the index ends as a new one would.
     */
    @Test
    void manyKeysDrainedAndFilledAgain() {
        GroupedIndex<Value> index = new GroupedIndex<>(Value::key, (a, b) -> a.key() == b.key());
        List<Value> values = new ArrayList<>();
        for (int key = 0; key < 5_000; key++) {
            values.add(new Value(key, key));
            index.add(values.get(key));
        }
        Random random = new Random(5);
        List<Value> left = new ArrayList<>(values);
        while (!left.isEmpty()) {
            Value gone = left.remove(random.nextInt(left.size()));
            assertEquals(true, index.remove(gone));
            assertEquals(List.of(), index.get(gone.key(), value -> value.key() == gone.key()));
            if (left.size() % 250 == 0) {
                for (Value kept : left) {
                    assertEquals(List.of(kept), index.get(kept.key(), value -> value.key() == kept.key()), "key " + kept.key());
                }
            }
        }
        assertEquals(0, index.size());
        assertEquals(List.of(), index.snapshot(Value::serial));
        for (Value value : values) {
            index.add(new Value(value.key(), value.serial() + 5_000));
        }
        for (Value value : values) {
            assertEquals(List.of(new Value(value.key(), value.serial() + 5_000)),
                    index.get(value.key(), stored -> stored.key() == value.key()));
        }
        assertEquals(values.size(), index.size());
    }

    /** What {@code get} returned stays as it was, and cannot be changed: a table may hold it while it changes the index. */
    @Test
    void aGroupOnceReturnedDoesNotChange() {
        GroupedIndex<Value> index = new GroupedIndex<>(GroupedIndexTest::collidingHash, (a, b) -> a.key() == b.key());
        Value first = new Value(1, 0);
        Value second = new Value(1, 1);
        index.add(first);
        index.add(second);
        List<Value> group = index.get(1 % 7, value -> value.key() == 1);
        index.remove(first);
        index.add(new Value(1, 2));
        assertEquals(List.of(first, second), group);
        assertThrows(UnsupportedOperationException.class, () -> group.add(first));
        assertEquals(List.of(second, new Value(1, 2)), index.get(1 % 7, value -> value.key() == 1));
    }
}
