package io.tandem.dhcp4o6d.engine;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.dhcp4o6d.config.BootFields;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * DHCPv4 replies (RFC 2131 §4.3.1 Table 3), laid out as Kea lays them out: the header copied from
 * the request where the table says so, then the message type, then every other option in
 * ascending code order (Kea keeps a message's options in a map by code and writes the type first).
 */
final class Replies4 {
    /** Kea's {@code appendBasicOptions}: sent whenever configured, asked for or not. */
    private static final List<Integer> BASIC = List.of(Dhcp4Options.ROUTERS, Dhcp4Options.DOMAIN_NAME_SERVERS,
            Dhcp4Options.DOMAIN_NAME);

    private Replies4() {
    }

    /**
     * The configured options for a reply: those the client asks for in its Parameter Request List,
     * the basic ones, and those marked {@code always-send}; each from the most specific level that
     * has its code ({@code levels} from most to least specific), none for a code whose most
     * specific level says {@code never-send}.
     */
    static List<Option4> configured(List<List<ConfiguredOption<Option4>>> levels, List<Integer> requested) {
        Set<Integer> wanted = new HashSet<>(requested);
        wanted.addAll(BASIC);
        for (List<ConfiguredOption<Option4>> level : levels) {
            for (ConfiguredOption<Option4> option : level) {
                if (option.alwaysSend()) {
                    wanted.add(option.code());
                }
            }
        }
        List<Option4> chosen = new ArrayList<>();
        for (int code : wanted) {
            mostSpecific(levels, code).filter(option -> !option.neverSend())
                    .ifPresent(option -> chosen.add(option.option()));
        }
        return chosen;
    }

    private static Optional<ConfiguredOption<Option4>> mostSpecific(List<List<ConfiguredOption<Option4>>> levels, int code) {
        for (List<ConfiguredOption<Option4>> level : levels) {
            for (ConfiguredOption<Option4> option : level) {
                if (option.code() == code) {
                    return Optional.of(option);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A reply to {@code request}.
     *
     * @param ciaddr  the request's ciaddr in a DHCPACK to a client that has its address, else 0
     * @param yiaddr  the address offered or acknowledged, else 0
     * @param options every option but the message type; a later one replaces an earlier one of its code
     */
    static Dhcp4Message reply(Dhcp4Message request, MessageType4 type, Inet4Address ciaddr, Inet4Address yiaddr,
                              BootFields boot, List<Option4> options) {
        Map<Integer, Option4> byCode = new TreeMap<>();
        for (Option4 option : options) {
            byCode.put(option.code(), option);
        }
        byCode.remove(Dhcp4Options.MESSAGE_TYPE);
        Dhcp4Message.Builder reply = Dhcp4Message.builder()
                .op(Dhcp4Message.BOOTREPLY)
                .htype(request.htype())
                .hlen(request.hlen())
                .xid(request.xid())
                .flags(request.flags())
                .ciaddr(ciaddr)
                .yiaddr(yiaddr)
                .giaddr(request.giaddr())
                .chaddr(request.chaddr())
                .option(Option4.messageType(type));
        boot.nextServer().ifPresent(reply::siaddr);
        boot.serverHostname().ifPresent(reply::serverName);
        boot.bootFileName().ifPresent(reply::bootFileName);
        byCode.values().forEach(reply::option);
        return reply.build();
    }
}
