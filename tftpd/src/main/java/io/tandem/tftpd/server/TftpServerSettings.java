package io.tandem.tftpd.server;

import io.tandem.tftpd.transfer.TransferLimits;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link TftpServer} runs. {@link #of} gives the defaults; the {@code with…} methods
 * change one value each.
 *
 * @param listen                the request port ({@code [::]:69}; port 0 picks a free one)
 * @param root                  the directory served, read-only
 * @param maxTransfers          transfers at the same time; a request over it is answered ERROR 0
 *                              "Busy, retry later", so the client retries at once rather than after its timeout
 * @param maxTransfersPerClient transfers at the same time from one client address, so that one
 *                              machine cannot take every slot; its next request ends the one of them
 *                              that has waited longest for an ACK (one it abandoned) and is served
 * @param mtu                   the link MTU: {@code blksize} is granted up to what fits in one
 *                              unfragmented packet (1500 - 40 IPv6 - 8 UDP - 4 TFTP = 1448)
 * @param timeout               retransmission timeout unless the client negotiates {@code timeout}
 * @param maxRetries            retransmissions in a row before a silent client's transfer is abandoned:
 *                              it is given up {@code timeout × (maxRetries + 1)} after the client's last
 *                              ACK (6 s by default; the client's {@code timeout} option, 1 to 255 s, counts)
 * @param maxWindowSize         the largest {@code windowsize} granted (RFC 7440)
 */
public record TftpServerSettings(InetSocketAddress listen, Path root, int maxTransfers, int maxTransfersPerClient,
                                 int mtu, Duration timeout, int maxRetries, int maxWindowSize) {
    public static final int DEFAULT_PORT = 69;
    public static final int DEFAULT_MAX_TRANSFERS = 64;
    public static final int DEFAULT_MAX_TRANSFERS_PER_CLIENT = 8;
    public static final int DEFAULT_MTU = 1500;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final int DEFAULT_MAX_WINDOW_SIZE = 64;
    /** The smallest MTU that still carries RFC 1350's 512-byte blocks over IPv6. */
    public static final int MIN_MTU = 512 + 40 + 8 + 4;
    private static final int IPV6_UDP_TFTP_HEADERS = 40 + 8 + 4;
    private static final int IPV4_UDP_TFTP_HEADERS = 20 + 8 + 4;

    public TftpServerSettings {
        if (maxTransfers < 1) {
            throw new IllegalArgumentException("max-transfers " + maxTransfers + " is less than 1");
        }
        if (maxTransfersPerClient < 1) {
            throw new IllegalArgumentException("transfers per client " + maxTransfersPerClient + " is less than 1");
        }
        if (mtu < MIN_MTU || mtu > 0xffff) {
            throw new IllegalArgumentException("MTU " + mtu + " is not from " + MIN_MTU + " to 65535");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " is not positive");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("retries " + maxRetries + " is negative");
        }
        if (maxWindowSize < 1 || maxWindowSize > 0xffff) {
            throw new IllegalArgumentException("window size " + maxWindowSize + " is not from 1 to 65535");
        }
    }

    public static TftpServerSettings of(Path root, InetSocketAddress listen) {
        return new TftpServerSettings(listen, root, DEFAULT_MAX_TRANSFERS, DEFAULT_MAX_TRANSFERS_PER_CLIENT,
                DEFAULT_MTU, DEFAULT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_MAX_WINDOW_SIZE);
    }

    public TftpServerSettings withMaxTransfers(int value) {
        return new TftpServerSettings(listen, root, value, maxTransfersPerClient, mtu, timeout, maxRetries,
                maxWindowSize);
    }

    public TftpServerSettings withMaxTransfersPerClient(int value) {
        return new TftpServerSettings(listen, root, maxTransfers, value, mtu, timeout, maxRetries, maxWindowSize);
    }

    public TftpServerSettings withMtu(int value) {
        return new TftpServerSettings(listen, root, maxTransfers, maxTransfersPerClient, value, timeout, maxRetries,
                maxWindowSize);
    }

    public TftpServerSettings withTimeout(Duration value) {
        return new TftpServerSettings(listen, root, maxTransfers, maxTransfersPerClient, mtu, value, maxRetries,
                maxWindowSize);
    }

    public TftpServerSettings withMaxRetries(int value) {
        return new TftpServerSettings(listen, root, maxTransfers, maxTransfersPerClient, mtu, timeout, value,
                maxWindowSize);
    }

    public TftpServerSettings withMaxWindowSize(int value) {
        return new TftpServerSettings(listen, root, maxTransfers, maxTransfersPerClient, mtu, timeout, maxRetries,
                value);
    }

    /** The limits of a transfer to {@code client}: the largest block depends on its IP version's header. */
    public TransferLimits limitsFor(InetAddress client) {
        int headers = client instanceof Inet4Address ? IPV4_UDP_TFTP_HEADERS : IPV6_UDP_TFTP_HEADERS;
        int maxBlockSize = Math.min(mtu - headers, TransferLimits.MAX_BLOCK_SIZE);
        return new TransferLimits(maxBlockSize, maxWindowSize, timeout, maxRetries);
    }
}
