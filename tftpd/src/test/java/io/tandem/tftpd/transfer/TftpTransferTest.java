package io.tandem.tftpd.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.tftpd.wire.Ack;
import io.tandem.tftpd.wire.Data;
import io.tandem.tftpd.wire.ErrorCode;
import io.tandem.tftpd.wire.OptionAck;
import io.tandem.tftpd.wire.TftpError;
import io.tandem.tftpd.wire.TftpOption;
import io.tandem.tftpd.wire.TftpPacket;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The sending state machine, driven event by event: no sockets, no clock. */
class TftpTransferTest {
    private static final TransferLimits LIMITS = TftpNegotiationTest.LIMITS;

    private static ReadTransfer transfer(byte[] file, TftpOption... options) {
        return transfer(new MemorySource(file), options);
    }

    private static ReadTransfer transfer(MemorySource source, TftpOption... options) {
        Negotiation negotiation = OptionNegotiator.negotiate(List.of(options), source.size(), LIMITS);
        return new ReadTransfer(negotiation, source, LIMITS.maxRetries());
    }

    private static TftpOption option(String name, String value) {
        return new TftpOption(name, value);
    }

    private static List<Integer> blocks(Step step) {
        return step.send().stream().map(packet -> ((Data) packet).block()).toList();
    }

    private static Data onlyData(Step step) {
        assertEquals(1, step.send().size(), String.valueOf(step));
        return assertInstanceOf(Data.class, step.send().get(0));
    }

    private static void assertEnded(TransferOutcome outcome, Step step) {
        assertEquals(Optional.of(outcome), step.end().map(Step.End::outcome), String.valueOf(step));
    }

    private static void assertIgnored(Step step) {
        assertEquals(Step.none(), step);
    }

    /** Acknowledges every block as it comes (lock-step), returning what was received. */
    private static byte[] receiveLockStep(ReadTransfer transfer, Step step) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (!step.isEnd()) {
            Data data = onlyData(step);
            received.writeBytes(data.data().toArray());
            step = transfer.onPacket(new Ack(data.block()));
        }
        assertEnded(TransferOutcome.COMPLETED, step);
        return received.toByteArray();
    }

    @Test
    void rfc1350LockStepEndsWithTheShortBlock() {
        byte[] file = MemorySource.pattern(1025);
        ReadTransfer transfer = transfer(file);
        Step step = transfer.start();
        assertEquals(Optional.of(Duration.ofSeconds(1)), step.armTimer());
        assertEquals(512, onlyData(step).data().length());
        assertEquals(1, onlyData(step).block());
        step = transfer.onPacket(new Ack(1));
        assertEquals(2, onlyData(step).block());
        step = transfer.onPacket(new Ack(2));
        assertEquals(3, onlyData(step).block());
        assertEquals(1, onlyData(step).data().length());
        step = transfer.onPacket(new Ack(3));
        assertEnded(TransferOutcome.COMPLETED, step);
        assertEquals(List.of(), step.send());
        assertEquals(1025, transfer.bytesAcknowledged());
    }

    @Test
    void aFileOfWholeBlocksEndsWithAnEmptyBlock() {
        ReadTransfer transfer = transfer(MemorySource.pattern(1024));
        Step step = transfer.start();
        step = transfer.onPacket(new Ack(1));
        step = transfer.onPacket(new Ack(2));
        assertEquals(new Data(3, io.tandem.common.wire.Bytes.EMPTY), onlyData(step));
        assertEnded(TransferOutcome.COMPLETED, transfer.onPacket(new Ack(3)));
        assertEquals(1024, transfer.bytesAcknowledged());
    }

    @Test
    void anEmptyFileIsOneEmptyBlock() {
        ReadTransfer transfer = transfer(new byte[0]);
        assertEquals(0, onlyData(transfer.start()).data().length());
        assertEnded(TransferOutcome.COMPLETED, transfer.onPacket(new Ack(1)));
        assertEquals(0, transfer.bytesAcknowledged());
    }

    @Test
    void optionsGoFirstInAnOackAndDataWaitsForAck0() {
        byte[] file = MemorySource.pattern(3000);
        ReadTransfer transfer = transfer(file, option("blksize", "1024"), option("tsize", "0"));
        Step step = transfer.start();
        assertEquals(List.of(new OptionAck(option("blksize", "1024"), option("tsize", "3000"))), step.send());
        assertIgnored(transfer.onPacket(new Ack(1)));
        step = transfer.onPacket(new Ack(0));
        assertEquals(1024, onlyData(step).data().length());
        assertArrayEquals(file, receiveLockStep(transfer, step));
    }

    @Test
    void theNegotiatedTimeoutArmsTheTimer() {
        ReadTransfer transfer = transfer(MemorySource.pattern(10), option("timeout", "7"));
        assertEquals(Optional.of(Duration.ofSeconds(7)), transfer.start().armTimer());
        assertEquals(Optional.of(Duration.ofSeconds(7)), transfer.onPacket(new Ack(0)).armTimer());
    }

    @Test
    void edk2ProbesTheSizeThenDownloadsWithAWindowOfFour() {
        byte[] file = MemorySource.pattern(10_000);
        ReadTransfer probe = transfer(file, option("blksize", "1228"), option("tsize", "0"), option("windowsize", "4"));
        OptionAck oack = assertInstanceOf(OptionAck.class, probe.start().send().get(0));
        assertEquals("10000", oack.option("tsize").orElseThrow().value());
        Step aborted = probe.onPacket(new TftpError(ErrorCode.OPTION_REFUSED, "User aborted the transfer"));
        assertEnded(TransferOutcome.OPTIONS_ONLY, aborted);
        assertTrue(aborted.end().get().detail().contains("User aborted the transfer"));
        assertTrue(aborted.end().get().outcome().isNormal());
        assertIgnored(probe.onPacket(new Ack(0)));

        ReadTransfer download = transfer(file, option("blksize", "1228"), option("windowsize", "4"));
        assertEquals(List.of(new OptionAck(option("blksize", "1228"), option("windowsize", "4"))),
                download.start().send());
        Step step = download.onPacket(new Ack(0));
        assertEquals(List.of(1, 2, 3, 4), blocks(step));
        step = download.onPacket(new Ack(4));
        assertEquals(List.of(5, 6, 7, 8), blocks(step));
        step = download.onPacket(new Ack(8));
        assertEquals(List.of(9), blocks(step));
        assertEquals(10_000 - 8 * 1228, ((Data) step.send().get(0)).data().length());
        assertEnded(TransferOutcome.COMPLETED, download.onPacket(new Ack(9)));
        assertEquals(10_000, download.bytesAcknowledged());
    }

    @Test
    void anAckInsideTheWindowRestartsTheWindowAfterIt() {
        ReadTransfer transfer = transfer(MemorySource.pattern(20 * 512), option("windowsize", "4"));
        transfer.start();
        assertEquals(List.of(1, 2, 3, 4), blocks(transfer.onPacket(new Ack(0))));
        // Block 3 was lost: the client acknowledges 2, the last it has in order (RFC 7440 §4).
        assertEquals(List.of(3, 4, 5, 6), blocks(transfer.onPacket(new Ack(2))));
        assertEquals(List.of(7, 8, 9, 10), blocks(transfer.onPacket(new Ack(6))));
    }

    @Test
    void duplicateAcksAreIgnoredAndLeaveTheTimerAlone() {
        ReadTransfer transfer = transfer(MemorySource.pattern(5000));
        transfer.start();
        transfer.onPacket(new Ack(1));
        assertIgnored(transfer.onPacket(new Ack(1)));
        assertIgnored(transfer.onPacket(new Ack(0)));
        // An ACK for a block never sent is no better.
        assertIgnored(transfer.onPacket(new Ack(9)));
    }

    @Test
    void noSorcerersApprentice() {
        // DATA 2 is slow, not lost: the timer sends it again and the client acknowledges both copies.
        ReadTransfer transfer = transfer(MemorySource.pattern(5000));
        transfer.start();
        assertEquals(2, onlyData(transfer.onPacket(new Ack(1))).block());
        assertEquals(2, onlyData(transfer.onTimeout()).block());
        assertEquals(3, onlyData(transfer.onPacket(new Ack(2))).block());
        // The second ACK 2 must not send DATA 3 again, or every later block goes twice.
        assertIgnored(transfer.onPacket(new Ack(2)));
        assertEquals(4, onlyData(transfer.onPacket(new Ack(3))).block());
    }

    @Test
    void aTimeoutSendsTheWindowAgainThenTheTransferIsAbandoned() {
        MemorySource source = new MemorySource(MemorySource.pattern(10 * 512));
        ReadTransfer transfer = transfer(source, option("windowsize", "3"));
        transfer.start();
        assertEquals(List.of(1, 2, 3), blocks(transfer.onPacket(new Ack(0))));
        assertEquals(List.of(2, 3, 4), blocks(transfer.onPacket(new Ack(1))));
        for (int retry = 1; retry <= LIMITS.maxRetries(); retry++) {
            Step again = transfer.onTimeout();
            assertEquals(List.of(2, 3, 4), blocks(again), "retry " + retry);
            assertEquals(Optional.of(Duration.ofSeconds(1)), again.armTimer());
        }
        Step gaveUp = transfer.onTimeout();
        assertEnded(TransferOutcome.TIMED_OUT, gaveUp);
        assertEquals(List.of(), gaveUp.send());
        assertEquals(512, transfer.bytesAcknowledged());
        assertIgnored(transfer.onTimeout());
        assertIgnored(transfer.onPacket(new Ack(4)));
    }

    @Test
    void progressResetsTheRetries() {
        ReadTransfer transfer = transfer(MemorySource.pattern(100 * 512));
        transfer.start();
        for (int block = 1; block <= 20; block++) {
            for (int retry = 0; retry < LIMITS.maxRetries(); retry++) {
                assertEquals(block, onlyData(transfer.onTimeout()).block());
            }
            assertEquals(block + 1, onlyData(transfer.onPacket(new Ack(block))).block());
        }
    }

    @Test
    void aLostOackIsSentAgain() {
        ReadTransfer transfer = transfer(MemorySource.pattern(100), option("blksize", "1024"));
        OptionAck first = (OptionAck) transfer.start().send().get(0);
        assertEquals(List.of(first), transfer.onTimeout().send());
        for (int retry = 2; retry <= LIMITS.maxRetries(); retry++) {
            transfer.onTimeout();
        }
        Step gaveUp = transfer.onTimeout();
        assertEnded(TransferOutcome.TIMED_OUT, gaveUp);
        assertTrue(gaveUp.end().get().detail().contains("OACK"), gaveUp.end().get().detail());
    }

    @Test
    void anErrorDuringTheDataIsAnAbort() {
        ReadTransfer transfer = transfer(MemorySource.pattern(5000), option("blksize", "1024"));
        transfer.start();
        transfer.onPacket(new Ack(0));
        transfer.onPacket(new Ack(1));
        Step step = transfer.onPacket(new TftpError(ErrorCode.DISK_FULL, "no room"));
        assertEnded(TransferOutcome.CLIENT_ABORTED, step);
        assertEquals(List.of(), step.send());
        assertEquals(1024, transfer.bytesAcknowledged());
    }

    @Test
    void aReadErrorIsToldToTheClient() {
        ReadTransfer transfer = transfer(new MemorySource(MemorySource.pattern(5000), 1024));
        transfer.start();
        transfer.onPacket(new Ack(1));
        Step step = transfer.onPacket(new Ack(2));
        assertEnded(TransferOutcome.FAILED, step);
        assertEquals(List.of(new TftpError(ErrorCode.NOT_DEFINED, "read error")), step.send());
    }

    @Test
    void somethingElseFromTheClientChangesNothing() {
        ReadTransfer transfer = transfer(MemorySource.pattern(5000));
        transfer.start();
        assertIgnored(transfer.onPacket(new Data(1, io.tandem.common.wire.Bytes.EMPTY)));
        assertIgnored(transfer.onPacket(new OptionAck()));
        assertIgnored(transfer.onPacket(new io.tandem.tftpd.wire.ReadRequest("x", "octet")));
    }

    @Test
    void blockNumbersWrapPast65535() {
        // 8-byte blocks: 65537 blocks, numbered 1..65535, 0, 1.
        byte[] file = MemorySource.pattern(65_536 * 8 + 3);
        ReadTransfer transfer = transfer(file, option("blksize", "8"));
        transfer.start();
        Step step = transfer.onPacket(new Ack(0));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long expected = 1;
        while (!step.isEnd()) {
            Data data = onlyData(step);
            assertEquals(expected & 0xffff, data.block(), "block " + expected);
            received.writeBytes(data.data().toArray());
            if (expected == 65_536) {
                // A stale ACK from before the wrap means nothing now.
                assertIgnored(transfer.onPacket(new Ack(65_535)));
            }
            step = transfer.onPacket(new Ack(data.block()));
            expected++;
        }
        assertEnded(TransferOutcome.COMPLETED, step);
        assertEquals(65_538, expected);
        assertArrayEquals(file, received.toByteArray());
        assertEquals(file.length, transfer.bytesAcknowledged());
    }

    @Test
    void windowsWrapToo() {
        byte[] file = MemorySource.pattern(65_540 * 8);
        ReadTransfer transfer = transfer(file, option("blksize", "8"), option("windowsize", "16"));
        transfer.start();
        Step step = transfer.onPacket(new Ack(0));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (!step.isEnd()) {
            List<TftpPacket> window = step.send();
            window.forEach(packet -> received.writeBytes(((Data) packet).data().toArray()));
            step = transfer.onPacket(new Ack(((Data) window.get(window.size() - 1)).block()));
        }
        assertEnded(TransferOutcome.COMPLETED, step);
        assertArrayEquals(file, received.toByteArray());
    }

    @Test
    void netasciiHasNoSizeSoTsizeIsLeftOut() {
        Negotiation negotiation = OptionNegotiator.negotiate(List.of(option("tsize", "0")), OptionalLong.empty(), LIMITS);
        ReadTransfer transfer = new ReadTransfer(negotiation, new MemorySource(new byte[3]), 5);
        assertEquals(1, onlyData(transfer.start()).block());
    }
}
