package io.tandem.common.config;

import java.util.function.Function;

/**
 * How to read one kind of value written as a JSON string, and how to say what was expected when
 * a text does not read: {@code expected} completes "expected ..." in an error, for example
 * {@code "an IPv6 prefix like 2001:db8:1::/64"}. The parser signals a bad text by throwing
 * {@link IllegalArgumentException}; its message, when it adds something, is shown after the text.
 */
public record ValueType<T>(String expected, Function<String, T> parser) {
    T parse(String text) {
        return parser.apply(text);
    }
}
