package io.tandem.dhcp6d.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.Delivery;
import io.tandem.common.event.EventBus;
import io.tandem.common.event.EventTable;
import io.tandem.common.event.Subscription;
import io.tandem.common.event.UnattributedEntry;
import io.tandem.common.identity.MacAddress;
import io.tandem.tftpd.server.TransferReport;
import io.tandem.tftpd.transfer.TransferOutcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which machine's row hears about the end of a boot file's transfer, and with what. */
class BootFileEventsTest {
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
    private static final MacAddress BOUND = MacAddress.parse("52:54:00:00:00:07");
    private static final InetSocketAddress CLIENT = new InetSocketAddress("2001:db8:2::5254:12:3456", 1024);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("2001:db8:2::99", 1024);
    private static final Instant NOW = Instant.parse("2026-12-05T02:00:00Z");
    /** The bindings: CLIENT's address is BOUND's, as dhcp6d gave it; no other address is held. */
    private static final Function<InetAddress, Optional<MacAddress>> BINDINGS =
            address -> address.equals(CLIENT.getAddress()) ? Optional.of(BOUND) : Optional.empty();

    private static TransferReport tftp(Optional<MacAddress> mac, String file, long bytes, TransferOutcome outcome,
                                       String detail) {
        return new TransferReport(mac, MAC + "/ipxe.efi", file, CLIENT, bytes, outcome, detail);
    }

    /** What a reader of every MAC gets from {@code publishing}. */
    private static List<Delivery> published(Consumer<EventBus> publishing) {
        EventBus bus = new EventBus(new EventTable(10, 10));
        try (Subscription reader = bus.subscribe(Optional.empty(), 100)) {
            publishing.accept(bus);
            List<Delivery> got = new ArrayList<>();
            for (Optional<Delivery> next = reader.poll(); next.isPresent(); next = reader.poll()) {
                got.add(next.get());
            }
            return got;
        }
    }

    /** The events published for MACs, the {@code init} that a new MAC's first event brings left out. */
    private static List<BootEvent> ofMacs(Consumer<EventBus> publishing) {
        return published(publishing).stream().map(delivery -> assertInstanceOf(Delivery.Live.class, delivery).event())
                .filter(event -> !event.name().equals("init")).toList();
    }

    private static BootEvent onlyOfMac(Consumer<EventBus> publishing) {
        List<BootEvent> events = ofMacs(publishing);
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }

    @Test
    void aTftpTransferToTheEndIsServedAndOneCutShortFailsWithItsOutcome() {
        assertEquals(new BootEvent(MAC, "served_ipxe_over_tftp", NOW, Map.of("file", "ipxe.efi",
                "bytes", "1031168", "client", "2001:db8:2::5254:12:3456")), onlyOfMac(bus -> BootFileEvents.publish(
                tftp(Optional.of(MAC), "ipxe.efi", 1_031_168, TransferOutcome.COMPLETED, ""), BINDINGS, bus, NOW)));
        assertEquals(new BootEvent(MAC, "tftp_transfer_failed", NOW, Map.of("file", "ipxe.efi",
                "bytes", "65536", "client", "2001:db8:2::5254:12:3456", "outcome", "timed_out",
                "reason", "no ACK of block 129 after 5 retries")), onlyOfMac(bus -> BootFileEvents.publish(
                tftp(Optional.of(MAC), "ipxe.efi", 65_536, TransferOutcome.TIMED_OUT,
                        "no ACK of block 129 after 5 retries"), BINDINGS, bus, NOW)));
        BootEvent refused = onlyOfMac(bus -> BootFileEvents.publish(tftp(Optional.of(MAC), "", 0,
                TransferOutcome.REFUSED, "ERROR 1: no such file"), BINDINGS, bus, NOW));
        assertEquals(MAC + "/ipxe.efi", refused.details().get("file"), "what was asked, when no file was found");
        assertEquals("refused", refused.details().get("outcome"));
        for (TransferOutcome outcome : new TransferOutcome[] {TransferOutcome.SUPERSEDED, TransferOutcome.BUSY,
            TransferOutcome.CLIENT_ABORTED, TransferOutcome.FAILED}) {
            assertEquals("tftp_transfer_failed", onlyOfMac(bus -> BootFileEvents.publish(tftp(Optional.of(MAC),
                    "ipxe.efi", 0, outcome, "x"), BINDINGS, bus, NOW)).name(), outcome.name());
        }
    }

    @Test
    void aSizeProbeAndAStoppingServerMakeNoEvent() {
        assertEquals(List.of(), published(bus -> BootFileEvents.publish(tftp(Optional.of(MAC), "ipxe.efi", 0,
                TransferOutcome.OPTIONS_ONLY, "tsize probe"), BINDINGS, bus, NOW)));
        assertEquals(List.of(), published(bus -> BootFileEvents.publish(tftp(Optional.empty(), "ipxe.efi", 512,
                TransferOutcome.CANCELLED, "the server is stopping"), BINDINGS, bus, NOW)));
    }

    @Test
    void aPathWithoutAMacGoesToTheMachineWhoseBindingHoldsTheClientsAddress() {
        BootEvent served = onlyOfMac(bus -> BootFileEvents.publish(new TransferReport(Optional.empty(), "ipxe.efi",
                "ipxe.efi", CLIENT, 1_031_168, TransferOutcome.COMPLETED, ""), BINDINGS, bus, NOW));
        assertEquals(new BootEvent(BOUND, "served_ipxe_over_tftp", NOW, Map.of("file", "ipxe.efi", "bytes", "1031168",
                "client", "2001:db8:2::5254:12:3456", "mac-source", "binding")), served);
        BootEvent refused = onlyOfMac(bus -> BootFileEvents.publish(new BootFileReport(Optional.empty(), "snp.efi", "",
                CLIENT, 0, BootFileReport.Outcome.REFUSED, "404 no such file"), BINDINGS, bus, NOW));
        assertEquals(BOUND, refused.mac());
        assertEquals("http_boot_file_failed", refused.name());
        assertEquals("binding", refused.details().get("mac-source"));
        assertEquals(MAC, onlyOfMac(bus -> BootFileEvents.publish(tftp(Optional.of(MAC), "ipxe.efi", 1,
                TransferOutcome.COMPLETED, ""), BINDINGS, bus, NOW)).mac(), "the path's MAC comes before the binding's");
    }

    @Test
    void aPathWithoutAMacFromAnAddressNoBindingHoldsIsUnattributedUnderItsAddressAndFile() {
        List<Delivery> got = published(bus -> {
            for (int attempt = 0; attempt < 2; attempt++) {
                BootFileEvents.publish(new TransferReport(Optional.empty(), "ipxe.efi", "", STRANGER, 0,
                        TransferOutcome.REFUSED, "ERROR 1: no such file"), BINDINGS, bus, NOW.plusSeconds(attempt));
            }
        });
        assertEquals(2, got.size(), got.toString());
        UnattributedEntry second = assertInstanceOf(Delivery.Unattributed.class, got.get(1)).entry();
        assertEquals("2001:db8:2::99 ipxe.efi", second.latest().key());
        assertEquals("tftp_transfer_failed", second.latest().name());
        assertEquals(Map.of("file", "ipxe.efi", "bytes", "0", "client", "2001:db8:2::99", "outcome", "refused",
                "reason", "ERROR 1: no such file"), second.latest().details());
        assertEquals(2, second.count());
        assertEquals(NOW, second.firstSeen());
        assertEquals("{\"key\":\"2001:db8:2::99 ipxe.efi\",\"count\":2,\"first-seen\":\"2026-12-05T02:00:00.000000000Z\","
                + "\"event\":{\"event\":\"tftp_transfer_failed\",\"timestamp\":\"2026-12-05T02:00:01.000000000Z\","
                + "\"file\":\"ipxe.efi\",\"bytes\":\"0\",\"client\":\"2001:db8:2::99\",\"outcome\":\"refused\","
                + "\"reason\":\"ERROR 1: no such file\"}}", second.toStreamJson().toString());
        UnattributedEntry sent = assertInstanceOf(Delivery.Unattributed.class, published(bus -> BootFileEvents.publish(
                new BootFileReport(Optional.empty(), "ipxe.efi", "ipxe.efi", STRANGER, 4096,
                        BootFileReport.Outcome.SENT, ""), BINDINGS, bus, NOW)).get(0)).entry();
        assertEquals("served_boot_file_over_http", sent.latest().name());
        assertEquals(1, sent.count());
    }

    @Test
    void anHttpBootFileSentIsServedAndOneRefusedOrCutShortFails() {
        assertEquals(new BootEvent(MAC, "served_boot_file_over_http", NOW, Map.of("file", "ipxe.efi",
                "bytes", "1031168", "client", "2001:db8:2::5254:12:3456")), onlyOfMac(bus -> BootFileEvents.publish(new BootFileReport(
                Optional.of(MAC), MAC + "/ipxe.efi", "ipxe.efi", CLIENT, 1_031_168, BootFileReport.Outcome.SENT, ""),
                BINDINGS, bus, NOW)));
        assertEquals(new BootEvent(MAC, "http_boot_file_failed", NOW, Map.of("file", MAC + "/snp.efi",
                "bytes", "0", "client", "2001:db8:2::5254:12:3456", "outcome", "refused",
                "reason", "404 no such file")), onlyOfMac(bus -> BootFileEvents.publish(new BootFileReport(
                Optional.of(MAC), MAC + "/snp.efi", "", CLIENT, 0, BootFileReport.Outcome.REFUSED, "404 no such file"),
                BINDINGS, bus, NOW)));
        assertEquals("cut_short", onlyOfMac(bus -> BootFileEvents.publish(new BootFileReport(Optional.of(MAC),
                MAC + "/ipxe.efi", "ipxe.efi", CLIENT, 4096, BootFileReport.Outcome.CUT_SHORT, "the connection ended"),
                BINDINGS, bus, NOW)).details().get("outcome"));
    }
}
