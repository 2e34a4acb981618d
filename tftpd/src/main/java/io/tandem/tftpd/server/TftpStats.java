package io.tandem.tftpd.server;

/**
 * Counters since the server started.
 *
 * @param requests           read and write requests received
 * @param completed          transfers that ended normally (including size probes)
 * @param failed             transfers that ended otherwise (timeout, client abort, read error, stop)
 * @param superseded         transfers ended by a newer request from the same client
 * @param refused            requests answered with an ERROR
 * @param busy               read requests answered ERROR 0 "Busy, retry later" ({@code max-transfers} running)
 * @param malformed          datagrams that did not decode
 * @param foreignTransferIds packets to a transfer port from someone other than its client
 */
public record TftpStats(long requests, long completed, long failed, long superseded, long refused, long busy,
                        long malformed, long foreignTransferIds) {
    /** For log lines: {@code 12 requests, 10 completed, ...}, no Java record dump. */
    @Override
    public String toString() {
        return requests + " requests, " + completed + " completed, " + failed + " failed, " + superseded
                + " superseded, " + refused + " refused, " + busy + " busy, " + malformed + " malformed, "
                + foreignTransferIds + " from foreign transfer ids";
    }
}
