package io.tandem.tftpd.transfer;

import io.tandem.tftpd.wire.TftpPacket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the state machine wants done after an event: packets to send to the client, in order;
 * the retransmission timer to (re)arm, or empty to leave it as it is; and, when the transfer is
 * over, how it ended (the timer is then cancelled).
 */
public record Step(List<TftpPacket> send, Optional<Duration> armTimer, Optional<End> end) {
    public Step {
        send = List.copyOf(send);
    }

    /** The end of a transfer, with a detail for the log (the client's error message, the I/O failure). */
    public record End(TransferOutcome outcome, String detail) {
    }

    /** Nothing to do: the event was ignored and the timer keeps running. */
    public static Step none() {
        return new Step(List.of(), Optional.empty(), Optional.empty());
    }

    static Step send(List<TftpPacket> packets, Duration timer) {
        return new Step(packets, Optional.of(timer), Optional.empty());
    }

    static Step end(List<TftpPacket> packets, TransferOutcome outcome, String detail) {
        return new Step(packets, Optional.empty(), Optional.of(new End(outcome, detail)));
    }

    public boolean isEnd() {
        return end.isPresent();
    }
}
