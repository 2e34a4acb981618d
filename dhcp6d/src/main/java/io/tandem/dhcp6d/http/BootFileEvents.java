package io.tandem.dhcp6d.http;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventBus;
import io.tandem.common.event.EventNames;
import io.tandem.common.event.UnattributedEvent;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import io.tandem.tftpd.server.TransferReport;
import io.tandem.tftpd.transfer.TransferOutcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The event a boot file's transfer makes, over TFTP or dhcp6d's {@code /boot/}: served when the
 * file went to the end, failed with its outcome and reason when it did not. It goes to the MAC of
 * its path ({@code <mac>/<file>}); a path without one goes to the MAC of the binding that holds
 * the client's address ({@code "mac-source": "binding"}), since that is the address dhcp6d gave
 * the machine; a client that no binding names makes an unattributed event under its address and
 * file, so that the transfer is on the page, not dropped. EDK2's size probe (an abort right after
 * the OACK) is a normal end and makes none, nor does a server that is stopping.
 */
public final class BootFileEvents {
    private BootFileEvents() {
    }

    /** A transfer's event before it is given to a MAC or to nobody known. */
    private record FileEvent(String name, Map<String, String> details, InetSocketAddress client, String file) {
    }

    /**
     * Publishes the TFTP transfer's event, if it makes one.
     *
     * @param macAt the MAC of the binding holding an address ({@code Dhcp6Engine::macAt})
     */
    public static void publish(TransferReport report, Function<InetAddress, Optional<MacAddress>> macAt, EventBus bus,
            Instant now) {
        TransferOutcome outcome = report.outcome();
        if (outcome == TransferOutcome.OPTIONS_ONLY || outcome == TransferOutcome.CANCELLED) {
            return;
        }
        String file = report.file().isEmpty() ? report.requested() : report.file();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("file", file);
        details.put("bytes", Long.toString(report.bytes()));
        details.put("client", Addresses.text(report.client().getAddress()));
        if (outcome == TransferOutcome.COMPLETED) {
            publish(new FileEvent(EventNames.SERVED_IPXE_OVER_TFTP, details, report.client(), file), report.mac(),
                    macAt, bus, now);
            return;
        }
        details.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
        details.put("reason", report.detail());
        publish(new FileEvent(EventNames.TFTP_TRANSFER_FAILED, details, report.client(), file), report.mac(), macAt,
                bus, now);
    }

    /** Publishes the event of a GET of a boot file from {@code /boot/}. */
    public static void publish(BootFileReport report, Function<InetAddress, Optional<MacAddress>> macAt, EventBus bus,
            Instant now) {
        Map<String, String> details = new LinkedHashMap<>();
        String file = report.file().isEmpty() ? report.requested() : report.file();
        details.put("file", file);
        details.put("bytes", Long.toString(report.bytes()));
        details.put("client", Addresses.text(report.client().getAddress()));
        if (report.outcome() == BootFileReport.Outcome.SENT) {
            publish(new FileEvent(EventNames.SERVED_BOOT_FILE_OVER_HTTP, details, report.client(), file), report.mac(),
                    macAt, bus, now);
            return;
        }
        details.put("outcome", report.outcome().name().toLowerCase(Locale.ROOT));
        details.put("reason", report.detail());
        publish(new FileEvent(EventNames.HTTP_BOOT_FILE_FAILED, details, report.client(), file), report.mac(), macAt,
                bus, now);
    }

    private static void publish(FileEvent event, Optional<MacAddress> ofPath,
            Function<InetAddress, Optional<MacAddress>> macAt, EventBus bus, Instant now) {
        if (ofPath.isPresent()) {
            bus.observe(new BootEvent(ofPath.get(), event.name(), now, event.details()));
            return;
        }
        Optional<MacAddress> ofBinding = macAt.apply(event.client().getAddress());
        if (ofBinding.isPresent()) {
            bus.observe(new BootEvent(ofBinding.get(), event.name(), now, event.details()).with("mac-source", "binding"));
            return;
        }
        bus.publishUnattributed(new UnattributedEvent(event.details().get("client") + " " + event.file(), event.name(),
                now, event.details()));
    }
}
