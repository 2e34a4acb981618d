package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.UnattributedEvent;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.testing.ScriptedClient6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per protocol rule, calling the engine directly with hand-built messages. */
class Dhcp6EngineTest {
    static final String CONFIG = """
            {"Dhcp6": {
              "interfaces-config": {"interfaces": ["lab0"]},
              "preferred-lifetime": 3000, "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
              "option-data": [{"name": "dns-servers", "data": "2001:db8::53"},
                              {"name": "dhcp4o6-server-addr", "data": "2001:db8::44"}],
              "subnet6": [
                {"id": 1, "subnet": "2001:db8:0:1::/64", "interface": "lab0", "rapid-commit": true,
                 "mac-addressing": {"prefix": "2001:db8:0:1::/80"},
                 "option-data": [{"name": "domain-search", "data": "lab.example"}],
                 "reservations": [
                   {"duid": "00:04:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99",
                   "ip-addresses": ["2001:db8:0:1::100"],
                    "hostname": "reserved-by-duid",
                    "option-data": [{"name": "dns-servers", "data": "2001:db8::5353"}]},
                   {"hw-address": "00:00:5e:00:53:77", "ip-addresses": ["2001:db8:0:1::177"]}]},
                {"id": 2, "subnet": "2001:db8:0:2::/64",
                 "mac-addressing": {"prefix": "2001:db8:0:2::/80"},
                 "pools": [{"pool": "2001:db8:0:2:ffff::/112"}],
                 "pd-pools": [{"prefix": "2001:db8:ff00::", "prefix-len": 40, "delegated-len": 56}]},
                {"id": 3, "subnet": "2001:db8:0:3::/64", "interface-id": "port-7",
                 "pools": [{"pool": "2001:db8:0:3::1000 - 2001:db8:0:3::1fff"}]}
              ]
            }}
            """;

    static final Duid SERVER = Duid.fromHex("00010001" + "2a3b4c5d" + "00005e0053fe");
    static final MacAddress QEMU = MacAddress.parse("52:54:00:12:34:56");
    static final Inet6Address QEMU_LINK_LOCAL = QEMU.linkLocal();
    /** A direct client's datagram on the lab's link, sent to the DHCPv6 multicast group. */
    static final Arrival LAB0 = new Arrival("lab0", Arrival.Addressing.MULTICAST);
    /** An interface with no subnet. */
    private static final Arrival OTHER0 = new Arrival("other0", Arrival.Addressing.MULTICAST);
    static final Inet6Address QEMU_FIXED = Addresses.parse6("2001:db8:0:1:0:5254:12:3456");
    static final Duid FIRMWARE = Duid.fromHex("0004" + "11223344556677889900aabbccddeeff");
    static final Duid IPXE = Duid.fromHex("0004" + "44332211665588779900aabbccddeeff");
    static final Duid OS = Duid.fromHex("00010001" + "30000000" + "525400123456");

    Instant now = Instant.parse("2026-11-22T06:00:00Z");
    Dhcp6Engine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new Dhcp6Engine(Dhcp6ConfigParser.parse(CONFIG, Path.of(".")).config(),
                new Dhcp6Engine.Settings(SERVER, 547, 546, 0), name -> List.of(),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    Outcome6 direct(Inet6Address source, Dhcp6Message message) {
        return engine.handle(new Inbound6(Dhcp6Codec.encode(message), source, 546, LAB0));
    }

    Outcome6.Reply replyTo(Inet6Address source, Dhcp6Message message) {
        return assertInstanceOf(Outcome6.Reply.class, direct(source, message));
    }

    static ClientServerMessage inner(Outcome6.Reply reply) {
        Dhcp6Message message = reply.message();
        while (message instanceof RelayMessage relay) {
            message = relay.relayed().orElseThrow();
        }
        return (ClientServerMessage) message;
    }

    static Option6.IaAddress onlyAddress(ClientServerMessage reply) {
        List<Option6.IaNa> ias = reply.options().iaNas();
        assertEquals(1, ias.size(), reply.toString());
        return ias.get(0).options().iaAddresses().get(0);
    }

    static DropReason6 dropReason(Outcome6 outcome) {
        return assertInstanceOf(Outcome6.Drop.class, outcome).reason();
    }

    @Test
    void firmwareWithAUuidDuidIsOfferedPrefixPlusTheMacOfItsLinkLocalAddress() {
        Outcome6.Reply reply = replyTo(QEMU_LINK_LOCAL,
                Dhcp6Messages.solicit(FIRMWARE).transactionId(0x123456).iaNa(7).build());
        ClientServerMessage advertise = inner(reply);
        assertEquals(MessageType6.ADVERTISE, advertise.type());
        assertEquals(0x123456, advertise.transactionId());
        assertEquals(SERVER, advertise.options().serverId().orElseThrow());
        assertEquals(FIRMWARE, advertise.options().clientId().orElseThrow());
        Option6.IaAddress address = onlyAddress(advertise);
        assertEquals(QEMU_FIXED, address.address());
        assertEquals(3000, address.preferredLifetime());
        assertEquals(4000, address.validLifetime());
        assertEquals(1000, advertise.options().iaNas().get(0).t1());
        assertEquals(QEMU_LINK_LOCAL, reply.destination());
        assertEquals(546, reply.port());
        assertEquals("lab0", reply.interfaceName());
        assertEquals(List.of(), reply.leaseRows(), "an Advertise commits nothing");
    }

    @Test
    void requestRecordsTheBindingWithWhereTheMacCameFrom() {
        Outcome6.Reply reply = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.request(FIRMWARE).serverId(SERVER).iaNa(7,
                QEMU_FIXED).build());
        assertEquals(MessageType6.REPLY, inner(reply).type());
        assertEquals(QEMU_FIXED, onlyAddress(inner(reply)).address());
        Lease6 row = reply.leaseRows().get(0);
        assertEquals(QEMU_FIXED, row.address());
        assertEquals(FIRMWARE.bytes(), row.duid());
        assertEquals(7, row.iaid());
        assertEquals(1, row.subnetId());
        assertEquals(now.getEpochSecond() + 4000, row.expire());
        assertEquals(QEMU.bytes(), row.hardwareAddress().orElseThrow().address());
        assertEquals(HwAddrSource.IPV6_LINK_LOCAL, row.hardwareAddress().orElseThrow().source());
    }

    @Test
    void everyDuidOfOneMacHoldsTheSameAddressAtTheSameTimeAndReleaseEndsOnlyItsOwn() {
        for (Duid duid : List.of(FIRMWARE, IPXE, OS)) {
            Outcome6.Reply reply = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.request(duid).serverId(SERVER)
                    .iaNa(duid.bytes().get(5)).build());
            assertEquals(QEMU_FIXED, onlyAddress(inner(reply)).address(), duid.toString());
        }
        assertEquals(3, engine.leases().size());
        Outcome6.Reply released = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.release(FIRMWARE).serverId(SERVER)
                .iaNa(FIRMWARE.bytes().get(5), QEMU_FIXED).build());
        assertEquals(Option6.StatusCode.SUCCESS, inner(released).options().iaNas().get(0).options().statusCode()
                .orElseThrow().status());
        assertEquals(0, released.leaseRows().get(0).validLifetime(), "Kea records a release as lifetime 0");
        assertEquals(2, engine.leases().size());
        assertTrue(engine.leases().stream().noneMatch(lease -> lease.duid().equals(FIRMWARE.bytes())));
    }

    @Test
    void aCommittedBindingBecomesBoundAndOsInitEventsWithWhatAnOperatorNeeds() {
        Outcome6.Reply advertise = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.solicit(OS).iaNa(1).build());
        assertEquals(List.of("advertised"), advertise.events().stream().map(BootEvent::name).toList());
        Outcome6.Reply reply = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.request(OS).serverId(SERVER).iaNa(1).build());
        assertEquals(List.of("bound", "os_init"), reply.events().stream().map(BootEvent::name).toList());
        BootEvent bound = reply.events().get(0);
        assertEquals(QEMU, bound.mac());
        assertEquals(OS.bytes().colonHex(), bound.details().get("duid"));
        assertEquals("1", bound.details().get("iaid"));
        assertEquals("2001:db8:0:1:0:5254:12:3456", bound.details().get("address"));
        assertEquals("ipv6-link-local", bound.details().get("mac-source"));
        Outcome6.Reply released = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.release(OS).serverId(SERVER).iaNa(1,
                QEMU_FIXED).build());
        assertEquals(List.of("released"), released.events().stream().map(BootEvent::name).toList());
        Outcome6.Reply refused = replyTo(Addresses.parse6("fe80::1c2b:3a4d:5e6f:7081"),
                Dhcp6Messages.solicit(FIRMWARE).iaNa(1).build());
        assertEquals(List.of(), refused.events(), "no MAC, no entry in the table");
        UnattributedEvent noMac = refused.noMac().orElseThrow();
        assertEquals("no_mac", noMac.name());
        assertEquals(FIRMWARE.bytes().colonHex(), noMac.key());
        assertEquals("fe80::1c2b:3a4d:5e6f:7081", noMac.details().get("source"));
        assertEquals("interface lab0", noMac.details().get("link"));
        assertEquals(Optional.empty(), reply.noMac(), "a client whose MAC was found has its row");
    }

    @Test
    void theMacOfABoundAddressIsFoundForABootFileFetchedWithoutOne() {
        replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.request(OS).serverId(SERVER).iaNa(1).build());
        assertEquals(Optional.of(QEMU), engine.macAt(QEMU_FIXED));
        assertEquals(Optional.empty(), engine.macAt(Addresses.parse6("2001:db8:0:1::99")), "an address nobody holds");
        replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.release(OS).serverId(SERVER).iaNa(1, QEMU_FIXED).build());
        assertEquals(Optional.empty(), engine.macAt(QEMU_FIXED), "released");
    }

    @Test
    void releaseOfAnUnknownBindingSaysNoBinding() {
        Outcome6.Reply released = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.release(OS).serverId(SERVER).iaNa(1,
                QEMU_FIXED).build());
        assertEquals(Option6.StatusCode.NO_BINDING, inner(released).options().iaNas().get(0).options().statusCode()
                .orElseThrow().status());
        assertEquals(List.of(), released.leaseRows());
    }

    @Test
    void section16RulesDropWhatMustNotBeAnswered() {
        assertEquals(DropReason6.UNEXPECTED_SERVER_ID, dropReason(direct(QEMU_LINK_LOCAL,
                Dhcp6Messages.solicit(OS).serverId(SERVER).iaNa(1).build())));
        assertEquals(DropReason6.MISSING_CLIENT_ID, dropReason(direct(QEMU_LINK_LOCAL,
                Dhcp6Messages.of(MessageType6.SOLICIT).iaNa(1).build())));
        assertEquals(DropReason6.MISSING_SERVER_ID, dropReason(direct(QEMU_LINK_LOCAL,
                Dhcp6Messages.request(OS).iaNa(1).build())));
        assertEquals(DropReason6.OTHER_SERVER, dropReason(direct(QEMU_LINK_LOCAL,
                Dhcp6Messages.renew(OS).serverId(OS).iaNa(1).build())));
        assertEquals(DropReason6.UNEXPECTED_SERVER_ID, dropReason(direct(QEMU_LINK_LOCAL,
                Dhcp6Messages.rebind(OS).serverId(SERVER).iaNa(1).build())));
        assertEquals(DropReason6.NOT_FOR_SERVER, dropReason(direct(QEMU_LINK_LOCAL,
                Dhcp6Messages.of(MessageType6.ADVERTISE).clientId(OS).serverId(SERVER).build())));
        assertEquals(DropReason6.INFORMATION_REQUEST_WITH_IA, dropReason(direct(QEMU_LINK_LOCAL,
                Dhcp6Messages.informationRequest(OS).iaNa(1).build())));
        assertEquals(DropReason6.MALFORMED, dropReason(engine.handle(new Inbound6(new byte[] {1, 2}, QEMU_LINK_LOCAL,
                546, LAB0))));
        assertEquals(DropReason6.DHCP4O6_DISABLED, dropReason(direct(QEMU_LINK_LOCAL,
                new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0, Options6.of(new Option6.Raw(87, Bytes.EMPTY))))));
        assertEquals(DropReason6.SENT_BY_UNICAST, dropReason(engine.handle(new Inbound6(Dhcp6Codec.encode(
                Dhcp6Messages.solicit(OS).iaNa(1).build()), QEMU_LINK_LOCAL, 546,
                new Arrival("lab0", Arrival.Addressing.UNICAST_LINK_LOCAL)))));
    }

    /** RFC 9915 §16, as Kea's {@code testUnicast}: what a direct client must send by multicast. */
    @Test
    void aDirectSolicitConfirmRebindOrInformationRequestSentByUnicastIsDiscarded() {
        List<Dhcp6Message> multicastOnly = List.of(Dhcp6Messages.solicit(OS).iaNa(1).build(),
                Dhcp6Messages.confirm(OS).iaNa(1, QEMU_FIXED).build(), Dhcp6Messages.rebind(OS).iaNa(1).build(),
                Dhcp6Messages.informationRequest(OS).build());
        for (Arrival.Addressing unicast : List.of(Arrival.Addressing.UNICAST_LINK_LOCAL,
                Arrival.Addressing.UNICAST_GLOBAL, Arrival.Addressing.RELAY_SOCKET)) {
            Arrival arrival = new Arrival("lab0", unicast);
            for (Dhcp6Message message : multicastOnly) {
                assertEquals(DropReason6.SENT_BY_UNICAST, dropReason(engine.handle(new Inbound6(
                        Dhcp6Codec.encode(message), QEMU_LINK_LOCAL, 546, arrival))), unicast + " " + message.type());
                assertInstanceOf(Outcome6.Reply.class, engine.handle(new Inbound6(Dhcp6Codec.encode(message),
                        QEMU_LINK_LOCAL, 546, LAB0)), "by multicast: " + message.type());
            }
            for (Dhcp6Message message : List.of(Dhcp6Messages.request(OS).serverId(SERVER).iaNa(1).build(),
                    Dhcp6Messages.renew(OS).serverId(SERVER).iaNa(1).build())) {
                assertInstanceOf(Outcome6.Reply.class, engine.handle(new Inbound6(Dhcp6Codec.encode(message),
                        QEMU_LINK_LOCAL, 546, arrival)), unicast + " " + message.type() + " may come by unicast");
            }
            RelayMessage relayed = Dhcp6Messages.relayForward(multicastOnly.get(0), 0,
                    Addresses.parse6("2001:db8:0:2::1"), QEMU_LINK_LOCAL);
            assertInstanceOf(Outcome6.Reply.class, engine.handle(new Inbound6(Dhcp6Codec.encode(relayed),
                    Addresses.parse6("2001:db8:ff::2"), 547, arrival)), "a relay always sends by unicast");
        }
        Outcome6 fromThisHost = engine.handle(new Inbound6(Dhcp6Codec.encode(multicastOnly.get(0)),
                Addresses.parse6("::1"), 546, new Arrival("lo", Arrival.Addressing.RELAY_SOCKET)));
        assertInstanceOf(Outcome6.Reply.class, fromThisHost, "loopback has no multicast: tests and tools send by unicast");
    }

    /** Kea 2.2's answers to a client whose link no subnet holds (checked against kea-dhcp6 in a namespace). */
    @Test
    void aClientWithNoMacOnALinkWithoutASubnetHasItsNoMacEvent() {
        Outcome6.Reply refused = assertInstanceOf(Outcome6.Reply.class, engine.handle(new Inbound6(Dhcp6Codec.encode(
                Dhcp6Messages.solicit(FIRMWARE).iaNa(1).build()), Addresses.parse6("fe80::1c2b:3a4d:5e6f:7081"), 546,
                OTHER0)));
        assertEquals(List.of(), refused.events(), "no MAC, no entry in the table");
        UnattributedEvent noMac = refused.noMac().orElseThrow();
        assertEquals("not_served", noMac.details().get("outcome"));
        assertEquals("interface other0", noMac.details().get("link"));
    }

    @Test
    void aClientOnALinkWithoutASubnetIsAnsweredThatNoSubnetServesItAndNotServed() {
        ClientServerMessage advertise = inner(onOther0(Dhcp6Messages.solicit(OS).iaNa(7).iaPd(8).oro(23, 24)
                .rapidCommit().build()));
        assertEquals(MessageType6.ADVERTISE, advertise.type(), "no rapid commit without a subnet");
        assertEquals(Option6.StatusCode.NO_ADDRS_AVAIL, iaStatus(advertise.options().iaNas().get(0).options()));
        assertEquals(Option6.StatusCode.NO_PREFIX_AVAIL, iaStatus(advertise.options().iaPds().get(0).options()));
        assertEquals(List.of(Addresses.parse6("2001:db8::53")), advertise.options().dnsServers(), "the global options");
        assertTrue(advertise.options().domainSearch().isEmpty(), "no subnet's");

        Outcome6.Reply request = onOther0(Dhcp6Messages.request(OS).serverId(SERVER).iaNa(7).iaPd(8).build());
        assertEquals(Option6.StatusCode.NO_ADDRS_AVAIL, iaStatus(inner(request).options().iaNas().get(0).options()));
        assertEquals(List.of(), request.leaseRows());
        BootEvent notServed = request.events().get(0);
        assertEquals(List.of("not_served"), request.events().stream().map(BootEvent::name).toList());
        assertEquals(QEMU, notServed.mac());
        assertEquals(OS.bytes().colonHex(), notServed.details().get("duid"));
        assertEquals("7", notServed.details().get("iaid"));
        assertEquals("REQUEST", notServed.details().get("message"));
        assertEquals("no subnet for its link (interface other0)", notServed.details().get("reason"));

        ClientServerMessage renew = inner(onOther0(Dhcp6Messages.renew(OS).serverId(SERVER).iaNa(7, QEMU_FIXED).iaPd(8)
                .build()));
        assertEquals(Option6.StatusCode.NO_BINDING, iaStatus(renew.options().iaNas().get(0).options()));
        assertEquals(Option6.StatusCode.NO_BINDING, iaStatus(renew.options().iaPds().get(0).options()));
        ClientServerMessage rebind = inner(onOther0(Dhcp6Messages.rebind(OS).iaNa(7, QEMU_FIXED).build()));
        assertEquals(Option6.StatusCode.NO_BINDING, iaStatus(rebind.options().iaNas().get(0).options()));
        Outcome6.Drop rebindPrefix = assertInstanceOf(Outcome6.Drop.class, engine.handle(new Inbound6(Dhcp6Codec.encode(
                Dhcp6Messages.rebind(OS).iaNa(7).iaPd(8).build()), QEMU_LINK_LOCAL, 546, OTHER0)));
        assertEquals(DropReason6.NO_SUBNET, rebindPrefix.reason(), "Kea discards a Rebind of a prefix there");
        assertEquals(List.of("not_served"), rebindPrefix.events().stream().map(BootEvent::name).toList());

        ClientServerMessage confirm = inner(onOther0(Dhcp6Messages.confirm(OS).iaNa(7, QEMU_FIXED).build()));
        assertEquals(Option6.StatusCode.NOT_ON_LINK, confirm.options().statusCode().orElseThrow().status());
        Outcome6.Reply release = onOther0(Dhcp6Messages.release(OS).serverId(SERVER).iaNa(7).build());
        assertEquals(Option6.StatusCode.NO_BINDING, iaStatus(inner(release).options().iaNas().get(0).options()),
                "Kea looks the binding up by its address, and there is none");
        assertEquals(List.of(), release.events(), "a release waits for no address");
    }

    /** Kea 2.2: without a subnet, no reservation is looked for; the global options only. */
    @Test
    void anInformationRequestFromALinkWithoutASubnetGetsTheGlobalOptions() {
        Duid reservedDuid = Duid.fromHex("0004aabbccddeeff00112233445566778899");
        Outcome6.Reply reply = onOther0(Dhcp6Messages.informationRequest(reservedDuid).oro(23, 24, 88).build());
        ClientServerMessage answer = inner(reply);
        assertEquals(MessageType6.REPLY, answer.type());
        assertEquals(List.of(Addresses.parse6("2001:db8::53")), answer.options().dnsServers());
        assertEquals(List.of(Addresses.parse6("2001:db8::44")), answer.options().dhcp4o6ServerAddresses());
        assertTrue(answer.options().domainSearch().isEmpty());
        assertEquals(List.of(), reply.events());
    }

    /** The case: a relayed Solicit from a link that no subnet holds gets a Relay-Reply, as from Kea. */
    @Test
    void aRelayedSolicitFromALinkNoSubnetHoldsGetsNoAddrsAvailThroughTheRelay() {
        RelayMessage forward = Dhcp6Messages.relayForward(Dhcp6Messages.solicit(OS).iaNa(1).build(), 0,
                Addresses.parse6("2001:db8:99::1"), QEMU_LINK_LOCAL, Dhcp6Messages.interfaceId("port-99"));
        Outcome6.Reply reply = assertInstanceOf(Outcome6.Reply.class, engine.handle(new Inbound6(
                Dhcp6Codec.encode(forward), Addresses.parse6("2001:db8:ff::2"), 547, LAB0)));
        RelayMessage relayReply = assertInstanceOf(RelayMessage.class, reply.message());
        assertEquals(forward.linkAddress(), relayReply.linkAddress());
        assertEquals(MessageType6.ADVERTISE, inner(reply).type());
        Option6.StatusCode status = inner(reply).options().iaNas().get(0).options().statusCode().orElseThrow();
        assertEquals(Option6.StatusCode.NO_ADDRS_AVAIL, status.status());
        assertEquals("no subnet for its link (relay link-address 2001:db8:99::1)", status.messageText());
        assertEquals("no subnet for its link (relay link-address 2001:db8:99::1)",
                reply.events().get(0).details().get("reason"));
    }

    private Outcome6.Reply onOther0(Dhcp6Message message) {
        return assertInstanceOf(Outcome6.Reply.class, engine.handle(new Inbound6(Dhcp6Codec.encode(message),
                QEMU_LINK_LOCAL, 546, OTHER0)));
    }

    private static int iaStatus(Options6 iaOptions) {
        return iaOptions.statusCode().orElseThrow().status();
    }

    @Test
    void rapidCommitSolicitGetsAReplyAndIsRecorded() {
        Outcome6.Reply reply = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.solicit(OS).iaNa(1).rapidCommit().build());
        assertEquals(MessageType6.REPLY, inner(reply).type());
        assertTrue(inner(reply).options().rapidCommit());
        assertEquals(1, reply.leaseRows().size());
    }

    @Test
    void optionsFollowTheOptionRequestAndTheMostSpecificLevelWins() {
        ClientServerMessage without = inner(replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.solicit(OS).iaNa(1).build()));
        assertTrue(without.options().dnsServers().isEmpty(), "not asked for, not sent");
        ClientServerMessage with = inner(replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.solicit(OS).iaNa(1).oro(23, 24)
                .build()));
        assertEquals(List.of(Addresses.parse6("2001:db8::53")), with.options().dnsServers());
        assertEquals("lab.example", with.options().domainSearch().get(0).toString());
    }

    @Test
    void informationRequestGetsTheAskedOptionsIncludingThe4o6ServerAddress() {
        Outcome6.Reply reply = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.informationRequest(OS).oro(23, 88).build());
        ClientServerMessage answer = inner(reply);
        assertEquals(MessageType6.REPLY, answer.type());
        assertEquals(List.of(Addresses.parse6("2001:db8::53")), answer.options().dnsServers());
        assertEquals(List.of(Addresses.parse6("2001:db8::44")), answer.options().dhcp4o6ServerAddresses());
        assertTrue(answer.options().iaNas().isEmpty());
    }

    @Test
    void aReservedClientsInformationRequestGetsItsReservationsOptionsAsFromKea() {
        Duid reservedDuid = Duid.fromHex("0004aabbccddeeff00112233445566778899");
        ClientServerMessage answer = inner(replyTo(QEMU_LINK_LOCAL,
                Dhcp6Messages.informationRequest(reservedDuid).oro(23, 24).build()));
        assertEquals(List.of(Addresses.parse6("2001:db8::5353")), answer.options().dnsServers(), "the reservation's");
        assertEquals("lab.example", answer.options().domainSearch().get(0).toString(), "the subnet's");
    }

    @Test
    void aScriptedClientIsAdvertisedAnAddressAndBindsIt() throws Exception {
        ScriptedClient6 client = new ScriptedClient6(OS, 1, List.of(), message -> Optional.of(inner(
                replyTo(QEMU_LINK_LOCAL, message))));
        assertEquals(MessageType6.ADVERTISE, client.solicit().orElseThrow().type());
        assertEquals(QEMU_FIXED, onlyAddress(client.request().orElseThrow()).address());
        assertEquals(1, engine.leases().size());
    }

    @Test
    void aRelayedClientWithoutOption79IsKnownByThePeerAddressAndTheReplyIsWrappedBack() {
        RelayMessage forward = Dhcp6Messages.relayForward(Dhcp6Messages.solicit(FIRMWARE).iaNa(3).build(), 0,
                Addresses.parse6("2001:db8:0:2::1"), QEMU_LINK_LOCAL, new Option6.Raw(Dhcp6Options.INTERFACE_ID,
                Bytes.fromHex("01000000")));
        Outcome6.Reply reply = assertInstanceOf(Outcome6.Reply.class, engine.handle(
                new Inbound6(Dhcp6Codec.encode(forward), Addresses.parse6("2001:db8:ff::2"), 547, LAB0)));
        RelayMessage relayReply = assertInstanceOf(RelayMessage.class, reply.message());
        assertEquals(MessageType6.RELAY_REPL, relayReply.type());
        assertEquals(forward.linkAddress(), relayReply.linkAddress());
        assertEquals(forward.peerAddress(), relayReply.peerAddress());
        assertEquals(Bytes.fromHex("01000000"), relayReply.options().interfaceId().orElseThrow());
        assertEquals(Addresses.parse6("2001:db8:0:2:0:5254:12:3456"), onlyAddress(inner(reply)).address());
        assertEquals(Addresses.parse6("2001:db8:ff::2"), reply.destination());
        assertEquals(547, reply.port());
    }

    @Test
    void option79WinsOverThePeerAddressAndARelaySourcePortIsAnswered() {
        RelayMessage forward = Dhcp6Messages.relayForward(Dhcp6Messages.request(OS).serverId(SERVER).iaNa(1).build(),
                0, Addresses.parse6("2001:db8:0:2::1"), Addresses.parse6("fe80::1c2b:3a4d:5e6f:7081"),
                new Option6.ClientLinkLayerAddress(1, MacAddress.parse("00:00:5e:00:53:01").bytes()),
                Dhcp6Messages.relaySourcePort(0));
        Outcome6.Reply reply = assertInstanceOf(Outcome6.Reply.class, engine.handle(
                new Inbound6(Dhcp6Codec.encode(forward), Addresses.parse6("2001:db8:ff::2"), 10547, LAB0)));
        assertEquals(Addresses.parse6("2001:db8:0:2::5e00:5301"), onlyAddress(inner(reply)).address());
        assertEquals(HwAddrSource.CLIENT_LINK_ADDR_OPTION, reply.leaseRows().get(0).hardwareAddress().orElseThrow()
                .source());
        assertEquals(10547, reply.port());
        assertTrue(((RelayMessage) reply.message()).options().relaySourcePort().isPresent(), "echoed as Kea does");
    }

    @Test
    void twoNestedRelaysAreUnwrappedAndWrappedBackHopByHop() {
        RelayMessage first = Dhcp6Messages.relayForward(Dhcp6Messages.solicit(OS).iaNa(1).build(), 0,
                Addresses.parse6("2001:db8:0:2::1"), QEMU_LINK_LOCAL, Dhcp6Messages.interfaceId("inner"));
        RelayMessage second = Dhcp6Messages.relayForward(first, 1, Addresses.parse6("2001:db8:ff::1"),
                Addresses.parse6("2001:db8:ff::2"), Dhcp6Messages.interfaceId("outer"));
        Outcome6.Reply reply = assertInstanceOf(Outcome6.Reply.class, engine.handle(
                new Inbound6(Dhcp6Codec.encode(second), Addresses.parse6("2001:db8:fe::2"), 547, LAB0)));
        RelayMessage outer = (RelayMessage) reply.message();
        assertEquals(1, outer.hopCount());
        assertEquals(Bytes.utf8("outer"), outer.options().interfaceId().orElseThrow());
        RelayMessage innerRelay = (RelayMessage) outer.relayed().orElseThrow();
        assertEquals(0, innerRelay.hopCount());
        assertEquals(Bytes.utf8("inner"), innerRelay.options().interfaceId().orElseThrow());
        assertEquals(Addresses.parse6("2001:db8:0:2:0:5254:12:3456"), onlyAddress(inner(reply)).address());
    }

    @Test
    void reservationsWinOverTheFixedMacAddress() {
        Duid reservedDuid = Duid.fromHex("0004aabbccddeeff00112233445566778899");
        Outcome6.Reply byDuid = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.request(reservedDuid).serverId(SERVER).iaNa(1)
                .build());
        assertEquals(Addresses.parse6("2001:db8:0:1::100"), onlyAddress(inner(byDuid)).address());
        assertEquals("reserved-by-duid", byDuid.leaseRows().get(0).hostname());
        Inet6Address reservedMacLinkLocal = MacAddress.parse("00:00:5e:00:53:77").linkLocal();
        Outcome6.Reply byMac = replyTo(reservedMacLinkLocal, Dhcp6Messages.request(OS).serverId(SERVER).iaNa(1)
                .build());
        assertEquals(Addresses.parse6("2001:db8:0:1::177"), onlyAddress(inner(byMac)).address());
    }

    @Test
    void aClientWithoutAFindableMacGetsNoAddrsAvailWithoutAPoolAndAPoolAddressWithOne() {
        Inet6Address stablePrivacy = Addresses.parse6("fe80::1c2b:3a4d:5e6f:7081");
        ClientServerMessage refused = inner(replyTo(stablePrivacy, Dhcp6Messages.solicit(FIRMWARE).iaNa(1).build()));
        Option6.StatusCode status = refused.options().iaNas().get(0).options().statusCode().orElseThrow();
        assertEquals(Option6.StatusCode.NO_ADDRS_AVAIL, status.status());
        assertTrue(status.messageText().contains("MAC"), status.messageText());

        RelayMessage forward = Dhcp6Messages.relayForward(Dhcp6Messages.request(FIRMWARE).serverId(SERVER).iaNa(1)
                .build(), 0, Addresses.parse6("2001:db8:0:2::1"), stablePrivacy);
        Outcome6.Reply pooled = assertInstanceOf(Outcome6.Reply.class, engine.handle(
                new Inbound6(Dhcp6Codec.encode(forward), Addresses.parse6("2001:db8:ff::2"), 547, LAB0)));
        Inet6Address address = onlyAddress(inner(pooled)).address();
        assertTrue(Addresses.text(address).startsWith("2001:db8:0:2:ffff::"), Addresses.text(address));
        assertTrue(pooled.leaseRows().get(0).hardwareAddress().isEmpty());
        Outcome6.Reply again = assertInstanceOf(Outcome6.Reply.class, engine.handle(
                new Inbound6(Dhcp6Codec.encode(forward), Addresses.parse6("2001:db8:ff::2"), 547, LAB0)));
        assertEquals(address, onlyAddress(inner(again)).address(), "a pool binding is kept per DUID and IAID");
    }

    @Test
    void poolsNeverGiveOneAddressToTwoClients() {
        List<Inet6Address> given = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Duid duid = Duid.fromHex(String.format("00020000%04x%08x", 9, i));
            RelayMessage forward = Dhcp6Messages.relayForward(Dhcp6Messages.request(duid).serverId(SERVER).iaNa(1)
                    .build(), 0, Addresses.parse6("2001:db8:0:3::1"), Addresses.parse6("fe80::1c2b:3a4d:5e6f:7081"),
                    Dhcp6Messages.interfaceId("port-7"));
            Outcome6.Reply reply = assertInstanceOf(Outcome6.Reply.class, engine.handle(
                    new Inbound6(Dhcp6Codec.encode(forward), Addresses.parse6("2001:db8:ff::2"), 547, LAB0)));
            given.add(onlyAddress(inner(reply)).address());
        }
        assertEquals(given.size(), given.stream().distinct().count(), given.toString());
    }

    @Test
    void confirmSaysWhetherTheAddressesAreOnTheLink() {
        ClientServerMessage onLink = inner(replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.confirm(OS).iaNa(1, QEMU_FIXED)
                .build()));
        assertEquals(Option6.StatusCode.SUCCESS, onLink.options().statusCode().orElseThrow().status());
        ClientServerMessage offLink = inner(replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.confirm(OS).iaNa(1,
                Addresses.parse6("2001:db8:0:9::1")).build()));
        assertEquals(Option6.StatusCode.NOT_ON_LINK, offLink.options().statusCode().orElseThrow().status());
        assertEquals(DropReason6.CONFIRM_WITHOUT_ADDRESSES, dropReason(direct(QEMU_LINK_LOCAL,
                Dhcp6Messages.confirm(OS).iaNa(1).build())));
    }

    @Test
    void renewWithAnAddressThatIsNoLongerRightGetsTheRightOneAndTheOldWithZeroLifetimes() {
        Inet6Address stale = Addresses.parse6("2001:db8:0:1::dead");
        ClientServerMessage reply = inner(replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.renew(OS).serverId(SERVER).iaNa(1,
                stale).build()));
        List<Option6.IaAddress> addresses = reply.options().iaNas().get(0).options().iaAddresses();
        assertEquals(QEMU_FIXED, addresses.get(0).address());
        assertEquals(4000, addresses.get(0).validLifetime());
        assertEquals(stale, addresses.get(1).address());
        assertEquals(0, addresses.get(1).validLifetime());
    }

    @Test
    void prefixDelegationComesFromThePdPool() {
        RelayMessage forward = Dhcp6Messages.relayForward(Dhcp6Messages.request(OS).serverId(SERVER).iaPd(5).build(),
                0, Addresses.parse6("2001:db8:0:2::1"), QEMU_LINK_LOCAL);
        Outcome6.Reply reply = assertInstanceOf(Outcome6.Reply.class, engine.handle(
                new Inbound6(Dhcp6Codec.encode(forward), Addresses.parse6("2001:db8:ff::2"), 547, LAB0)));
        Option6.IaPrefix prefix = inner(reply).options().iaPds().get(0).options().iaPrefixes().get(0);
        assertEquals(56, prefix.prefixLength());
        assertTrue(Addresses.text(prefix.prefix()).startsWith("2001:db8:ff"), Addresses.text(prefix.prefix()));
        Lease6 row = reply.leaseRows().get(0);
        assertEquals(LeaseType.PD, row.type());
        assertEquals(56, row.prefixLength());
    }

    @Test
    void declineIsRecorded() {
        replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.request(OS).serverId(SERVER).iaNa(1).build());
        Outcome6.Reply reply = replyTo(QEMU_LINK_LOCAL, Dhcp6Messages.decline(OS).serverId(SERVER).iaNa(1, QEMU_FIXED)
                .build());
        Lease6 row = reply.leaseRows().get(0);
        assertEquals(LeaseState.DECLINED, row.state());
        assertEquals(QEMU_FIXED, row.address());
    }

    @Test
    void aDhcpv4QueryGoesToDhcp4o6dAsReceivedWithKeasMetadata() throws Exception {
        Dhcp6Engine paired = new Dhcp6Engine(Dhcp6ConfigParser.parse(CONFIG, Path.of(".")).config(),
                new Dhcp6Engine.Settings(SERVER, 547, 546, 6767), name -> List.of(), Clock.fixed(now, ZoneOffset.UTC));
        Dhcp4o6Message query = new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, Dhcp4o6Message.UNICAST_FLAG,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.fromHex("0101060012345678"))));
        RelayMessage relayed = Dhcp6Messages.relayForward(query, 0, Addresses.parse6("2001:db8:0:2::1"),
                QEMU_LINK_LOCAL, Dhcp6Messages.interfaceId("port-7"));
        Outcome6.ForwardToDhcp4o6 forward = assertInstanceOf(Outcome6.ForwardToDhcp4o6.class, paired.handle(
                new Inbound6(Dhcp6Codec.encode(relayed), Addresses.parse6("2001:db8:ff::2"), 547, LAB0)));
        Dhcp4o6Ipc.Envelope envelope = Dhcp4o6Ipc.decode(forward.datagram());
        assertEquals(relayed, envelope.message(), "the query exactly as received, relay layers included");
        assertEquals("lab0", envelope.interfaceName());
        assertEquals(Addresses.parse6("2001:db8:ff::2"), envelope.sourceAddress());
        assertEquals(547, envelope.sourcePort());

        Dhcp4o6Message withoutMessage = new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0, Options6.NONE);
        assertEquals(DropReason6.DHCPV4_QUERY_WITHOUT_MESSAGE, dropReason(paired.handle(new Inbound6(
                Dhcp6Codec.encode(withoutMessage), QEMU_LINK_LOCAL, 546, LAB0))));
    }
}
