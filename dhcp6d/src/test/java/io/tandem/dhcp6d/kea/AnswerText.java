package io.tandem.dhcp6d.kea;

import io.tandem.common.config.Prefix6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One line that says what an answer means, so that Kea's and dhcp6d's answers compare as text.
 * What legitimately differs between two servers is abstracted: the server DUID becomes
 * {@code S1} (the first server DUID seen in the session), an address from a pool {@code p1},
 * {@code p2}, ... and a delegated prefix {@code d1}, ... in the order the session first saw them
 * (so "the same address as before" shows as the same label), option order is sorted away, and a
 * status code shows only its name. A missing status code shows as {@code (Success)}: RFC 9915
 * §21.13 says that is what it means, so {@link #meaning} compares it equal to an explicit
 * {@code Success}, while the line still shows which server left it out. Addresses from outside
 * every pool are written out.
 */
final class AnswerText {
    /** The address pools both servers are configured with, first to last address. */
    record Pool(Inet6Address first, Inet6Address last) {
        boolean contains(Inet6Address address) {
            BigInteger value = new BigInteger(1, address.getAddress());
            return value.compareTo(new BigInteger(1, first.getAddress())) >= 0
                    && value.compareTo(new BigInteger(1, last.getAddress())) <= 0;
        }
    }

    /** A prefix delegation pool: prefixes of {@code delegatedLength} inside {@code prefix}. */
    record PdPool(Prefix6 prefix, int delegatedLength) {
    }

    /** Options whose meaning the line shows elsewhere (identifiers, IAs, status, relay-msg). */
    private static final Set<Integer> STRUCTURAL = Set.of(Dhcp6Options.CLIENTID, Dhcp6Options.SERVERID,
            Dhcp6Options.IA_NA, Dhcp6Options.IA_PD, Dhcp6Options.STATUS_CODE, Dhcp6Options.RELAY_MSG);

    private static final String IMPLIED_SUCCESS = "(Success)";

    private final List<Pool> pools;
    private final List<PdPool> pdPools;
    private final Map<String, String> labels = new HashMap<>();
    private int addressCount;
    private int prefixCount;
    private int serverCount;

    AnswerText(List<Pool> pools, List<PdPool> pdPools) {
        this.pools = List.copyOf(pools);
        this.pdPools = List.copyOf(pdPools);
    }

    /** The line for {@code reply}, an answer to {@code request} (both as on the wire, relay layers included). */
    String describe(Dhcp6Message reply, Dhcp6Message request) {
        StringBuilder line = new StringBuilder();
        Dhcp6Message inner = reply;
        Dhcp6Message asked = request;
        while (inner instanceof RelayMessage relay) {
            RelayMessage forward = asked instanceof RelayMessage r ? r : null;
            line.append(relay.type()).append("(hop=").append(relay.hopCount())
                    .append(" link=").append(Addresses.text(relay.linkAddress()))
                    .append(" peer=").append(Addresses.text(relay.peerAddress()));
            relay.options().interfaceId().ifPresent(id -> line.append(" interface-id=\"").append(id.text()).append('"'));
            relay.options().relaySourcePort().ifPresent(port -> line.append(" relay-source-port=")
                    .append(forward != null && forward.options().relaySourcePort().orElse(-1).equals(port)
                            ? "echoed" : port.toString()));
            List<Integer> others = relay.options().all().stream().map(Option6::code)
                    .filter(code -> code != Dhcp6Options.RELAY_MSG && code != Dhcp6Options.INTERFACE_ID
                            && code != Dhcp6Options.RELAY_SOURCE_PORT).sorted().toList();
            if (!others.isEmpty()) {
                line.append(" options=").append(others);
            }
            if (forward != null && (relay.hopCount() != forward.hopCount()
                    || !relay.linkAddress().equals(forward.linkAddress())
                    || !relay.peerAddress().equals(forward.peerAddress()))) {
                line.append(" NOT-AS-FORWARDED");
            }
            line.append(") ");
            if (relay.relayed().isEmpty()) {
                return line.append("no relay-msg").toString();
            }
            inner = relay.relayed().get();
            asked = forward == null ? null : forward.relayed().orElse(null);
        }
        if (!(inner instanceof ClientServerMessage answer)) {
            return line.append(inner.type()).toString();
        }
        ClientServerMessage question = asked instanceof ClientServerMessage m ? m : null;
        Options6 options = answer.options();
        line.append(answer.type());
        if (question != null && question.transactionId() != answer.transactionId()) {
            line.append(" xid=OTHER");
        }
        line.append(" cid=").append(options.clientId().isEmpty() ? "none"
                : question != null && options.clientId().equals(question.options().clientId()) ? "echoed" : "OTHER");
        line.append(" sid=").append(options.serverId().map(this::server).orElse("none"));
        line.append(" status=").append(status(options));
        TreeMap<Integer, String> others = new TreeMap<>();
        for (Option6 option : options.all()) {
            if (!STRUCTURAL.contains(option.code())) {
                others.merge(option.code(), value(option), (a, b) -> a + "+" + b);
            }
        }
        line.append(" options=").append(others);
        for (Option6 option : options.all()) {
            if (option instanceof Option6.IaNa ia) {
                line.append(" IA_NA(").append(ia.iaid()).append(" t1=").append(ia.t1()).append(" t2=").append(ia.t2())
                        .append(' ').append(status(ia.options()));
                for (Option6.IaAddress address : ia.options().iaAddresses()) {
                    line.append(' ').append(address(address.address())).append(' ')
                            .append(address.preferredLifetime()).append('/').append(address.validLifetime());
                    address.options().statusCode().ifPresent(s -> line.append(" ").append(s.statusName()));
                }
                line.append(')');
            } else if (option instanceof Option6.IaPd ia) {
                line.append(" IA_PD(").append(ia.iaid()).append(" t1=").append(ia.t1()).append(" t2=").append(ia.t2())
                        .append(' ').append(status(ia.options()));
                for (Option6.IaPrefix prefix : ia.options().iaPrefixes()) {
                    line.append(' ').append(prefix(prefix.prefix(), prefix.prefixLength())).append(' ')
                            .append(prefix.preferredLifetime()).append('/').append(prefix.validLifetime());
                    prefix.options().statusCode().ifPresent(s -> line.append(" ").append(s.statusName()));
                }
                line.append(')');
            }
        }
        return line.toString();
    }

    /** What a line means: the same line with an implied Success written as an explicit one. */
    static String meaning(String line) {
        return line.replace(IMPLIED_SUCCESS, "Success");
    }

    private static String status(Options6 options) {
        List<Option6> all = options.getAll(Dhcp6Options.STATUS_CODE);
        if (all.isEmpty()) {
            return IMPLIED_SUCCESS;
        }
        List<String> names = new ArrayList<>();
        for (Option6 status : all) {
            names.add(status instanceof Option6.StatusCode code ? code.statusName() : status.toString());
        }
        return String.join("+", names);
    }

    private static String value(Option6 option) {
        if (option instanceof Option6.AddressList list) {
            return list.addresses().stream().map(Addresses::text).toList().toString();
        }
        if (option instanceof Option6.DomainList list) {
            return list.names().toString();
        }
        if (option instanceof Option6.Uint8 number) {
            return Integer.toString(number.value());
        }
        if (option instanceof Option6.Uint16 number) {
            return Integer.toString(number.value());
        }
        if (option instanceof Option6.Uint32 number) {
            return Long.toString(number.value());
        }
        if (option instanceof Option6.Empty) {
            return "";
        }
        return option.toString();
    }

    /** The label of a server DUID: S1 for the first one seen. */
    String server(Duid duid) {
        return labels.computeIfAbsent("duid " + duid, key -> "S" + ++serverCount);
    }

    /** The label of an address: p1, p2, ... inside a pool, else the address itself. */
    String address(Inet6Address address) {
        if (pools.stream().noneMatch(pool -> pool.contains(address))) {
            return Addresses.text(address);
        }
        return labels.computeIfAbsent("address " + Addresses.text(address), key -> "p" + ++addressCount);
    }

    /** The label of a prefix: d1, d2, ... when a pd-pool delegates it, else the prefix itself. */
    String prefix(Inet6Address prefix, int length) {
        Prefix6 delegated = new Prefix6(prefix, length);
        if (pdPools.stream().noneMatch(pool -> pool.delegatedLength() == length && pool.prefix().contains(delegated))) {
            return delegated.toString();
        }
        return labels.computeIfAbsent("prefix " + delegated, key -> "d" + ++prefixCount);
    }
}
