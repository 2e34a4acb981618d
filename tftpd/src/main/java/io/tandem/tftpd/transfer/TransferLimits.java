package io.tandem.tftpd.transfer;

import java.time.Duration;

/**
 * What the server allows one transfer, before options.
 *
 * @param maxBlockSize  the largest {@code blksize} granted: what fits the link MTU without
 *                      fragmentation (firmware often cannot reassemble fragments)
 * @param maxWindowSize the largest {@code windowsize} granted (RFC 7440 lets the server answer
 *                      with less than asked)
 * @param timeout       the retransmission timeout when the client does not ask for one
 * @param maxRetries    retransmissions of one packet or window before the transfer is abandoned
 */
public record TransferLimits(int maxBlockSize, int maxWindowSize, Duration timeout, int maxRetries) {
    /** RFC 1350's block size, used when the client does not negotiate {@code blksize}. */
    public static final int DEFAULT_BLOCK_SIZE = 512;
    public static final int MIN_BLOCK_SIZE = 8;
    public static final int MAX_BLOCK_SIZE = 65464;

    public TransferLimits {
        if (maxBlockSize < DEFAULT_BLOCK_SIZE || maxBlockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("maximum block size " + maxBlockSize + " is not from "
                    + DEFAULT_BLOCK_SIZE + " to " + MAX_BLOCK_SIZE);
        }
        if (maxWindowSize < 1 || maxWindowSize > 0xffff) {
            throw new IllegalArgumentException("maximum window size " + maxWindowSize + " is not from 1 to 65535");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " is not positive");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("retries " + maxRetries + " is negative");
        }
    }
}
