package io.tandem.common.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the option lists of both families ({@code Options4}, {@code Options6}) do the same way. */
public final class OptionLists {
    private OptionLists() {
    }

    /** The first option of {@code all} with {@code code}. */
    public static <O extends WireOption> Optional<O> first(List<O> all, int code) {
        // Indexed: this runs for every option lookup of every packet, and List.of's iterator is an allocation.
        for (int i = 0; i < all.size(); i++) {
            O option = all.get(i);
            if (option.code() == code) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    /** {@code all} where {@code option} takes the place of the options with its code, or is appended. */
    public static <O extends WireOption> List<O> with(List<O> all, O option) {
        int code = option.code();
        List<O> copy = new ArrayList<>(all.size() + 1);
        boolean placed = false;
        for (O existing : all) {
            if (existing.code() != code) {
                copy.add(existing);
            } else if (!placed) {
                copy.add(option);
                placed = true;
            }
        }
        if (!placed) {
            copy.add(option);
        }
        return copy;
    }

    /** {@code all} with {@code option} appended. */
    public static <O> List<O> plus(List<O> all, O option) {
        List<O> copy = new ArrayList<>(all.size() + 1);
        copy.addAll(all);
        copy.add(option);
        return copy;
    }

    /** The record the codec decodes an option of {@code code} in {@code space} into. */
    @FunctionalInterface
    public interface RecordOf {
        Class<?> of(OptionSpace space, int code);
    }

    /**
     * Fails unless every option of {@code all} is the record {@code recordOf} gives its code in
     * {@code space}, the condition for a value to come back unchanged from the wire. Run for every
     * message and option list built, so {@code recordOf} is a constant, not a lambda made per call.
     */
    public static void requireRecords(OptionSpace space, List<? extends WireOption> all, RecordOf recordOf) {
        for (int i = 0; i < all.size(); i++) {
            WireOption option = all.get(i);
            int code = option.code();
            Class<?> expected = recordOf.of(space, code);
            if (option.getClass() != expected) {
                throw new IllegalArgumentException(space.name() + " option " + code + " (" + space.nameOf(code)
                        + ") is " + expected.getSimpleName() + ", not " + option.getClass().getSimpleName());
            }
        }
    }
}
