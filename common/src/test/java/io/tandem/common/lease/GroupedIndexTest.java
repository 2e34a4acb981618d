package io.tandem.common.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        assertEquals(present.stream().map(Value::serial).sorted().toList(), serials, "every value once, the freed positions reused");
    }
}
