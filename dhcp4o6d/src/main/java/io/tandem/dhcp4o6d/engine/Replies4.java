package io.tandem.dhcp4o6d.engine;

import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp4.Options4;
import io.tandem.dhcp4o6d.config.BootFields;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * DHCPv4 replies (RFC 2131 §4.3.1 Table 3), laid out as Kea lays them out: the header copied from
 * the request where the table says so, then the message type, then every other option in
 * ascending code order (Kea keeps a message's options in a map by code and writes the type first).
 */
final class Replies4 {
    /** Kea's {@code appendBasicOptions}: sent whenever configured, asked for or not. */
    private static final List<Integer> BASIC = List.of(Dhcp4Options.ROUTERS, Dhcp4Options.DOMAIN_NAME_SERVERS,
            Dhcp4Options.DOMAIN_NAME);

    private static final Comparator<Option4> BY_CODE = Comparator.comparingInt(Option4::code);

    private Replies4() {
    }

    /**
     * The configured options for a reply: those the client asks for in its Parameter Request List,
     * the basic ones, and those marked {@code always-send}; each from the most specific level that
     * has its code ({@code levels} from most to least specific), none for a code whose most
     * specific level says {@code never-send}.
     */
    static List<Option4> configured(List<List<ConfiguredOption<Option4>>> levels, List<Integer> requested) {
        // Codes in a flag a code, not a set of boxed codes: this runs for every DHCPOFFER and DHCPACK.
        boolean[] wanted = new boolean[256];
        for (int code : requested) {
            wanted[code] = true;
        }
        for (int code : BASIC) {
            wanted[code] = true;
        }
        for (List<ConfiguredOption<Option4>> level : levels) {
            for (ConfiguredOption<Option4> option : level) {
                if (option.alwaysSend()) {
                    wanted[option.code()] = true;
                }
            }
        }
        List<Option4> chosen = new ArrayList<>();
        for (int code = 0; code < wanted.length; code++) {
            if (wanted[code]) {
                ConfiguredOption<Option4> option = mostSpecific(levels, code);
                if (option != null && !option.neverSend()) {
                    chosen.add(option.option());
                }
            }
        }
        return chosen;
    }

    /** The option of {@code code} at the most specific level that has one, or null. */
    private static ConfiguredOption<Option4> mostSpecific(List<List<ConfiguredOption<Option4>>> levels, int code) {
        for (List<ConfiguredOption<Option4>> level : levels) {
            for (ConfiguredOption<Option4> option : level) {
                if (option.code() == code) {
                    return option;
                }
            }
        }
        return null;
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
        // Sorted by code, stably, so that of each code the last given is the last of its run.
        List<Option4> sorted = new ArrayList<>(options);
        sorted.sort(BY_CODE);
        List<Option4> laidOut = new ArrayList<>(sorted.size() + 1);
        laidOut.add(Option4.messageType(type));
        for (int i = 0; i < sorted.size(); i++) {
            Option4 option = sorted.get(i);
            boolean lastOfItsCode = i + 1 == sorted.size() || sorted.get(i + 1).code() != option.code();
            if (lastOfItsCode && option.code() != Dhcp4Options.MESSAGE_TYPE) {
                laidOut.add(option);
            }
        }
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
                .options(new Options4(laidOut));
        boot.nextServer().ifPresent(reply::siaddr);
        boot.serverHostname().ifPresent(reply::serverName);
        boot.bootFileName().ifPresent(reply::bootFileName);
        return reply.build();
    }
}
