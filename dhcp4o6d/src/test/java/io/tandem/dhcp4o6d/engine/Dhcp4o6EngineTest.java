package io.tandem.dhcp4o6d.engine;

import static io.tandem.dhcp4o6d.engine.Queries.MAC;
import static io.tandem.dhcp4o6d.engine.Queries.OTHER_MAC;
import static io.tandem.dhcp4o6d.engine.Queries.direct;
import static io.tandem.dhcp4o6d.engine.Queries.message;
import static io.tandem.dhcp4o6d.engine.Queries.requested;
import static io.tandem.dhcp4o6d.engine.Queries.serverId;
import static io.tandem.dhcp4o6d.engine.Queries.v4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.MessageType6;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One test per RFC 2131 §4.3 rule, calling the engine directly with hand-built queries. */
class Dhcp4o6EngineTest {
    static final String CONFIG = """
            {
              "valid-lifetime": 3600, "renew-timer": 1000, "rebind-timer": 2000, "decline-probation-period": 600,
              "option-data": [ { "name": "domain-name-servers", "data": "192.0.2.53" },
                               { "name": "ntp-servers", "data": "192.0.2.123" },
                               { "name": "tftp-server-name", "data": "boot", "always-send": true } ],
              "subnet4": [ {
                "id": 1, "subnet": "192.0.2.0/24", "4o6-interface": "eth0",
                "pools": [ { "pool": "192.0.2.10 - 192.0.2.12" } ],
                "option-data": [ { "name": "routers", "data": "192.0.2.1" },
                                 { "name": "dhcp-server-identifier", "data": "192.0.2.1" } ],
                "reservations": [ { "hw-address": "00:00:5e:00:53:99", "ip-address": "192.0.2.200",
                                    "hostname": "reserved", "boot-file-name": "reserved.ipxe" },
                                  { "client-id": "01:00:00:5e:00:53:98", "ip-address": "192.0.2.201" } ]
              }, {
                "id": 2, "subnet": "198.51.100.0/24", "4o6-interface": "eth9", "authoritative": true,
                "pools": [ { "pool": "198.51.100.10 - 198.51.100.20" } ]
              } ]
            }
            """;
    static final Bytes RESERVED_MAC = Bytes.fromHex("00005e005399");

    final Dhcp4o6Engine engine = new Dhcp4o6Engine(Queries.config(CONFIG),
            name -> name.equals("eth9") ? List.<InetAddress>of(v4("198.51.100.1")) : List.of());
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private Outcome4 handle(Dhcp4Message message) {
        return engine.handle(direct(message, "eth0"), now);
    }

    private Outcome4 handle(Dhcp4Message message, int flags) {
        return engine.handle(direct(message, flags, "eth0"), now);
    }

    private static Outcome4.Reply reply(Outcome4 outcome) {
        return assertInstanceOf(Outcome4.Reply.class, outcome, outcome.toString());
    }

    private static void assertDrop(DropReason4 reason, Outcome4 outcome) {
        assertEquals(reason, assertInstanceOf(Outcome4.Drop.class, outcome, outcome.toString()).reason(),
                outcome.toString());
    }

    /** DISCOVER, OFFER, REQUEST (SELECTING), ACK: the client's address, from the first free pool address. */
    private Dhcp4Message bind(Bytes mac, int xid) {
        Outcome4.Reply offer = reply(handle(message(MessageType4.DISCOVER, mac, xid).build()));
        Dhcp4Message ack = reply(handle(message(MessageType4.REQUEST, mac, xid + 1)
                .option(requested(offer.reply().yiaddr().getHostAddress())).option(serverId("192.0.2.1")).build()))
                .reply();
        assertEquals(MessageType4.ACK, ack.messageType().orElseThrow());
        return ack;
    }

    @Test
    void discoverGetsAnOfferFromThePoolWithTheSubnetsOptions() {
        Outcome4.Reply outcome = reply(handle(message(MessageType4.DISCOVER, MAC, 0x1234).build()));
        Dhcp4Message offer = outcome.reply();
        assertEquals(MessageType4.OFFER, offer.messageType().orElseThrow());
        assertEquals(Dhcp4Message.BOOTREPLY, offer.op());
        assertEquals(0x1234, offer.xid());
        assertEquals(v4("192.0.2.10"), offer.yiaddr());
        assertEquals(MAC, offer.hardwareAddress());
        assertEquals(Optional.of(v4("255.255.255.0")), offer.options().subnetMask());
        assertEquals(List.of(v4("192.0.2.1")), offer.options().routers());
        assertEquals(List.of(v4("192.0.2.53")), offer.options().domainNameServers(), "sent whenever configured");
        assertTrue(offer.options().addresses(Dhcp4Options.NTP_SERVERS).isEmpty(), "not asked for");
        assertEquals(Optional.of("boot"), offer.options().tftpServerName(), "always-send");
        assertEquals(Optional.of(3600L), offer.options().leaseTime());
        assertEquals(Optional.of(1000L), offer.options().renewalTime());
        assertEquals(Optional.of(2000L), offer.options().rebindingTime());
        assertEquals(Optional.of(v4("192.0.2.1")), offer.options().serverIdentifier());
        assertEquals(List.of(), outcome.leaseRows(), "an offer commits nothing");
        assertEquals(53, offer.options().all().get(0).code(), "the message type first, as Kea writes it");
    }

    @Test
    void theResponseIsADhcpv4ResponseWithFlagsZero() {
        Outcome4.Reply outcome = reply(handle(message(MessageType4.DISCOVER, MAC, 1).build(),
                Dhcp4o6Message.UNICAST_FLAG));
        Dhcp4o6Message response = assertInstanceOf(Dhcp4o6Message.class, outcome.response().message());
        assertEquals(MessageType6.DHCPV4_RESPONSE, response.type());
        assertEquals(0, response.flags());
        assertEquals(1, response.options().size(), "only the DHCPv4 message; the metadata is added on encoding");
        assertEquals("eth0", outcome.response().interfaceName());
        assertEquals(Queries.CLIENT_LINK_LOCAL, outcome.response().sourceAddress());
        assertEquals(546, outcome.response().sourcePort());
        assertTrue(response.options().dhcpv4Message().orElseThrow().length() < 300, "not padded, as Kea");
    }

    @Test
    void anOfferedAddressIsHeldForItsClient() {
        Dhcp4Message first = reply(handle(message(MessageType4.DISCOVER, MAC, 1).build())).reply();
        assertEquals(v4("192.0.2.10"), first.yiaddr());
        Dhcp4Message second = reply(handle(message(MessageType4.DISCOVER, OTHER_MAC, 2)
                .option(requested("192.0.2.10")).build())).reply();
        assertEquals(v4("192.0.2.11"), second.yiaddr(), "192.0.2.10 is held for the first client");
        assertEquals(v4("192.0.2.10"), reply(handle(message(MessageType4.DISCOVER, MAC, 3).build())).reply().yiaddr(),
                "the same offer again");
        now = now.plus(Dhcp4o6Engine.OFFER_HOLD).plusSeconds(1);
        assertEquals(v4("192.0.2.10"), reply(handle(message(MessageType4.DISCOVER, Bytes.fromHex("00005e005303"), 4)
                .option(requested("192.0.2.10")).build())).reply().yiaddr(), "after the hold it is free again");
    }

    @Test
    void thePoolGoesOnFromTheLastAddressGiven() {
        assertEquals(v4("192.0.2.10"), bind(MAC, 1).yiaddr());
        assertInstanceOf(Outcome4.Recorded.class, handle(message(MessageType4.RELEASE, MAC, 3).ciaddr(v4("192.0.2.10")).build()));
        assertEquals(v4("192.0.2.11"), reply(handle(message(MessageType4.DISCOVER, OTHER_MAC, 4).build())).reply()
                .yiaddr(), "Kea's iterative allocator: not the address just released");
    }

    @Test
    void requestSelectingCommitsTheLease() {
        Dhcp4Message ack = bind(MAC, 10);
        assertEquals(v4("192.0.2.10"), ack.yiaddr());
        assertEquals(Optional.of(3600L), ack.options().leaseTime());
        List<Lease4> leases = engine.leases();
        assertEquals(1, leases.size());
        Lease4 lease = leases.get(0);
        assertEquals(v4("192.0.2.10"), lease.address());
        assertEquals(MAC, lease.hwaddr());
        assertEquals(3600, lease.validLifetime());
        assertEquals(now.getEpochSecond() + 3600, lease.expire());
        assertEquals(1, lease.subnetId());
        assertEquals(LeaseState.DEFAULT, lease.state());
    }

    @Test
    void theAckCarriesTheLeaseRowToWriteFirst() {
        reply(handle(message(MessageType4.DISCOVER, MAC, 1).build()));
        Outcome4.Reply ack = reply(handle(message(MessageType4.REQUEST, MAC, 2).option(requested("192.0.2.10"))
                .option(serverId("192.0.2.1")).build()));
        assertEquals(engine.leases(), ack.leaseRows());
    }

    @Test
    void requestSelectingAnotherServerIsDroppedAndReleasesTheOffer() {
        reply(handle(message(MessageType4.DISCOVER, MAC, 1).build()));
        assertDrop(DropReason4.OTHER_SERVER, handle(message(MessageType4.REQUEST, MAC, 2)
                .option(requested("192.0.2.10")).option(serverId("192.0.2.99")).build()));
        assertEquals(v4("192.0.2.10"), reply(handle(message(MessageType4.DISCOVER, OTHER_MAC, 3)
                .option(requested("192.0.2.10")).build())).reply().yiaddr(), "the offer was let go");
        assertEquals(List.of(), engine.leases());
    }

    @Test
    void requestSelectingAnAddressHeldForAnotherClientIsNaked() {
        reply(handle(message(MessageType4.DISCOVER, MAC, 1).build()));
        Dhcp4Message nak = reply(handle(message(MessageType4.REQUEST, OTHER_MAC, 2).option(requested("192.0.2.10"))
                .option(serverId("192.0.2.1")).build())).reply();
        assertEquals(MessageType4.NAK, nak.messageType().orElseThrow());
        assertEquals(Dhcp4Message.ANY, nak.yiaddr());
        assertEquals(Optional.of(v4("192.0.2.1")), nak.options().serverIdentifier());
        assertTrue(nak.options().leaseTime().isEmpty());
    }

    @Test
    void initRebootWithItsAddressIsAcked() {
        bind(MAC, 1);
        Dhcp4Message ack = reply(handle(message(MessageType4.REQUEST, MAC, 2).option(requested("192.0.2.10"))
                .build())).reply();
        assertEquals(MessageType4.ACK, ack.messageType().orElseThrow());
        assertEquals(v4("192.0.2.10"), ack.yiaddr());
    }

    @Test
    void initRebootOnTheWrongSubnetIsNaked() {
        bind(MAC, 1);
        Outcome4.Reply outcome = reply(handle(message(MessageType4.REQUEST, MAC, 2).option(requested("10.0.0.5"))
                .build()));
        assertEquals(MessageType4.NAK, outcome.reply().messageType().orElseThrow());
        assertTrue(outcome.summary().contains("not on the client's network"), outcome.summary());
    }

    @Test
    void initRebootWithAnotherAddressThanItsLeaseIsNaked() {
        bind(MAC, 1);
        assertEquals(MessageType4.NAK, reply(handle(message(MessageType4.REQUEST, MAC, 2)
                .option(requested("192.0.2.11")).build())).reply().messageType().orElseThrow());
    }

    @Test
    void initRebootOfAnUnknownClientGetsNoAnswerUnlessTheSubnetIsAuthoritative() {
        assertDrop(DropReason4.UNKNOWN_CLIENT, handle(message(MessageType4.REQUEST, MAC, 1)
                .option(requested("192.0.2.10")).build()));
        Outcome4.Reply authoritative = reply(engine.handle(direct(message(MessageType4.REQUEST, MAC, 2)
                .option(requested("198.51.100.15")).build(), "eth9"), now));
        assertEquals(MessageType4.ACK, authoritative.reply().messageType().orElseThrow());
        assertEquals(v4("198.51.100.15"), authoritative.reply().yiaddr());
        assertEquals(Optional.of(v4("198.51.100.1")), authoritative.reply().options().serverIdentifier(),
                "no dhcp-server-identifier configured: the receiving interface's IPv4 address");
    }

    @Test
    void renewingWithTheUnicastFlagExtendsTheLease() {
        bind(MAC, 1);
        now = now.plusSeconds(1800);
        Outcome4.Reply outcome = reply(handle(message(MessageType4.REQUEST, MAC, 2).ciaddr(v4("192.0.2.10")).build(),
                Dhcp4o6Message.UNICAST_FLAG));
        Dhcp4Message ack = outcome.reply();
        assertEquals(MessageType4.ACK, ack.messageType().orElseThrow());
        assertEquals(v4("192.0.2.10"), ack.ciaddr(), "RFC 2131 Table 3: ciaddr from the request");
        assertEquals(v4("192.0.2.10"), ack.yiaddr());
        assertTrue(outcome.summary().startsWith("RENEWING"), outcome.summary());
        assertEquals(now.getEpochSecond() + 3600, engine.leases().get(0).expire());
    }

    @Test
    void rebindingWithoutTheUnicastFlagIsAckedForItsOwnLease() {
        bind(MAC, 1);
        Outcome4.Reply outcome = reply(handle(message(MessageType4.REQUEST, MAC, 2).ciaddr(v4("192.0.2.10")).build()));
        assertEquals(MessageType4.ACK, outcome.reply().messageType().orElseThrow());
        assertTrue(outcome.summary().startsWith("REBINDING"), outcome.summary());
    }

    @Test
    void renewingAnotherClientsAddressIsNaked() {
        bind(MAC, 1);
        Outcome4.Reply outcome = reply(handle(message(MessageType4.REQUEST, OTHER_MAC, 2).ciaddr(v4("192.0.2.10"))
                .build(), Dhcp4o6Message.UNICAST_FLAG));
        assertEquals(MessageType4.NAK, outcome.reply().messageType().orElseThrow());
    }

    @Test
    void rebindingAndRenewingWithoutARecordRebuildAFreeLeaseAsKeaDoes() {
        Outcome4.Reply rebinding = reply(handle(message(MessageType4.REQUEST, MAC, 1).ciaddr(v4("192.0.2.11")).build()));
        assertEquals(MessageType4.ACK, rebinding.reply().messageType().orElseThrow());
        Outcome4.Reply renewing = reply(handle(message(MessageType4.REQUEST, OTHER_MAC, 2).ciaddr(v4("192.0.2.12"))
                .build(), Dhcp4o6Message.UNICAST_FLAG));
        assertEquals(MessageType4.ACK, renewing.reply().messageType().orElseThrow());
        assertEquals(1, renewing.leaseRows().size());
    }

    @Test
    void aRequestForAnAddressInNoPoolOfTheNetworkIsLeftToItsServer() {
        assertDrop(DropReason4.UNKNOWN_ADDRESS, handle(message(MessageType4.REQUEST, MAC, 1).ciaddr(v4("10.9.9.9"))
                .build(), Dhcp4o6Message.UNICAST_FLAG));
        assertDrop(DropReason4.UNKNOWN_ADDRESS, handle(message(MessageType4.REQUEST, MAC, 2)
                .option(requested("10.9.9.9")).option(serverId("192.0.2.1")).build()));
    }

    @Test
    void aRequestInNoStateIsDropped() {
        assertDrop(DropReason4.INCOMPLETE_MESSAGE, handle(message(MessageType4.REQUEST, MAC, 1).build()));
    }

    @Test
    void declineSetsTheAddressAsideForTheProbationPeriod() {
        bind(MAC, 1);
        Outcome4.Recorded declined = assertInstanceOf(Outcome4.Recorded.class, handle(message(MessageType4.DECLINE,
                MAC, 2).option(requested("192.0.2.10")).option(serverId("192.0.2.1")).build()));
        Lease4 row = declined.leaseRows().get(0);
        assertEquals(LeaseState.DECLINED, row.state());
        assertEquals(600, row.validLifetime());
        assertEquals(Bytes.EMPTY, row.hwaddr());
        assertEquals(v4("192.0.2.11"), reply(handle(message(MessageType4.DISCOVER, MAC, 3)
                .option(requested("192.0.2.10")).build())).reply().yiaddr(), "the declined address is not offered again");
        now = now.plusSeconds(601);
        assertEquals(v4("192.0.2.10"), reply(handle(message(MessageType4.DISCOVER, OTHER_MAC, 4)
                .option(requested("192.0.2.10")).build())).reply().yiaddr(), "after the probation period it is");
    }

    @Test
    void declineOfAnAddressNotLeasedToTheClientIsDropped() {
        bind(MAC, 1);
        assertDrop(DropReason4.UNKNOWN_LEASE, handle(message(MessageType4.DECLINE, OTHER_MAC, 2)
                .option(requested("192.0.2.10")).build()));
        assertDrop(DropReason4.INCOMPLETE_MESSAGE, handle(message(MessageType4.DECLINE, MAC, 3).build()));
    }

    @Test
    void releaseIsRecordedWithValidLifetimeZeroAndFreesTheAddress() {
        bind(MAC, 1);
        now = now.plusSeconds(10);
        Outcome4.Recorded released = assertInstanceOf(Outcome4.Recorded.class, handle(message(MessageType4.RELEASE,
                MAC, 2).ciaddr(v4("192.0.2.10")).option(serverId("192.0.2.1")).build()));
        Lease4 row = released.leaseRows().get(0);
        assertEquals(0, row.validLifetime(), "Kea 2.2 records a release as valid lifetime 0");
        assertEquals(v4("192.0.2.10"), row.address());
        assertEquals(List.of(), engine.leases());
        assertEquals(v4("192.0.2.10"), reply(handle(message(MessageType4.DISCOVER, OTHER_MAC, 3)
                .option(requested("192.0.2.10")).build())).reply().yiaddr(), "free again");
    }

    @Test
    void releaseForAnotherServerOrOfAnotherClientsLeaseIsDropped() {
        bind(MAC, 1);
        assertDrop(DropReason4.OTHER_SERVER, handle(message(MessageType4.RELEASE, MAC, 2).ciaddr(v4("192.0.2.10"))
                .option(serverId("192.0.2.99")).build()));
        assertDrop(DropReason4.UNKNOWN_LEASE, handle(message(MessageType4.RELEASE, OTHER_MAC, 3)
                .ciaddr(v4("192.0.2.10")).build()));
        assertEquals(1, engine.leases().size());
    }

    @Test
    void informGetsOptionsWithoutALease() {
        Outcome4.Reply outcome = reply(handle(message(MessageType4.INFORM, MAC, 1).ciaddr(v4("192.0.2.77"))
                .option(new Option4.Uint8List(Dhcp4Options.PARAMETER_REQUEST_LIST, List.of(1, 3, 42))).build()));
        Dhcp4Message ack = outcome.reply();
        assertEquals(MessageType4.ACK, ack.messageType().orElseThrow());
        assertEquals(v4("192.0.2.77"), ack.ciaddr());
        assertEquals(Dhcp4Message.ANY, ack.yiaddr());
        assertTrue(ack.options().leaseTime().isEmpty());
        assertEquals(List.of(v4("192.0.2.123")), ack.options().addresses(Dhcp4Options.NTP_SERVERS));
        assertEquals(Optional.empty(), ack.options().subnetMask(), "as from Kea 2.2: only configured options");
        assertEquals(List.of(), outcome.leaseRows());
    }

    @Test
    void aReservedHostGetsItsAddressAtEveryStage() {
        Dhcp4Message offer = reply(handle(message(MessageType4.DISCOVER, RESERVED_MAC, 1)
                .option(new Option4.Uint8List(Dhcp4Options.PARAMETER_REQUEST_LIST, List.of(1, 3, 12))).build())).reply();
        assertEquals(v4("192.0.2.200"), offer.yiaddr(), "outside the pool");
        assertEquals(Optional.of("reserved"), offer.options().hostName());
        assertEquals(Optional.of("reserved.ipxe"), offer.bootFileName());
        assertEquals(MessageType4.NAK, reply(handle(message(MessageType4.REQUEST, RESERVED_MAC, 2)
                .option(requested("192.0.2.10")).option(serverId("192.0.2.1")).build())).reply().messageType()
                .orElseThrow(), "another address than the reserved one");
        assertEquals(v4("192.0.2.200"), bind(RESERVED_MAC, 3).yiaddr());
        Dhcp4Message again = reply(handle(message(MessageType4.DISCOVER, RESERVED_MAC, 5)
                .option(new Option4.ClientId(1, Bytes.fromHex("aabbccddeeff"))).build())).reply();
        assertEquals(v4("192.0.2.200"), again.yiaddr(), "the next boot stage, with a client identifier this time");
    }

    @Test
    void theClientIdentifierKnowsTheClientWhateverItsChaddr() {
        Option4 clientId = new Option4.ClientId(1, Bytes.fromHex("00005e005398"));
        Dhcp4Message offer = reply(handle(message(MessageType4.DISCOVER, MAC, 1).option(clientId).build())).reply();
        assertEquals(v4("192.0.2.201"), offer.yiaddr(), "reserved by client-id");
        assertEquals(Optional.of(clientId), offer.options().get(Dhcp4Options.CLIENT_IDENTIFIER), "echoed");
        reply(handle(message(MessageType4.REQUEST, MAC, 2).option(clientId).option(requested("192.0.2.201"))
                .option(serverId("192.0.2.1")).build()));
        Lease4 lease = engine.leases().get(0);
        assertEquals(((Option4.ClientId) clientId).value(), lease.clientId());
        Dhcp4Message renew = reply(handle(message(MessageType4.REQUEST, OTHER_MAC, 3).option(clientId)
                .ciaddr(v4("192.0.2.201")).build(), Dhcp4o6Message.UNICAST_FLAG)).reply();
        assertEquals(MessageType4.ACK, renew.messageType().orElseThrow(), "same client identifier, new chaddr");
    }

    @Test
    void aClientKeepsItsAddressAfterItsLeaseExpired() {
        bind(MAC, 1);
        now = now.plusSeconds(7200);
        assertEquals(v4("192.0.2.10"), reply(handle(message(MessageType4.DISCOVER, MAC, 2).build())).reply().yiaddr());
    }

    @Test
    void anExpiredLeaseGoesBackToThePool() {
        bind(MAC, 1);
        now = now.plusSeconds(3601);
        Dhcp4Message offer = reply(handle(message(MessageType4.DISCOVER, OTHER_MAC, 2).option(requested("192.0.2.10"))
                .build())).reply();
        assertEquals(v4("192.0.2.10"), offer.yiaddr(), "the first client's lease has expired");
        now = now.plus(Dhcp4o6Engine.HOLD_RECLAIMED);
        assertEquals(1, engine.reclaimExpired(now), "and is forgotten after Kea's hold-reclaimed-time");
        assertEquals(List.of(), engine.leases());
    }

    @Test
    void aRequestedLeaseTimeIsKeptWithinMinAndMax() {
        Dhcp4o6Engine bounded = new Dhcp4o6Engine(Queries.config("""
                { "valid-lifetime": 600, "min-valid-lifetime": 300, "max-valid-lifetime": 900,
                  "subnet4": [ { "subnet": "192.0.2.0/24", "4o6-interface": "eth0",
                                 "option-data": [ { "name": "dhcp-server-identifier", "data": "192.0.2.1" } ],
                                 "pools": [ { "pool": "192.0.2.10 - 192.0.2.20" } ] } ] }
                """), name -> List.of());
        Dhcp4Message offer = reply(bounded.handle(direct(message(MessageType4.DISCOVER, MAC, 1)
                .option(new Option4.Uint32(Dhcp4Options.LEASE_TIME, 86400)).build(), "eth0"), now)).reply();
        assertEquals(Optional.of(900L), offer.options().leaseTime());
        assertTrue(offer.options().renewalTime().isEmpty(), "no timers and calculate-tee-times off: none sent");
    }

    @Test
    void aPoolRunsOut() {
        bind(MAC, 1);
        bind(OTHER_MAC, 3);
        bind(Bytes.fromHex("00005e005303"), 5);
        assertDrop(DropReason4.NO_ADDRESS_AVAILABLE, handle(message(MessageType4.DISCOVER,
                Bytes.fromHex("00005e005304"), 7).build()));
    }

    @Test
    void leasesReadBackAtStartAreHonoured() {
        bind(MAC, 1);
        Dhcp4o6Engine restarted = new Dhcp4o6Engine(engine.config(), name -> List.of());
        engine.leases().forEach(lease -> restarted.loadLease(lease, now));
        Dhcp4Message offer = reply(restarted.handle(direct(message(MessageType4.DISCOVER, OTHER_MAC, 2).build(),
                "eth0"), now)).reply();
        assertEquals(v4("192.0.2.11"), offer.yiaddr(), "192.0.2.10 is still leased");
    }

    @Test
    void aClientThatMovesToAnotherAddressEndsItsOldLease() {
        bind(MAC, 1);
        Outcome4.Reply ack = reply(handle(message(MessageType4.REQUEST, MAC, 2).option(requested("192.0.2.12"))
                .option(serverId("192.0.2.1")).build()));
        assertEquals(MessageType4.ACK, ack.reply().messageType().orElseThrow());
        assertEquals(List.of(0L, 3600L), ack.leaseRows().stream().map(Lease4::validLifetime).toList(),
                "the old lease released first, then the new one");
        assertEquals(List.of(v4("192.0.2.12")), engine.leases().stream().map(Lease4::address).toList());
    }
}
