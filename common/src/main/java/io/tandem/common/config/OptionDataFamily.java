package io.tandem.common.config;

import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.OptionSpace;
import io.tandem.common.wire.WireOption;
import io.tandem.common.wire.WireWriter;
import java.util.List;
import java.util.Optional;

/**
 * What {@link OptionDataCompiler} does differently for DHCPv4 and DHCPv6: the option spaces, the
 * wire form of sub-options and of the options that carry them, and the codec that reads the result.
 *
 * @param <O> the family's option type ({@code Option6} or {@code Option4})
 */
interface OptionDataFamily<O extends WireOption> {
    /** The space of the options of a message: {@code dhcp4} or {@code dhcp6}. */
    OptionSpace top();

    /** The spaces option-data can name, besides {@code vendor-<enterprise>}. */
    List<OptionSpace> spaces();

    int maxCode();

    /** The spaces an unknown space could have been, completing "expected ...". */
    String expectedSpaces();

    /** The error for a code no row defines, up to the code: "Kea defines no option" (200 in space ...). */
    String nobodyDefines();

    /** What to set instead of a server-owned option, appended to the error; empty when nothing. */
    String setInstead(int code);

    /** The error for a body of {@code length} bytes, over the 65535 a configured option may have. */
    String tooLong(int length);

    /**
     * The enterprise whose {@code vendor-<enterprise>} space an option of {@link #top()} with this
     * code and data carries, e.g. a vendor-opts option.
     */
    Optional<Long> carriedEnterprise(int code, byte[] data);

    /** The option of {@link #top()} that carries {@code space}, and the data before its sub-options. */
    Optional<Carrier> carrier(String space, Optional<Long> enterprise);

    /**
     * Appends a sub-option to its carrier's body; false, with an error reported at the sub-option,
     * when it does not fit the family's sub-option layout.
     */
    boolean appendSubOption(WireWriter out, ConfigNode node, int code, byte[] body);

    /** The sub-options of an option with {@code code}, as they follow its own data; null when they do not fit. */
    byte[] subOptionData(int code, ConfigNode node, byte[] subOptions);

    /** The configured option that {@code body} decodes to, as the codec reads a received one. */
    ConfiguredOption<O> decode(int code, byte[] body, boolean alwaysSend, boolean neverSend) throws DecodeException;

    /** A never-send entry without data: its value does not matter. */
    ConfiguredOption<O> neverSent(int code);

    /** The option that carries the sub-options of a space without one configured: code, name and data. */
    record Carrier(int code, String name, byte[] data) {
    }
}
