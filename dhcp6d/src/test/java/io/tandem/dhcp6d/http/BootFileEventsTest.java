package io.tandem.dhcp6d.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.event.BootEvent;
import io.tandem.common.identity.MacAddress;
import io.tandem.tftpd.server.TransferReport;
import io.tandem.tftpd.transfer.TransferOutcome;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which ends of a boot file's transfer a machine's row hears about, and with what. */
class BootFileEventsTest {
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
    private static final InetSocketAddress CLIENT = new InetSocketAddress("2001:db8:2::5254:12:3456", 1024);
    private static final Instant NOW = Instant.parse("2026-12-05T02:00:00Z");

    private static TransferReport tftp(Optional<MacAddress> mac, String file, long bytes, TransferOutcome outcome,
                                       String detail) {
        return new TransferReport(mac, MAC + "/ipxe.efi", file, CLIENT, bytes, outcome, detail);
    }

    @Test
    void aTftpTransferToTheEndIsServedAndOneCutShortFailsWithItsOutcome() {
        assertEquals(Optional.of(new BootEvent(MAC, "served_ipxe_over_tftp", NOW, Map.of("file", "ipxe.efi",
                "bytes", "1031168", "client", "2001:db8:2::5254:12:3456"))),
                BootFileEvents.of(tftp(Optional.of(MAC), "ipxe.efi", 1_031_168, TransferOutcome.COMPLETED, ""), NOW));
        assertEquals(Optional.of(new BootEvent(MAC, "tftp_transfer_failed", NOW, Map.of("file", "ipxe.efi",
                "bytes", "65536", "client", "2001:db8:2::5254:12:3456", "outcome", "timed_out",
                "reason", "no ACK of block 129 after 5 retries"))),
                BootFileEvents.of(tftp(Optional.of(MAC), "ipxe.efi", 65_536, TransferOutcome.TIMED_OUT,
                        "no ACK of block 129 after 5 retries"), NOW));
        BootEvent refused = BootFileEvents.of(tftp(Optional.of(MAC), "", 0, TransferOutcome.REFUSED,
                "ERROR 1: no such file"), NOW).orElseThrow();
        assertEquals(MAC + "/ipxe.efi", refused.details().get("file"), "what was asked, when no file was found");
        assertEquals("refused", refused.details().get("outcome"));
        for (TransferOutcome outcome : new TransferOutcome[] {TransferOutcome.SUPERSEDED, TransferOutcome.BUSY,
            TransferOutcome.CLIENT_ABORTED, TransferOutcome.FAILED}) {
            assertEquals("tftp_transfer_failed", BootFileEvents.of(tftp(Optional.of(MAC), "ipxe.efi", 0, outcome, "x"),
                    NOW).orElseThrow().name(), outcome.name());
        }
    }

    @Test
    void aSizeProbeAStoppingServerAndAPathWithoutAMacMakeNoEvent() {
        assertEquals(Optional.empty(), BootFileEvents.of(tftp(Optional.of(MAC), "ipxe.efi", 0,
                TransferOutcome.OPTIONS_ONLY, "tsize probe"), NOW));
        assertEquals(Optional.empty(), BootFileEvents.of(tftp(Optional.of(MAC), "ipxe.efi", 512,
                TransferOutcome.CANCELLED, "the server is stopping"), NOW));
        assertEquals(Optional.empty(), BootFileEvents.of(tftp(Optional.empty(), "", 0, TransferOutcome.REFUSED,
                "ERROR 1"), NOW));
        assertEquals(Optional.empty(), BootFileEvents.of(new BootFileReport(Optional.empty(), "missing.efi", "", CLIENT,
                0, BootFileReport.Outcome.REFUSED, "404 no such file"), NOW));
    }

    @Test
    void anHttpBootFileSentIsServedAndOneRefusedOrCutShortFails() {
        assertEquals(Optional.of(new BootEvent(MAC, "served_boot_file_over_http", NOW, Map.of("file", "ipxe.efi",
                "client", "2001:db8:2::5254:12:3456"))), BootFileEvents.of(new BootFileReport(Optional.of(MAC),
                MAC + "/ipxe.efi", "ipxe.efi", CLIENT, 1_031_168, BootFileReport.Outcome.SENT, ""), NOW));
        assertEquals(Optional.of(new BootEvent(MAC, "http_boot_file_failed", NOW, Map.of("file", MAC + "/snp.efi",
                "bytes", "0", "client", "2001:db8:2::5254:12:3456", "outcome", "refused",
                "reason", "404 no such file"))), BootFileEvents.of(new BootFileReport(Optional.of(MAC),
                MAC + "/snp.efi", "", CLIENT, 0, BootFileReport.Outcome.REFUSED, "404 no such file"), NOW));
        assertEquals("cut_short", BootFileEvents.of(new BootFileReport(Optional.of(MAC), MAC + "/ipxe.efi",
                "ipxe.efi", CLIENT, 4096, BootFileReport.Outcome.CUT_SHORT, "the connection ended"), NOW)
                .orElseThrow().details().get("outcome"));
    }
}
