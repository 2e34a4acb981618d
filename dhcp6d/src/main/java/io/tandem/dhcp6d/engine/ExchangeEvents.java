package io.tandem.dhcp6d.engine;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventNames;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.netboot.BootStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * What an answered message tells an operator watching a machine boot: the address life cycle
 * ({@code advertised}, {@code bound}, {@code renewed}, {@code released}, {@code declined}, or
 * {@code not_served} when it asked for addresses and got none, or came from a link no subnet
 * holds), and, when
 * a binding is committed, the boot stage it was for ({@code point_pxe_to_ipxe_over_tftp},
 * {@code point_ipxe_to_http_boot}, {@code http_boot}, {@code os_init}), with the details needed
 * to debug: DUID, IAIDs, addresses, where the MAC came from, the relay, the boot URL.
 */
final class ExchangeEvents {
    private ExchangeEvents() {
    }

    static List<BootEvent> of(ClientServerMessage request, boolean committed, ClientMac mac, BootStage stage,
            List<Option6> answer, Optional<RelayMessage> relay, Instant now) {
        MessageType6 type = request.type();
        String lifecycle;
        if (type.equals(MessageType6.SOLICIT) || type.equals(MessageType6.REQUEST)) {
            lifecycle = committed ? EventNames.BOUND : EventNames.ADVERTISED;
        } else if (type.equals(MessageType6.RENEW) || type.equals(MessageType6.REBIND)) {
            lifecycle = EventNames.RENEWED;
        } else if (type.equals(MessageType6.RELEASE)) {
            lifecycle = EventNames.RELEASED;
        } else if (type.equals(MessageType6.DECLINE)) {
            lifecycle = EventNames.DECLINED;
        } else {
            return List.of();
        }
        BootEvent event = client(request, mac, lifecycle, now);
        StringJoiner addresses = new StringJoiner(",");
        Optional<Option6.StatusCode> refusal = Optional.empty();
        boolean prefixes = false;
        for (Option6 option : answer) {
            if (option instanceof Option6.IaNa ia) {
                for (Option6.IaAddress address : ia.options().iaAddresses()) {
                    if (address.validLifetime() > 0) {
                        addresses.add(Addresses.text(address.address()));
                    }
                }
                refusal = refusal.or(() -> ia.options().statusCode());
            }
            prefixes |= option instanceof Option6.IaPd;
        }
        if (addresses.length() > 0) {
            event = event.with("address", addresses.toString());
        }
        if (relay.isPresent()) {
            event = event.with("relay", Addresses.text(relay.get().linkAddress()));
        }
        if (asksForAddresses(type) && addresses.length() == 0 && !prefixes) {
            // The MAC asked and got nothing: the IA's status says why (NoAddrsAvail and its reason).
            String reason = refusal.map(status -> status.statusName() + ": " + status.messageText()).orElse("no IA");
            return List.of(new BootEvent(mac.mac(), EventNames.NOT_SERVED, now, event.details())
                    .with("message", type.name()).with("reason", reason));
        }
        List<BootEvent> events = new ArrayList<>(2);
        events.add(event);
        if (lifecycle.equals(EventNames.BOUND)) {
            Optional<String> url = Optional.empty();
            for (Option6 option : answer) {
                if (option instanceof Option6.Text text && text.code() == Dhcp6Options.BOOTFILE_URL) {
                    url = Optional.of(text.text());
                    break;
                }
            }
            String stageEvent = switch (stage) {
                case PXE_FIRMWARE -> EventNames.POINT_PXE_TO_IPXE_OVER_TFTP;
                case IPXE -> EventNames.POINT_IPXE_TO_HTTP_BOOT;
                case UEFI_HTTP -> EventNames.HTTP_BOOT;
                case FIRMWARE_NETWORK -> EventNames.FIRMWARE_INIT;
                case OS -> EventNames.OS_INIT;
            };
            BootEvent stageRecord = BootEvent.of(mac.mac(), stageEvent, now);
            if (!request.options().clientArchTypes().isEmpty()) {
                stageRecord = stageRecord.with("architecture", request.options().clientArchTypes().stream()
                        .map(String::valueOf).collect(Collectors.joining(",")));
            }
            events.add(url.isPresent() ? stageRecord.with("url", url.get()) : stageRecord);
        }
        return events;
    }

    /**
     * The {@code not_served} of a message from a link no subnet holds, answered (each IA with its
     * status) or not; only a message that asks for addresses (Solicit, Request, Renew, Rebind)
     * makes one, since a machine that releases or confirms is not waiting for an address.
     */
    static List<BootEvent> notServed(ClientServerMessage request, ClientMac mac, Optional<RelayMessage> relay,
            String reason, Instant now) {
        MessageType6 type = request.type();
        if (!asksForAddresses(type)) {
            return List.of();
        }
        BootEvent event = client(request, mac, EventNames.NOT_SERVED, now);
        if (relay.isPresent()) {
            event = event.with("relay", Addresses.text(relay.get().linkAddress()));
        }
        return List.of(event.with("message", type.name()).with("reason", reason));
    }

    private static boolean asksForAddresses(MessageType6 type) {
        return type.equals(MessageType6.SOLICIT) || type.equals(MessageType6.REQUEST)
                || type.equals(MessageType6.RENEW) || type.equals(MessageType6.REBIND);
    }

    /** An event that names the client: its DUID, where its MAC came from, its IA_NAs' IAIDs. */
    private static BootEvent client(ClientServerMessage request, ClientMac mac, String name, Instant now) {
        BootEvent event = BootEvent.of(mac.mac(), name, now)
                .with("duid", request.options().clientId().map(duid -> duid.bytes().colonHex()).orElse(""))
                .with("mac-source", mac.source().configName().orElse("unknown"));
        StringJoiner iaids = new StringJoiner(",");
        for (Option6.IaNa ia : request.options().iaNas()) {
            iaids.add(Long.toString(ia.iaid()));
        }
        return iaids.length() == 0 ? event : event.with("iaid", iaids.toString());
    }
}
