package io.tandem.common.wire.dhcp6;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet6Address;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid DHCPv6 values of every layout the codec knows, for properties and the tshark oracle. */
public final class Dhcp6Arbitraries {
    private Dhcp6Arbitraries() {
    }

    /** Option codes IANA has not assigned, for options the codec must keep raw. */
    static final int UNASSIGNED_FROM = 200;
    static final int UNASSIGNED_TO = 250;

    static Arbitrary<String> printable(int maxLength) {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(maxLength);
    }

    static Arbitrary<Bytes> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max).map(Bytes::of);
    }

    static Arbitrary<Inet6Address> addresses() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(Addresses::inet6);
    }

    static Arbitrary<Long> uint32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    static Arbitrary<Duid> duids() {
        Arbitrary<Duid> ll = Arbitraries.bytes().array(byte[].class).ofSize(6)
                .map(mac -> new Duid(Bytes.fromHex("00030001" + Bytes.of(mac).hex())));
        Arbitrary<Duid> uuid = bytes(16, 16).map(id -> new Duid(Bytes.fromHex("0004" + id.hex())));
        Arbitrary<Duid> llt = Combinators.combine(uint32(), bytes(6, 6))
                .as((time, mac) -> new Duid(Bytes.fromHex(String.format("00010001%08x", time) + mac.hex())));
        Arbitrary<Duid> en = Combinators.combine(uint32(), bytes(1, 32))
                .as((enterprise, id) -> new Duid(Bytes.fromHex(String.format("0002%08x", enterprise) + id.hex())));
        return Arbitraries.oneOf(ll, llt, en, uuid);
    }

    static Arbitrary<DomainName> domainNames() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '0').ofMinLength(1)
                .ofMaxLength(20);
        return label.list().ofMinSize(1).ofMaxSize(5).map(DomainName::new);
    }

    /** Options that may appear anywhere, without nesting. */
    static Arbitrary<Option6> leafOptions() {
        return Arbitraries.oneOf(List.of(
                Combinators.combine(Arbitraries.integers().between(UNASSIGNED_FROM, UNASSIGNED_TO), bytes(0, 40))
                        .as(Option6.Raw::new),
                Arbitraries.of(Dhcp6Options.RAPID_COMMIT, Dhcp6Options.RECONF_ACCEPT).map(Option6.Empty::new),
                Arbitraries.integers().between(0, 255).map(v -> new Option6.Uint8(Dhcp6Options.PREFERENCE, v)),
                Arbitraries.integers().between(0, 0xffff).map(v -> new Option6.Uint16(Dhcp6Options.ELAPSED_TIME, v)),
                Arbitraries.integers().between(0, 0xffff).map(v -> new Option6.Uint16(Dhcp6Options.RELAY_SOURCE_PORT, v)),
                uint32().map(v -> new Option6.Uint32(Dhcp6Options.INFORMATION_REFRESH_TIME, v)),
                printable(60).map(url -> Option6.Text.of(Dhcp6Options.BOOTFILE_URL, url)),
                addresses().list().ofMaxSize(4).map(list -> new Option6.AddressList(Dhcp6Options.DNS_SERVERS, list)),
                addresses().list().ofMaxSize(2).map(list -> new Option6.AddressList(Dhcp6Options.DHCP4O6_SERVER_ADDR, list)),
                domainNames().list().ofMaxSize(3).map(list -> new Option6.DomainList(Dhcp6Options.DOMAIN_SEARCH, list)),
                Arbitraries.integers().between(0, 0xffff).list().ofMaxSize(8)
                        .map(list -> new Option6.Uint16List(Dhcp6Options.ORO, list)),
                Arbitraries.integers().between(0, 0x30).list().ofMinSize(1).ofMaxSize(3)
                        .map(list -> new Option6.Uint16List(Dhcp6Options.CLIENT_ARCH_TYPE, list)),
                bytes(0, 10).list().ofMaxSize(3).map(list -> new Option6.LengthPrefixedList(Dhcp6Options.USER_CLASS, list)),
                bytes(0, 10).list().ofMaxSize(3).map(list -> new Option6.LengthPrefixedList(Dhcp6Options.BOOTFILE_PARAM, list)),
                duids().map(duid -> new Option6.DuidOption(Dhcp6Options.CLIENTID, duid)),
                duids().map(duid -> new Option6.DuidOption(Dhcp6Options.SERVERID, duid)),
                Combinators.combine(Arbitraries.integers().between(0, 6), printable(20)).as(Option6.StatusCode::of),
                Combinators.combine(uint32(), bytes(0, 12).list().ofMaxSize(2)).as(Option6.VendorClass::new),
                Combinators.combine(uint32(), bytes(0, 12)).as(Option6.RemoteId::new),
                Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(0, 255)).as(Option6.Nii::new),
                Combinators.combine(Arbitraries.integers().between(0, 0xffff), bytes(0, 8))
                        .as(Option6.ClientLinkLayerAddress::new),
                bytes(1, 12).map(id -> new Option6.Raw(Dhcp6Options.INTERFACE_ID, id)),
                bytes(0, 30).map(message -> new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, message)),
                Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(8), addresses(),
                        Arbitraries.integers().between(0, 0xffff)).as((name, address, port) ->
                        new Option6.VendorOptions(Dhcp6Options.ISC_ENTERPRISE, Options6.of(
                                Option6.Text.of(Dhcp6Options.ISC_4O6_INTERFACE, name),
                                new Option6.Address(Dhcp6Options.ISC_4O6_SOURCE_ADDRESS, address),
                                new Option6.Uint16(Dhcp6Options.ISC_4O6_SOURCE_PORT, port)))),
                Combinators.combine(addresses(), domainNames()).as((address, name) -> new Option6.NtpServer(Options6.of(
                        new Option6.Address(Dhcp6Options.NTP_SERVER_ADDRESS, address),
                        new Option6.Domain(Dhcp6Options.NTP_SERVER_FQDN, name))))));
    }

    static Arbitrary<Option6> identityAssociations() {
        Arbitrary<Options6> statuses = Arbitraries.of(Options6.NONE, Options6.of(Option6.StatusCode.of(0, "ok")));
        Arbitrary<Option6> iaAddress = Combinators.combine(addresses(), uint32(), uint32(), statuses)
                .as(Option6.IaAddress::new);
        Arbitrary<Option6> iaPrefix = Combinators.combine(uint32(), uint32(), Arbitraries.integers().between(0, 128),
                addresses(), statuses).as(Option6.IaPrefix::new);
        Arbitrary<Option6> iaNa = Combinators.combine(uint32(), uint32(), uint32(), iaAddress.list().ofMaxSize(2))
                .as((iaid, t1, t2, inner) -> new Option6.IaNa(iaid, t1, t2, new Options6(inner)));
        Arbitrary<Option6> iaPd = Combinators.combine(uint32(), uint32(), uint32(), iaPrefix.list().ofMaxSize(2))
                .as((iaid, t1, t2, inner) -> new Option6.IaPd(iaid, t1, t2, new Options6(inner)));
        return Arbitraries.oneOf(iaNa, iaPd);
    }

    static Arbitrary<Options6> options() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leafOptions()),
                net.jqwik.api.Tuple.of(1, identityAssociations()))
                .list().ofMaxSize(8).map(Options6::new);
    }

    /** Client/server and 4o6 messages, and relay chains of one to three layers around them. */
    public static Arbitrary<Dhcp6Message> messages() {
        Arbitrary<Dhcp6Message> clientServer = Combinators.combine(
                Arbitraries.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11).map(MessageType6::of),
                Arbitraries.integers().between(0, 0xffffff), options()).as(ClientServerMessage::new);
        Arbitrary<Dhcp6Message> dhcp4o6 = Combinators.combine(
                Arbitraries.of(MessageType6.DHCPV4_QUERY, MessageType6.DHCPV4_RESPONSE),
                Arbitraries.of(0, Dhcp4o6Message.UNICAST_FLAG), options()).as(Dhcp4o6Message::new);
        Arbitrary<Dhcp6Message> inner = Arbitraries.oneOf(clientServer, dhcp4o6);
        return Combinators.combine(inner, Arbitraries.integers().between(0, 3), addresses(), addresses(),
                leafOptions().list().ofMaxSize(3)).as((message, layers, link, peer, relayOptions) -> {
                    Dhcp6Message wrapped = message;
                    for (int hop = 0; hop < layers; hop++) {
                        Options6 options = new Options6(relayOptions).plus(new Option6.RelayedMessage(wrapped));
                        wrapped = new RelayMessage(MessageType6.RELAY_FORW, hop, link, peer, options);
                    }
                    return wrapped;
                });
    }
}
