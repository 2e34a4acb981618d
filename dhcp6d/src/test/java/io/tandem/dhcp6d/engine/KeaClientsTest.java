package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tandem.common.lease.Lease6;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Relayed clients on three links, as a scripted relay sends them to kea-dhcp6 2.2 and dhcp6d;
 * each test asserts, in {@link #ia}'s notation, the answers Debian's kea-dhcp6 2.2.0 gave to
 * the same messages with the same configuration (recorded on 2026-12-05 with the namespaces and
 * relay of {@code KeaEquivalenceIT}), except where a comment says why dhcp6d differs.
 */
class KeaClientsTest {
    static final String SUBNETS = """
              "preferred-lifetime": 3000, "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
              "subnet6": [
                {"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                 "pools": [{"pool": "2001:db8:2::1 - 2001:db8:2::10"}],
                 "pd-pools": [{"prefix": "2001:db8:8000::", "prefix-len": 40, "delegated-len": 56}]},
                {"id": 3, "subnet": "2001:db8:3::/64", "relay": {"ip-addresses": ["2001:db8:3::1"]},
                 "pools": [{"pool": "2001:db8:3::1 - 2001:db8:3::10"}]},
                {"id": 4, "subnet": "2001:db8:4::/64", "relay": {"ip-addresses": ["2001:db8:4::1"]},
                 "pools": [{"pool": "2001:db8:4::1 - 2001:db8:4::2"}]}]
            """;
    static final Inet6Address LINK2 = Addresses.parse6("2001:db8:2::1");
    static final Inet6Address LINK3 = Addresses.parse6("2001:db8:3::1");
    static final Inet6Address LINK4 = Addresses.parse6("2001:db8:4::1");

    static final Duid SERVER = Dhcp6EngineTest.SERVER;

    Dhcp6Engine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new Dhcp6Engine(Dhcp6ConfigParser.parse("{\"Dhcp6\": {" + SUBNETS + "}}", Path.of(".")).config(),
                new Dhcp6Engine.Settings(SERVER, 547, 546, 0), name -> List.of(),
                Clock.fixed(Instant.parse("2026-12-05T06:00:00Z"), ZoneOffset.UTC));
    }

    static Duid client(int n) {
        return Duid.fromHex(String.format("00030001" + "02005e10%04x", n));
    }

    /** {@code message} through the relay of {@code link}; the client/server message of the answer. */
    ClientServerMessage ask(Inet6Address link, Dhcp6Messages message) {
        return Dhcp6EngineTest.inner(replyOn(link, message));
    }

    static Inet6Address a(String text) {
        return Addresses.parse6(text);
    }

    /**
     * Kea's whole recorded session, step by step. Kea's iterative allocator moves on at every
     * address it picks, an Advertise's included, so a client that solicits twice is offered two
     * addresses, and a Request without a hint gets the next one; a hint that is a free pool
     * address is taken, and does not move the allocator on.
     */
    @Test
    void theRecordedKeaSessionIsAnsweredTheSame() {
        Dhcp6Messages oneAndTwo = Dhcp6Messages.solicit(client(1)).iaNa(1).iaPd(2);
        assertEquals("- 1:-:2001:db8:2::1/4000 2:-:2001:db8:8000::/56/4000", ia(ask(LINK2, oneAndTwo)));
        assertEquals("- 1:-:2001:db8:2::2/4000 2:-:2001:db8:8000:100::/56/4000",
                ia(ask(LINK2, Dhcp6Messages.solicit(client(1)).iaNa(1).iaPd(2))), "solicit again");
        assertEquals("- 1:-:2001:db8:2::3/4000 2:-:2001:db8:8000:200::/56/4000",
                ia(ask(LINK2, Dhcp6Messages.solicit(client(2)).iaNa(1).iaPd(2))));
        assertEquals("- 1:-:2001:db8:2::4/4000",
                ia(ask(LINK2, Dhcp6Messages.request(client(1)).serverId(SERVER).iaNa(1))), "request without hint");
        assertEquals("- 1:-:2001:db8:2::4/4000", ia(ask(LINK2,
                Dhcp6Messages.request(client(1)).serverId(SERVER).iaNa(1, a("2001:db8:2::1")))), "the binding wins");
        assertEquals("- 1:-:2001:db8:2::3/4000", ia(ask(LINK2,
                Dhcp6Messages.request(client(2)).serverId(SERVER).iaNa(1, a("2001:db8:2::3")))), "its hint");
        assertEquals("- 1:-:2001:db8:2::9/4000",
                ia(ask(LINK2, Dhcp6Messages.solicit(client(3)).iaNa(1, a("2001:db8:2::9")))), "a free hint");
        // Kea 2.2 also puts NoBinding at the top level; RFC 9915 §18.3.7 says Success there.
        assertEquals("Success 1:NoBinding", ia(ask(LINK2,
                Dhcp6Messages.release(client(3)).serverId(SERVER).iaNa(1, a("2001:db8:2::9")))), "after an Advertise");
        assertEquals("Success 1:NoBinding", ia(ask(LINK2, Dhcp6Messages.release(client(3)).serverId(SERVER).iaNa(1))));
        assertEquals("Success 1:NoBinding 2:NoBinding", ia(ask(LINK2, Dhcp6Messages.release(client(4)).serverId(SERVER)
                .iaNa(1, a("2001:db8:2::7")).iaPd(2, a("2001:db8:8000:7700::"), 56))), "a client never seen");

        solicitAndRequest(LINK4, 5, 7, "2001:db8:4::1");
        solicitAndRequest(LINK4, 6, 7, "2001:db8:4::2");
        assertEquals("- 7:-:2001:db8:4::1/4000", ia(ask(LINK4,
                Dhcp6Messages.renew(client(5)).serverId(SERVER).iaNa(7, a("2001:db8:4::1")))));
        assertEquals("- 7:-:2001:db8:4::2/4000", ia(ask(LINK4,
                Dhcp6Messages.renew(client(6)).serverId(SERVER).iaNa(7, a("2001:db8:4::2")))));
        assertEquals("- 7:-:2001:db8:4::2/4000:2001:db8:4::1/0", ia(ask(LINK4,
                Dhcp6Messages.renew(client(6)).serverId(SERVER).iaNa(7, a("2001:db8:4::1")))), "the other's address");
        assertEquals("- 7:-:2001:db8:4::2/4000:2001:db8:4::1/0", ia(ask(LINK4,
                Dhcp6Messages.rebind(client(6)).iaNa(7, a("2001:db8:4::1")))));
        assertEquals("- 7:-:2001:db8:4::2/4000:2001:db8:4::1/0", ia(ask(LINK4,
                Dhcp6Messages.rebind(client(6)).iaNa(7, a("2001:db8:4::2"), a("2001:db8:4::1")))));

        solicitAndRequest(LINK2, 7, 1, "2001:db8:2::5");
        for (Dhcp6Messages moved : List.of(Dhcp6Messages.rebind(client(7)).iaNa(1, a("2001:db8:2::5")),
                Dhcp6Messages.rebind(client(7)).iaNa(1, a("2001:db8:2::5")),
                Dhcp6Messages.renew(client(7)).serverId(SERVER).iaNa(1, a("2001:db8:2::5")))) {
            assertEquals("- 1:-:2001:db8:3::1/4000:2001:db8:2::5/0", ia(ask(LINK3, moved)), "moved to link 3");
        }
        solicitAndRequest(LINK2, 8, 1, "2001:db8:2::6");
        assertEquals("- 1:-:2001:db8:3::2/4000:2001:db8:2::6/0", ia(ask(LINK3,
                Dhcp6Messages.renew(client(8)).serverId(SERVER).iaNa(1, a("2001:db8:2::6")))));
        assertEquals("- 1:-:2001:db8:2::6/4000:2001:db8:2::1/0", ia(ask(LINK2,
                Dhcp6Messages.rebind(client(8)).iaNa(1, a("2001:db8:2::1")))), "back on link 2, another's address");
        assertEquals("- 1:-:2001:db8:2::6/4000:2001:db8:2::1/0", ia(ask(LINK2,
                Dhcp6Messages.renew(client(8)).serverId(SERVER).iaNa(1, a("2001:db8:2::1")))));

        assertEquals("- 1:-:2001:db8:2::e/4000", ia(ask(LINK2, Dhcp6Messages.rebind(client(9))
                .iaNa(1, a("2001:db8:2::e")))), "no binding, a free address of the link");
        assertEquals("- 1:-:2001:db8:2::7/4000:2001:db8:3::e/0", ia(ask(LINK2, Dhcp6Messages.rebind(client(10))
                .iaNa(1, a("2001:db8:3::e")))), "no binding, an address of another link");
        assertEquals("- 1:-:2001:db8:2::d/4000", ia(ask(LINK2, Dhcp6Messages.renew(client(11)).serverId(SERVER)
                .iaNa(1, a("2001:db8:2::d")))));
        assertEquals("- 1:-:2001:db8:2::8/4000:2001:db8:3::d/0", ia(ask(LINK2, Dhcp6Messages.renew(client(12))
                .serverId(SERVER).iaNa(1, a("2001:db8:3::d")))));
        assertEquals("- 1:-:2001:db8:2::9/4000 2:-:2001:db8:8000:300::/56/4000",
                ia(ask(LINK2, Dhcp6Messages.solicit(client(13)).iaNa(1).iaPd(2))));
        assertEquals("- 2:-:2001:db8:8000:5500::/56/4000", ia(ask(LINK2, Dhcp6Messages.rebind(client(13))
                .iaPd(2, a("2001:db8:8000:5500::"), 56))), "a free prefix of the link");
        assertEquals("- 3:-:2001:db8:8000:400::/56/4000:2001:db9::/56/0", ia(ask(LINK2, Dhcp6Messages.rebind(client(13))
                .iaPd(3, a("2001:db9::"), 56))), "a prefix of no pool");
    }

    /** Binds client {@code n}'s IA_NA {@code iaid} on {@code link} with Solicit and Request; the address. */
    Inet6Address bind(Inet6Address link, int n, long iaid) {
        ClientServerMessage advertise = ask(link, Dhcp6Messages.solicit(client(n)).iaNa(iaid));
        Inet6Address offered = advertise.options().iaNas().get(0).options().iaAddresses().get(0).address();
        ask(link, Dhcp6Messages.request(client(n)).serverId(SERVER).iaNa(iaid, offered));
        return offered;
    }

    /** Client {@code n}'s Solicit, then its Request of {@code address}: both answered with that address alone. */
    void solicitAndRequest(Inet6Address link, int n, long iaid, String address) {
        String expected = "- " + iaid + ":-:" + address + "/4000";
        assertEquals(expected, ia(ask(link, Dhcp6Messages.solicit(client(n)).iaNa(iaid))), "client " + n + "'s Solicit");
        assertEquals(expected, ia(ask(link, Dhcp6Messages.request(client(n)).serverId(SERVER).iaNa(iaid, a(address)))),
                "client " + n + "'s Request");
    }

    Outcome6.Reply replyOn(Inet6Address link, Dhcp6Messages message) {
        return assertInstanceOf(Outcome6.Reply.class, engine.handle(new Inbound6(Dhcp6Codec.encode(
                Dhcp6Messages.relayForward(message.build(), 0, link, Addresses.parse6("fe80::ff:fe10:1"))),
                Addresses.parse6("2001:db8:1::2"), 547, Dhcp6EngineTest.LAB0)));
    }

    @Test
    void twoClientsWithOneIaidEachRenewTheirOwnAddressAndOnlyTheirOwnRowIsWritten() {
        assertEquals(a("2001:db8:4::1"), bind(LINK4, 5, 7));
        assertEquals(a("2001:db8:4::2"), bind(LINK4, 6, 7));
        Outcome6.Reply renewed = replyOn(LINK4, Dhcp6Messages.renew(client(6)).serverId(SERVER).iaNa(7, a("2001:db8:4::2")));
        assertEquals("- 7:-:2001:db8:4::2/4000", ia(Dhcp6EngineTest.inner(renewed)));
        assertEquals(List.of(a("2001:db8:4::2")), renewed.leaseRows().stream().map(Lease6::address).toList());
        assertEquals(List.of(client(6).bytes()), renewed.leaseRows().stream().map(Lease6::duid).toList());
        assertEquals("- 7:-:2001:db8:4::1/4000", ia(ask(LINK4,
                Dhcp6Messages.renew(client(5)).serverId(SERVER).iaNa(7, a("2001:db8:4::1")))));
    }

    /** RFC 9915 §18.3.4 and §18.3.5: the right address, and each named one the client should not have at lifetimes 0. */
    @Test
    void renewAndRebindReturnAddressesThatAreNotTheClientsOrNotOnItsLinkWithZeroLifetimes() {
        Inet6Address own = bind(LINK2, 1, 1);
        Inet6Address others = bind(LINK2, 2, 1);
        for (Dhcp6Messages extend : List.of(Dhcp6Messages.renew(client(1)).serverId(SERVER).iaNa(1, own, others),
                Dhcp6Messages.rebind(client(1)).iaNa(1, others))) {
            assertEquals("- 1:-:" + Addresses.text(own) + "/4000:" + Addresses.text(others) + "/0", ia(ask(LINK2, extend)));
        }
        assertEquals("- 1:-:2001:db8:3::1/4000:" + Addresses.text(own) + "/0",
                ia(ask(LINK3, Dhcp6Messages.rebind(client(1)).iaNa(1, own))), "moved to link 3");
        assertEquals("- 1:-:2001:db8:2::3/4000:2001:db8:3::5/0",
                ia(ask(LINK2, Dhcp6Messages.rebind(client(3)).iaNa(1, a("2001:db8:3::5")))), "no binding, another link");
    }

    /**
     * Kea 2.2 (the harness's lifecycle.json): an address the client holds in one IA is not given to
     * another of its IAs that names it; that IA gets a new address and the named one at lifetimes 0.
     */
    @Test
    void aRenewOfAnotherIaNamingTheClientsAddressGetsANewOneAndTheNamedOneAtZero() {
        Inet6Address held = bind(LINK2, 1, 1);
        ClientServerMessage renewed = ask(LINK2, Dhcp6Messages.renew(client(1)).serverId(SERVER).iaNa(9, held));
        Inet6Address fresh = renewed.options().iaNas().get(0).options().iaAddresses().get(0).address();
        assertNotEquals(held, fresh);
        assertEquals("- 9:-:" + Addresses.text(fresh) + "/4000:" + Addresses.text(held) + "/0", ia(renewed));
        assertEquals("- 1:-:" + Addresses.text(held) + "/4000",
                ia(ask(LINK2, Dhcp6Messages.renew(client(1)).serverId(SERVER).iaNa(1, held))), "IA 1 keeps it");
    }

    /**
     * Kea 2.2 (the harness's exhaustion.json and lifecycle.json): a Renew or Rebind whose IA gets
     * nothing still returns each address or prefix it names, at lifetimes 0.
     */
    @Test
    void anIaThatGetsNothingReturnsWhatItNamesAtZero() {
        solicitAndRequest(LINK4, 5, 7, "2001:db8:4::1");
        solicitAndRequest(LINK4, 6, 7, "2001:db8:4::2");
        assertEquals("- 1:NoAddrsAvail:2001:db8:4::1/0", ia(ask(LINK4,
                Dhcp6Messages.renew(client(7)).serverId(SERVER).iaNa(1, a("2001:db8:4::1")))), "a full pool");
        assertEquals("- 2:NoPrefixAvail:2001:db8:8000::/56/0", ia(ask(LINK3,
                Dhcp6Messages.rebind(client(7)).iaPd(2, a("2001:db8:8000::"), 56))), "a link without prefix pools");
    }

    /** Kea 2.2 (the harness's allocation.json): a prefix hint of another length gets the pool's prefix at its address. */
    @Test
    void aPrefixHintOfAnotherLengthGetsThePoolsPrefixWhereItStarts() {
        assertEquals("- 1:-:2001:db8:8001::/56/4000",
                ia(ask(LINK2, Dhcp6Messages.solicit(client(1)).iaPd(1, a("2001:db8:8001::"), 48))));
    }

    /**
     * Kea 2.2 (the harness's no-subnet.json): a Release or Decline from a link no subnet holds is
     * answered, the binding it names found by its address; NoBinding in an IA that holds nothing.
     */
    @Test
    void aReleaseOrDeclineFromALinkWithoutASubnetEndsTheBindingItNames() {
        Inet6Address nowhere = a("2001:db8:9::1");
        Inet6Address released = bind(LINK2, 1, 1);
        Inet6Address declined = bind(LINK2, 2, 1);
        Outcome6.Reply release = replyOn(nowhere, Dhcp6Messages.release(client(1)).serverId(SERVER).iaNa(1, released));
        assertEquals("Success 1:Success", ia(Dhcp6EngineTest.inner(release)));
        assertEquals(List.of(released), release.leaseRows().stream().map(Lease6::address).toList());
        assertEquals("Success 1:NoBinding", ia(ask(nowhere,
                Dhcp6Messages.release(client(1)).serverId(SERVER).iaNa(1, released))), "released already");

        Outcome6.Reply decline = replyOn(nowhere, Dhcp6Messages.decline(client(2)).serverId(SERVER).iaNa(1, declined));
        assertEquals("Success 1:Success", ia(Dhcp6EngineTest.inner(decline)));
        assertEquals(List.of(declined), decline.leaseRows().stream().map(Lease6::address).toList());
        assertEquals("Success 1:NoBinding", ia(ask(nowhere,
                Dhcp6Messages.decline(client(3)).serverId(SERVER).iaNa(1, declined))), "not client 3's");
    }

    /** RFC 9915 §18.3.7: NoBinding inside each IA the server holds nothing for, Success for the message. */
    @Test
    void aReleaseBeforeAnyRequestOrAfterOnlyAnAdvertiseSaysNoBindingInTheIa() {
        Outcome6.Reply first = replyOn(LINK2, Dhcp6Messages.release(client(1)).serverId(SERVER)
                .iaNa(1, a("2001:db8:2::1")).iaPd(2, a("2001:db8:8000::"), 56));
        assertEquals("Success 1:NoBinding 2:NoBinding", ia(Dhcp6EngineTest.inner(first)));
        assertEquals(List.of(), first.leaseRows());

        ClientServerMessage advertise = ask(LINK2, Dhcp6Messages.solicit(client(2)).iaNa(1).iaPd(2));
        Option6.IaPrefix prefix = advertise.options().iaPds().get(0).options().iaPrefixes().get(0);
        Outcome6.Reply afterAdvertise = replyOn(LINK2, Dhcp6Messages.release(client(2)).serverId(SERVER)
                .iaNa(1, advertise.options().iaNas().get(0).options().iaAddresses().get(0).address())
                .iaPd(2, prefix.prefix(), prefix.prefixLength()));
        assertEquals("Success 1:NoBinding 2:NoBinding", ia(Dhcp6EngineTest.inner(afterAdvertise)));
        assertEquals(List.of(), afterAdvertise.leaseRows());
    }

    /**
     * The top-level status of {@code reply} and its IAs: an IA_NA as
     * {@code iaid:status:address/valid-lifetime:...}, an IA_PD as
     * {@code iaid:status:prefix/length/valid-lifetime:...}; {@code -} for a status left out.
     */
    static String ia(ClientServerMessage reply) {
        String top = reply.options().statusCode().map(s -> statusName(s.status())).orElse("-");
        String nas = reply.options().iaNas().stream().map(ia -> ia.iaid() + ":" + status(ia.options())
                + ia.options().iaAddresses().stream().map(a -> ":" + Addresses.text(a.address()) + "/" + a.validLifetime())
                        .collect(Collectors.joining())).collect(Collectors.joining(" "));
        String pds = reply.options().iaPds().stream().map(ia -> ia.iaid() + ":" + status(ia.options())
                + ia.options().iaPrefixes().stream().map(p -> ":" + Addresses.text(p.prefix()) + "/" + p.prefixLength()
                        + "/" + p.validLifetime()).collect(Collectors.joining())).collect(Collectors.joining(" "));
        return Stream.of(top, nas, pds).filter(part -> !part.isEmpty())
                .collect(Collectors.joining(" "));
    }

    private static String status(Options6 options) {
        return options.statusCode().map(s -> statusName(s.status())).orElse("-");
    }

    private static String statusName(int status) {
        return switch (status) {
            case Option6.StatusCode.SUCCESS -> "Success";
            case Option6.StatusCode.NO_BINDING -> "NoBinding";
            case Option6.StatusCode.NO_ADDRS_AVAIL -> "NoAddrsAvail";
            case Option6.StatusCode.NO_PREFIX_AVAIL -> "NoPrefixAvail";
            default -> Integer.toString(status);
        };
    }
}
