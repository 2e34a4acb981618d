package io.tandem.dhcp6d.engine;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventNames;
import io.tandem.common.event.UnattributedEvent;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.netboot.BootStage;
import java.net.Inet6Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * to debug: DUID, IAIDs, addresses, where the MAC came from, the relay, the boot URL. A client
 * whose MAC was not found makes a {@code no_mac} under its DUID instead ({@link #noMac}).
 */
final class ExchangeEvents {
    private ExchangeEvents() {
    }

    static List<BootEvent> of(ClientServerMessage request, boolean committed, ClientMac mac, BootStage stage,
            List<Option6> answer, Optional<RelayMessage> relay, Instant now) {
        Optional<Answered> answered = Answered.of(request.type(), committed, answer);
        if (answered.isEmpty()) {
            return List.of();
        }
        String lifecycle = answered.get().lifecycle();
        boolean refused = answered.get().refusal().isPresent();
        BootEvent.Builder event = client(request, mac, refused ? EventNames.NOT_SERVED : lifecycle, now);
        if (!answered.get().addresses().isEmpty()) {
            event.with("address", answered.get().addresses());
        }
        if (relay.isPresent()) {
            event.with("relay", Addresses.text(relay.get().linkAddress()));
        }
        if (refused) {
            return List.of(event.with("message", request.type().name()).with("reason", answered.get().refusal().get())
                    .build());
        }
        List<BootEvent> events = new ArrayList<>(2);
        events.add(event.build());
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
            BootEvent.Builder stageRecord = BootEvent.builder(mac.mac(), stageEvent, now);
            if (!request.options().clientArchTypes().isEmpty()) {
                stageRecord.with("architecture", request.options().clientArchTypes().stream()
                        .map(String::valueOf).collect(Collectors.joining(",")));
            }
            url.ifPresent(text -> stageRecord.with("url", text));
            events.add(stageRecord.build());
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
        BootEvent.Builder event = client(request, mac, EventNames.NOT_SERVED, now);
        if (relay.isPresent()) {
            event.with("relay", Addresses.text(relay.get().linkAddress()));
        }
        return List.of(event.with("message", type.name()).with("reason", reason).build());
    }

    /**
     * The {@code no_mac} of an answered message whose client's MAC no source of {@code mac-sources}
     * gave: kept under its DUID, with what it asked, what it got ({@code outcome}: the life-cycle
     * step a MAC's event would have named, or {@code not_served} and its {@code reason}) and where
     * it asked from, so that an operator can find it and give its relay option 79.
     *
     * @param link   the link as an operator finds it in the config ("relay link-address ...", "interface ...")
     * @param source the client's own address: its source when direct, the nearest relay's peer-address when relayed
     */
    static Optional<UnattributedEvent> noMac(ClientServerMessage request, boolean committed, List<Option6> answer,
            Optional<RelayMessage> relay, Inet6Address source, String link, Instant now) {
        Optional<Answered> answered = Answered.of(request.type(), committed, answer);
        Optional<Duid> duid = request.options().clientId();
        if (answered.isEmpty() || duid.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put(EventNames.DUID_DETAIL, duid.get().bytes().colonHex());
        details.put("duid-type", duid.get().typeName());
        details.put("message", request.type().name());
        details.put("outcome", answered.get().refusal().isPresent() ? EventNames.NOT_SERVED : answered.get().lifecycle());
        answered.get().refusal().ifPresent(reason -> details.put("reason", reason));
        if (!answered.get().addresses().isEmpty()) {
            details.put("address", answered.get().addresses());
        }
        String iaids = iaids(request);
        if (!iaids.isEmpty()) {
            details.put("iaid", iaids);
        }
        details.put("link", link);
        relay.ifPresent(nearest -> details.put("relay", Addresses.text(nearest.linkAddress())));
        details.put("source", Addresses.text(source));
        return Optional.of(new UnattributedEvent(details.get(EventNames.DUID_DETAIL), EventNames.NO_MAC, now, details));
    }

    /**
     * What an answer did for its client: the life-cycle step its message makes, the addresses it
     * holds now, and, when it asked for addresses and every IA came back without one, why.
     *
     * @param refusal the first IA's status and text (e.g. {@code NoAddrsAvail: ...}), or {@code no IA}
     */
    private record Answered(String lifecycle, String addresses, Optional<String> refusal) {
        static Optional<Answered> of(MessageType6 type, boolean committed, List<Option6> answer) {
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
                return Optional.empty();
            }
            StringJoiner addresses = new StringJoiner(",");
            Optional<Option6.StatusCode> status = Optional.empty();
            boolean prefixes = false;
            for (Option6 option : answer) {
                if (option instanceof Option6.IaNa ia) {
                    for (Option6.IaAddress address : ia.options().iaAddresses()) {
                        if (address.validLifetime() > 0) {
                            addresses.add(Addresses.text(address.address()));
                        }
                    }
                    status = status.or(() -> ia.options().statusCode());
                }
                prefixes |= option instanceof Option6.IaPd;
            }
            Optional<String> refusal = Optional.empty();
            if (asksForAddresses(type) && addresses.length() == 0 && !prefixes) {
                // It asked and got nothing: the IA's status says why (NoAddrsAvail and its reason).
                refusal = Optional.of(status.map(code -> code.statusName() + ": " + code.messageText()).orElse("no IA"));
            }
            return Optional.of(new Answered(lifecycle, addresses.toString(), refusal));
        }
    }

    private static boolean asksForAddresses(MessageType6 type) {
        return type.equals(MessageType6.SOLICIT) || type.equals(MessageType6.REQUEST)
                || type.equals(MessageType6.RENEW) || type.equals(MessageType6.REBIND);
    }

    /** An event that names the client: its DUID, where its MAC came from, its IA_NAs' IAIDs. */
    private static BootEvent.Builder client(ClientServerMessage request, ClientMac mac, String name, Instant now) {
        BootEvent.Builder event = BootEvent.builder(mac.mac(), name, now)
                .with("duid", request.options().clientId().map(duid -> duid.bytes().colonHex()).orElse(""))
                .with("mac-source", mac.source().configName().orElse("unknown"));
        String iaids = iaids(request);
        return iaids.isEmpty() ? event : event.with("iaid", iaids);
    }

    /** The IAIDs of the request's IA_NAs, comma-separated; empty when it has none. */
    private static String iaids(ClientServerMessage request) {
        StringJoiner iaids = new StringJoiner(",");
        for (Option6.IaNa ia : request.options().iaNas()) {
            iaids.add(Long.toString(ia.iaid()));
        }
        return iaids.toString();
    }
}
