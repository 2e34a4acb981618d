package io.tandem.common.engine;

import java.util.Locale;

/**
 * Why an engine answered a datagram with nothing. Each daemon lists its own reasons in an enum
 * ({@code DropReason6}, {@code DropReason4}); each is counted, and shown in logs and metrics by
 * {@link #label()}.
 */
public interface DropReason {
    /** The enum constant's name: {@code NO_SUBNET}. */
    String name();

    /** The name in logs and metrics: {@code no-subnet}. */
    default String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
