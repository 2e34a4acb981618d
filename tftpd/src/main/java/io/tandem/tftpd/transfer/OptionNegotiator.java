package io.tandem.tftpd.transfer;

import io.tandem.tftpd.wire.TftpOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * RFC 2347 option negotiation for a read request. The OACK carries only options the client sent,
 * in its order and spelling, each at most once (the first occurrence wins). An option that is
 * unknown, malformed or out of its RFC's range is left out of the OACK, and the transfer runs
 * without it, as RFC 2347 §3 lets a server do:
 * <ul>
 *   <li>{@code blksize} 8..65464 (RFC 2348), granted up to the MTU-derived maximum;</li>
 *   <li>{@code tsize} (RFC 2349): a read request sends 0 and is told the size in octets (any
 *       other number is treated the same, as tftp-hpa does); not offered when the size is not
 *       known before sending (netascii);</li>
 *   <li>{@code timeout} 1..255 seconds (RFC 2349), granted as asked (the RFC requires the same
 *       value back);</li>
 *   <li>{@code windowsize} 1..65535 (RFC 7440), granted up to the server's maximum.</li>
 * </ul>
 */
public final class OptionNegotiator {
    public static final String BLKSIZE = "blksize";
    public static final String TSIZE = "tsize";
    public static final String TIMEOUT = "timeout";
    public static final String WINDOWSIZE = "windowsize";

    private OptionNegotiator() {
    }

    public static Negotiation negotiate(List<TftpOption> requested, OptionalLong size, TransferLimits limits) {
        int blockSize = TransferLimits.DEFAULT_BLOCK_SIZE;
        int windowSize = 1;
        Duration timeout = limits.timeout();
        List<TftpOption> acknowledged = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TftpOption option : requested) {
            String key = option.name().toLowerCase(Locale.ROOT);
            if (!seen.add(key)) {
                continue;
            }
            OptionalLong value = number(option.value());
            if (value.isEmpty()) {
                continue;
            }
            long asked = value.getAsLong();
            switch (key) {
                case BLKSIZE -> {
                    if (asked >= TransferLimits.MIN_BLOCK_SIZE && asked <= TransferLimits.MAX_BLOCK_SIZE) {
                        blockSize = (int) Math.min(asked, limits.maxBlockSize());
                        acknowledged.add(new TftpOption(option.name(), Integer.toString(blockSize)));
                    }
                }
                case TSIZE -> {
                    if (size.isPresent()) {
                        acknowledged.add(new TftpOption(option.name(), Long.toString(size.getAsLong())));
                    }
                }
                case TIMEOUT -> {
                    if (asked >= 1 && asked <= 255) {
                        timeout = Duration.ofSeconds(asked);
                        acknowledged.add(new TftpOption(option.name(), Long.toString(asked)));
                    }
                }
                case WINDOWSIZE -> {
                    if (asked >= 1 && asked <= 0xffff) {
                        windowSize = (int) Math.min(asked, limits.maxWindowSize());
                        acknowledged.add(new TftpOption(option.name(), Integer.toString(windowSize)));
                    }
                }
                default -> {
                    // Unknown options are left out of the OACK (RFC 2347 §3).
                }
            }
        }
        return new Negotiation(blockSize, windowSize, timeout, acknowledged);
    }

    /**
     * A non-negative decimal number as RFC 2347 spells values: digits only (no sign, no space),
     * at most 18 of them so that it fits a long.
     */
    private static OptionalLong number(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(text));
    }
}
