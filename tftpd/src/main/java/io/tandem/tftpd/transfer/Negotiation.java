package io.tandem.tftpd.transfer;

import io.tandem.tftpd.wire.TftpOption;
import java.time.Duration;
import java.util.List;

/**
 * What one transfer runs with, and the options the server's OACK acknowledges (empty: no OACK,
 * the transfer starts with DATA 1 as in RFC 1350).
 */
public record Negotiation(int blockSize, int windowSize, Duration timeout, List<TftpOption> acknowledged) {
    public Negotiation {
        acknowledged = List.copyOf(acknowledged);
    }

    /** RFC 1350 without options. */
    public static Negotiation plain(TransferLimits limits) {
        return new Negotiation(TransferLimits.DEFAULT_BLOCK_SIZE, 1, limits.timeout(), List.of());
    }

    public boolean sendsOptionAck() {
        return !acknowledged.isEmpty();
    }
}
