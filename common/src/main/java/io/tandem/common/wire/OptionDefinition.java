package io.tandem.common.wire;

import java.util.List;
import java.util.Optional;

/**
 * One option of an option space, as a row of Kea's {@code std_option_defs.h}: its code, the name
 * users see, the data type of its value (or of each field of a record), whether the value (or a
 * record's last field) repeats, and the space of the options carried inside it. Tandem adds
 * whether the server builds the option itself for each message (then configuration cannot set
 * it), whether the codecs decode it into a typed value (otherwise it is carried as its bytes) and
 * where it is defined.
 *
 * @param fields the field types of a {@link OptionDataType#RECORD}, empty otherwise
 */
public record OptionDefinition(int code, String name, OptionDataType type, boolean array,
        List<OptionDataType> fields, Optional<String> encapsulates, boolean serverOwned, boolean decoded,
        String reference) {
    private static final String KEA = "Kea 2.2 std_option_defs.h";

    public OptionDefinition {
        fields = List.copyOf(fields);
    }

    public static OptionDefinition single(int code, String name, OptionDataType type) {
        return new OptionDefinition(code, name, type, false, List.of(), Optional.empty(), false, false, KEA);
    }

    public static OptionDefinition array(int code, String name, OptionDataType type) {
        return new OptionDefinition(code, name, type, true, List.of(), Optional.empty(), false, false, KEA);
    }

    public static OptionDefinition record(int code, String name, OptionDataType... fields) {
        return new OptionDefinition(code, name, OptionDataType.RECORD, false, List.of(fields), Optional.empty(),
                false, false, KEA);
    }

    /** This option, carrying options of {@code space}. */
    public OptionDefinition encapsulating(String space) {
        return new OptionDefinition(code, name, type, array, fields, Optional.of(space), serverOwned, decoded,
                reference);
    }

    /** This record, with its last field repeated. */
    public OptionDefinition repeated() {
        return new OptionDefinition(code, name, type, true, fields, encapsulates, serverOwned, decoded, reference);
    }

    /** This option, built by the server for each message. */
    public OptionDefinition builtByServer() {
        return new OptionDefinition(code, name, type, array, fields, encapsulates, true, decoded, reference);
    }

    /** This option, decoded by the codecs as {@code reference} defines it. */
    public OptionDefinition decoded(String definedIn) {
        return new OptionDefinition(code, name, type, array, fields, encapsulates, serverOwned, true, definedIn);
    }

    /** This option, carried as bytes though {@code reference} defines it. */
    public OptionDefinition definedIn(String definedIn) {
        return new OptionDefinition(code, name, type, array, fields, encapsulates, serverOwned, decoded, definedIn);
    }
}
