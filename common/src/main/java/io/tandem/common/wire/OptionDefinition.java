package io.tandem.common.wire;

/**
 * What one option of an option space is: its code, the name users see (Kea's, where Kea has the
 * option), how its body is laid out, and where it is defined.
 *
 * @param <F> the option space's format type
 */
public record OptionDefinition<F extends Enum<F>>(int code, String name, F format, String reference) {
}
