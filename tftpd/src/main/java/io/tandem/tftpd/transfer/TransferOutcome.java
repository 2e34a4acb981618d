package io.tandem.tftpd.transfer;

/** How a transfer (or a request that never became one) ended. */
public enum TransferOutcome {
    /** The client acknowledged the last block. */
    COMPLETED(true),
    /**
     * The client ended the transfer with an ERROR in answer to the OACK, before any data: the way
     * EDK2 asks for a file's size ({@code tsize}) before downloading it. A normal end.
     */
    OPTIONS_ONLY(true),
    /** The client sent an ERROR during the data. */
    CLIENT_ABORTED(false),
    /** The client stopped answering and the retries ran out. */
    TIMED_OUT(false),
    /** The request was answered with an ERROR: no such file, outside the root, a write request, a bad mode. */
    REFUSED(false),
    /** The server could not go on: the file could not be read, no port was free. */
    FAILED(false),
    /**
     * A newer request from the same client ended the transfer: its port asked for something else
     * (a client that restarted), or its address already held its share of transfers and this one
     * had waited longest for an ACK (a firmware that rebooted mid-download, or a flood).
     */
    SUPERSEDED(false),
    /** The request was answered ERROR 0 "Busy, retry later": {@code max-transfers} were running. */
    BUSY(false),
    /** The server stopped. */
    CANCELLED(false);

    private final boolean normal;

    TransferOutcome(boolean normal) {
        this.normal = normal;
    }

    /** Whether this is an end the client wanted. */
    public boolean isNormal() {
        return normal;
    }
}
