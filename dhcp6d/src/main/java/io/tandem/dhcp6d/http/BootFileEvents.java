package io.tandem.dhcp6d.http;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventNames;
import io.tandem.common.wire.Addresses;
import io.tandem.tftpd.server.TransferReport;
import io.tandem.tftpd.transfer.TransferOutcome;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The event a boot file's transfer makes for its MAC (the {@code <mac>/} of its path), over TFTP
 * or dhcp6d's {@code /boot/}: served when the file went to the end, failed with its outcome and
 * reason when it did not. A transfer without a MAC in its path names no machine and makes none;
 * it is in the logs and {@code tandem_tftp_transfers_total}. EDK2's size probe (an abort right
 * after the OACK) is a normal end and makes none either, nor does a server that is stopping.
 */
public final class BootFileEvents {
    private BootFileEvents() {
    }

    public static Optional<BootEvent> of(TransferReport report, Instant now) {
        TransferOutcome outcome = report.outcome();
        if (report.mac().isEmpty() || outcome == TransferOutcome.OPTIONS_ONLY || outcome == TransferOutcome.CANCELLED) {
            return Optional.empty();
        }
        if (outcome == TransferOutcome.COMPLETED) {
            return Optional.of(BootEvent.of(report.mac().get(), EventNames.SERVED_IPXE_OVER_TFTP, now)
                    .with("file", report.file()).with("bytes", report.bytes())
                    .with("client", Addresses.text(report.client().getAddress())));
        }
        return Optional.of(BootEvent.of(report.mac().get(), EventNames.TFTP_TRANSFER_FAILED, now)
                .with("file", report.file().isEmpty() ? report.requested() : report.file())
                .with("bytes", report.bytes()).with("client", Addresses.text(report.client().getAddress()))
                .with("outcome", outcome.name().toLowerCase(Locale.ROOT)).with("reason", report.detail()));
    }

    public static Optional<BootEvent> of(BootFileReport report, Instant now) {
        if (report.mac().isEmpty()) {
            return Optional.empty();
        }
        String client = Addresses.text(report.client().getAddress());
        if (report.outcome() == BootFileReport.Outcome.SENT) {
            return Optional.of(BootEvent.of(report.mac().get(), EventNames.SERVED_BOOT_FILE_OVER_HTTP, now)
                    .with("file", report.file()).with("client", client));
        }
        return Optional.of(BootEvent.of(report.mac().get(), EventNames.HTTP_BOOT_FILE_FAILED, now)
                .with("file", report.file().isEmpty() ? report.requested() : report.file())
                .with("bytes", report.bytes()).with("client", client)
                .with("outcome", report.outcome().name().toLowerCase(Locale.ROOT)).with("reason", report.detail()));
    }
}
