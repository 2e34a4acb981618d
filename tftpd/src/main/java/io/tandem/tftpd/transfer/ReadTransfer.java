package io.tandem.tftpd.transfer;

import io.tandem.common.wire.Bytes;
import io.tandem.tftpd.wire.Ack;
import io.tandem.tftpd.wire.Data;
import io.tandem.tftpd.wire.ErrorCode;
import io.tandem.tftpd.wire.OptionAck;
import io.tandem.tftpd.wire.TftpError;
import io.tandem.tftpd.wire.TftpPacket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of one read transfer, without sockets or clocks: events in ({@link #start},
 * {@link #onPacket} for packets from the client's transfer ID, {@link #onTimeout}), a
 * {@link Step} out. Not thread-safe: one transfer lives on one thread.
 *
 * <ul>
 *   <li>With options acknowledged, an OACK goes first and DATA waits for ACK 0 (RFC 2347). An
 *       ERROR in answer to the OACK ends the transfer as {@link TransferOutcome#OPTIONS_ONLY}.</li>
 *   <li>Blocks go out a window at a time ({@code windowsize}, 1 = RFC 1350 lock-step). An ACK
 *       for a block inside the window moves the window to the block after it, so blocks the
 *       client missed are sent again at once (RFC 7440 §4).</li>
 *   <li>An ACK for the block before the window (a duplicate) changes nothing: only the timer
 *       sends anything again, which is the cure for the Sorcerer's Apprentice bug (RFC 1123
 *       §4.2.3.1) &mdash; answering duplicates would double every later packet.</li>
 *   <li>On timeout the OACK or the whole window is sent again, at most {@code maxRetries}
 *       times in a row; then the transfer is abandoned without a word (the client is gone).</li>
 *   <li>Block numbers are counted in 64 bits and sent modulo 65536, so they wrap from 65535 to
 *       0 and files of any size can be sent. A block shorter than the block size (possibly
 *       empty) is the last.</li>
 * </ul>
 */
public final class ReadTransfer {
    private enum Phase { OPTION_ACK_SENT, SENDING, ENDED }

    private final Negotiation negotiation;
    private final BlockSource source;
    private final int maxRetries;
    private Phase phase;
    /** The first block the client has not acknowledged (blocks count from 1). */
    private long base = 1;
    /** The last block sent so far, 0 before any. */
    private long sentUpTo;
    /** The number of the last block once a short block was read, else -1. */
    private long lastBlock = -1;
    private int lastBlockLength;
    private int retries;

    public ReadTransfer(Negotiation negotiation, BlockSource source, int maxRetries) {
        this.negotiation = negotiation;
        this.source = source;
        this.maxRetries = maxRetries;
    }

    public Negotiation negotiation() {
        return negotiation;
    }

    public Step start() {
        if (negotiation.sendsOptionAck()) {
            phase = Phase.OPTION_ACK_SENT;
            return Step.send(List.of(new OptionAck(negotiation.acknowledged())), negotiation.timeout());
        }
        phase = Phase.SENDING;
        return sendWindow();
    }

    /** A packet from the client's address and port. */
    public Step onPacket(TftpPacket packet) {
        if (phase == Phase.ENDED) {
            return Step.none();
        }
        if (packet instanceof TftpError error) {
            TransferOutcome outcome = phase == Phase.OPTION_ACK_SENT
                    ? TransferOutcome.OPTIONS_ONLY : TransferOutcome.CLIENT_ABORTED;
            return end(List.of(), outcome, "client sent ERROR " + error.code() + " '" + error.message() + "'");
        }
        if (packet instanceof Ack ack) {
            return onAck(ack.block());
        }
        // DATA, OACK or another request on the transfer port: nothing a reading client sends.
        return Step.none();
    }

    private Step onAck(int block) {
        if (phase == Phase.OPTION_ACK_SENT) {
            if (block != 0) {
                return Step.none();
            }
            phase = Phase.SENDING;
            retries = 0;
            return sendWindow();
        }
        // The acknowledged block is the one in [base - 1, sentUpTo] with these low 16 bits.
        long acked = base - 1 + ((block - (base - 1)) & 0xffff);
        if (acked == base - 1 || acked > sentUpTo) {
            return Step.none();
        }
        base = acked + 1;
        retries = 0;
        if (acked == lastBlock) {
            return end(List.of(), TransferOutcome.COMPLETED, "");
        }
        return sendWindow();
    }

    public Step onTimeout() {
        if (phase == Phase.ENDED) {
            return Step.none();
        }
        if (retries >= maxRetries) {
            return end(List.of(), TransferOutcome.TIMED_OUT,
                    "no answer after " + (retries + 1) + " sends of " + describeWaitingFor());
        }
        retries++;
        if (phase == Phase.OPTION_ACK_SENT) {
            return Step.send(List.of(new OptionAck(negotiation.acknowledged())), negotiation.timeout());
        }
        return sendWindow();
    }

    private String describeWaitingFor() {
        return phase == Phase.OPTION_ACK_SENT ? "the OACK" : "block " + base;
    }

    /** Sends blocks from {@code base}, a window's worth or up to the last block. */
    private Step sendWindow() {
        List<TftpPacket> packets = new ArrayList<>();
        int blockSize = negotiation.blockSize();
        for (long block = base; block < base + negotiation.windowSize(); block++) {
            if (lastBlock >= 0 && block > lastBlock) {
                break;
            }
            Bytes data;
            try {
                data = source.read((block - 1) * blockSize, blockSize);
            } catch (IOException | RuntimeException e) {
                return end(List.of(new TftpError(ErrorCode.NOT_DEFINED, "read error")), TransferOutcome.FAILED,
                        "reading block " + block + ": " + e);
            }
            packets.add(new Data((int) (block & 0xffff), data));
            sentUpTo = Math.max(sentUpTo, block);
            if (data.length() < blockSize) {
                lastBlock = block;
                lastBlockLength = data.length();
                break;
            }
        }
        return Step.send(packets, negotiation.timeout());
    }

    private Step end(List<TftpPacket> packets, TransferOutcome outcome, String detail) {
        phase = Phase.ENDED;
        return Step.end(packets, outcome, detail);
    }

    public boolean isEnded() {
        return phase == Phase.ENDED;
    }

    /** Bytes the client has acknowledged, as sent (after netascii conversion). */
    public long bytesAcknowledged() {
        long full = base - 1;
        if (lastBlock >= 0 && full == lastBlock) {
            return (lastBlock - 1) * negotiation.blockSize() + lastBlockLength;
        }
        return full * negotiation.blockSize();
    }
}
