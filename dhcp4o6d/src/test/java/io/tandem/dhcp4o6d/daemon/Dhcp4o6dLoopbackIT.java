package io.tandem.dhcp4o6d.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.client.ClientMessages;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseCsv4;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged dhcp4o6d, started with {@code scripts/dhcp4o6d -4 -4o6 P -cf -lf -pf} as an operator
 * starts it, with this test in dhcp6d's place on {@code [::1]:P}: no root, no namespace. It sends
 * Kea's port-pair datagrams and reads the answers: DORA, RENEWING with the U flag, RELEASE (a row
 * with valid lifetime 0 in the lease file), a relayed query landing in the subnet of its Interface-ID
 * with the Relay-Reply mirroring the Relay-Forward, queries that get no answer, and leases read
 * back after a restart.
 */
@Timeout(120)
class Dhcp4o6dLoopbackIT {
    static final Duration ANSWER = Duration.ofSeconds(5);
    static final Inet6Address CLIENT = Addresses.parse6("fe80::200:5eff:fe00:5301");
    static final Inet4Address SERVER_ID = Addresses.parse4("192.0.2.1");
    static final String CONFIG = """
            // The loopback test's configuration.
            { "Dhcp4": {
                "valid-lifetime": 600, "renew-timer": 200, "rebind-timer": 400,
                "subnet4": [
                  { "id": 1, "subnet": "192.0.2.0/24", "4o6-interface": "link0",
                    "option-data": [ { "name": "dhcp-server-identifier", "data": "192.0.2.1" },
                                     { "name": "routers", "data": "192.0.2.1" } ],
                    "pools": [ { "pool": "192.0.2.10 - 192.0.2.20" } ] },
                  { "id": 2, "subnet": "198.51.100.0/24", "4o6-interface-id": "relay-7",
                    "pools": [ { "pool": "198.51.100.10 - 198.51.100.20" } ] }
                ] } }
            """;

    @TempDir
    Path directory;

    private Dhcp4o6Ipc.Envelope direct(Dhcp4Message message, boolean unicast) {
        return new Dhcp4o6Ipc.Envelope(ClientMessages.query(message, unicast), "link0", CLIENT, 546);
    }

    private static Dhcp4o6Ipc.Envelope answer(PartnerSocket partner) throws Exception {
        return partner.receive(ANSWER).orElseThrow(() -> new AssertionError("no answer within " + ANSWER));
    }

    /** The answer with transaction id {@code xid}, skipping answers to earlier queries still queued. */
    private static Dhcp4Message answerTo(PartnerSocket partner, int xid) throws Exception {
        while (true) {
            Dhcp4Message message = dhcp4(answer(partner));
            if (message.xid() == xid) {
                return message;
            }
        }
    }

    private static Dhcp4Message dhcp4(Dhcp4o6Ipc.Envelope answer) {
        return ClientMessages.answer(answer.message());
    }

    @Test
    void everyAcknowledgedLeaseSurvivesKillDashNine() throws Exception {
        Path config = Files.writeString(directory.resolve("dhcp4o6d.json"), CONFIG.replace(
                "192.0.2.10 - 192.0.2.20", "192.0.2.10 - 192.0.2.250"));
        Path leases = directory.resolve("leases4.csv");
        int clients = 200;
        Map<Integer, Inet4Address> acknowledged = new HashMap<>();
        try (PartnerSocket partner = PartnerSocket.bindFreePair()) {
            String port = Integer.toString(partner.port());
            try (LaunchedDaemon daemon = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", directory,
                    directory.resolve("dhcp4o6d.log"), "-4", "-4o6", port, "-cf", config.toString(), "-lf",
                    leases.toString(), "--no-pid")) {
                Map<Integer, Inet4Address> offers = new HashMap<>();
                // A burst of UDP may overflow a socket buffer: like real clients, send again what got no answer.
                for (int round = 0; round < 5 && offers.size() < clients; round++) {
                    for (int i = 0; i < clients; i++) {
                        if (!offers.containsKey(i)) {
                            partner.send(direct(client(i).discover(i), false));
                        }
                    }
                    for (Optional<Dhcp4o6Ipc.Envelope> next = partner.receive(Duration.ofSeconds(2)); next.isPresent();
                            next = partner.receive(Duration.ofSeconds(2))) {
                        Dhcp4Message offer = dhcp4(next.get());
                        offers.put(offer.xid(), offer.yiaddr());
                        if (offers.size() == clients) {
                            break;
                        }
                    }
                }
                assertEquals(clients, offers.size(), "every client got an offer");
                for (int i = 0; i < clients; i++) {
                    partner.send(direct(client(i).request(clients + i, offers.get(i), SERVER_ID), false));
                }
                while (acknowledged.size() < clients / 2) {
                    Dhcp4Message ack = dhcp4(answer(partner));
                    assertEquals(MessageType4.ACK, ack.messageType().orElseThrow());
                    acknowledged.put(ack.xid() - clients, ack.yiaddr());
                }
                daemon.signal("KILL");
                daemon.close();
            }
            List<Lease4> rows = rows(leases);
            for (Map.Entry<Integer, Inet4Address> ack : acknowledged.entrySet()) {
                Bytes mac = mac(ack.getKey());
                assertTrue(rows.stream().anyMatch(row -> row.address().equals(ack.getValue()) && row.hwaddr().equals(mac)
                                && row.validLifetime() > 0),
                        "the acknowledged lease of " + mac.colonHex() + " is in the lease file");
            }
            try (LaunchedDaemon daemon = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", directory,
                    directory.resolve("dhcp4o6d-2.log"), "-4", "-4o6", port, "-cf", config.toString(), "-lf",
                    leases.toString(), "--no-pid")) {
                for (Map.Entry<Integer, Inet4Address> ack : acknowledged.entrySet()) {
                    int xid = 3 * clients + ack.getKey();
                    partner.send(direct(client(ack.getKey()).renew(xid, ack.getValue()), false));
                    Dhcp4Message rebound = answerTo(partner, xid);
                    assertEquals(MessageType4.ACK, rebound.messageType().orElseThrow(),
                            "REBINDING after the restart: the lease was read back");
                    assertEquals(ack.getValue(), rebound.yiaddr());
                }
                assertEquals(0, daemon.stop(), daemon.output());
            }
        }
    }

    private static Bytes mac(int client) {
        return Bytes.fromHex(String.format("00005e00%04x", 0x5300 + client));
    }

    private static ClientMessages client(int client) {
        return new ClientMessages(mac(client));
    }

    private List<Lease4> rows(Path leases) throws Exception {
        return LeaseFile.load(leases, LeaseCsv4.INSTANCE).leases();
    }

    @Test
    void servesThePartnerOnThePortPair() throws Exception {
        Path config = Files.writeString(directory.resolve("dhcp4o6d.json"), CONFIG);
        Path leases = directory.resolve("leases4.csv");
        Path pidFile = directory.resolve("dhcp4o6d.pid");
        ClientMessages client = new ClientMessages(Bytes.fromHex("00005e005301"));
        ClientMessages relayedClient = new ClientMessages(Bytes.fromHex("00005e005302"));
        try (PartnerSocket partner = PartnerSocket.bindFreePair()) {
            String port = Integer.toString(partner.port());
            Inet4Address relayedAddress;
            try (LaunchedDaemon daemon = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", directory,
                    directory.resolve("dhcp4o6d.log"), "-4", "-d", "-4o6", port, "-cf", config.toString(), "-lf",
                    leases.toString(), "-pf", pidFile.toString())) {
                assertEquals(Long.toString(daemon.pid()), Files.readString(pidFile).strip(), "the pid file");

                // DORA, direct: the answer is a DHCPV4-RESPONSE with the query's metadata, flags 0.
                partner.send(direct(client.discover(0x101), false));
                Dhcp4o6Ipc.Envelope offerAnswer = answer(partner);
                assertEquals("link0", offerAnswer.interfaceName());
                assertEquals(CLIENT, offerAnswer.sourceAddress());
                assertEquals(546, offerAnswer.sourcePort());
                Dhcp4o6Message response = assertInstanceOf(Dhcp4o6Message.class, offerAnswer.message());
                assertEquals(MessageType6.DHCPV4_RESPONSE, response.type());
                assertEquals(0, response.flags());
                Dhcp4Message offer = dhcp4(offerAnswer);
                assertEquals(MessageType4.OFFER, offer.messageType().orElseThrow());
                assertEquals(0x101, offer.xid());
                Inet4Address address = offer.yiaddr();
                assertEquals(Addresses.parse4("192.0.2.10"), address);

                partner.send(direct(client.request(0x102, address, SERVER_ID), false));
                Dhcp4Message ack = dhcp4(answer(partner));
                assertEquals(MessageType4.ACK, ack.messageType().orElseThrow());
                assertEquals(address, ack.yiaddr());
                assertEquals(Optional.of(600L), ack.options().leaseTime());
                Lease4 row = rows(leases).get(rows(leases).size() - 1);
                assertEquals(address, row.address(), "written before the answer left");
                assertEquals(600, row.validLifetime());
                assertEquals(Bytes.fromHex("00005e005301"), row.hwaddr());

                // RENEWING: ciaddr and the U flag.
                partner.send(direct(client.renew(0x103, address), true));
                Dhcp4Message renewed = dhcp4(answer(partner));
                assertEquals(MessageType4.ACK, renewed.messageType().orElseThrow());
                assertEquals(address, renewed.ciaddr());

                // Relayed, with an Interface-ID and the Relay Source Port option.
                RelayMessage relayed = ClientMessages.relayForward(ClientMessages.query(
                                relayedClient.discover(0x201), false), Addresses.parse6("2001:db8:4::1"), CLIENT,
                        "relay-7", 0);
                partner.send(new Dhcp4o6Ipc.Envelope(relayed, "lo", Addresses.parse6("2001:db8:3::2"), 10547));
                Dhcp4o6Ipc.Envelope relayedAnswer = answer(partner);
                RelayMessage reply = assertInstanceOf(RelayMessage.class, relayedAnswer.message());
                assertEquals(MessageType6.RELAY_REPL, reply.type());
                assertEquals(relayed.hopCount(), reply.hopCount());
                assertEquals(relayed.linkAddress(), reply.linkAddress());
                assertEquals(relayed.peerAddress(), reply.peerAddress());
                assertEquals(Optional.of(Bytes.utf8("relay-7")), reply.options().interfaceId());
                assertEquals(Optional.of(0), reply.options().relaySourcePort());
                assertEquals(10547, relayedAnswer.sourcePort(), "where the partner sends it on");
                Dhcp4Message relayedOffer = dhcp4(relayedAnswer);
                relayedAddress = relayedOffer.yiaddr();
                assertEquals(Addresses.parse4("198.51.100.10"), relayedAddress, "the subnet of 4o6-interface-id");
                Inet4Address relayedServer = relayedOffer.options().serverIdentifier().orElseThrow();
                assertEquals(Addresses.parse4("127.0.0.1"), relayedServer,
                        "subnet 2 names no dhcp-server-identifier: the receiving interface's IPv4 address");
                partner.send(new Dhcp4o6Ipc.Envelope(ClientMessages.relayForward(ClientMessages.query(
                                relayedClient.request(0x202, relayedAddress, relayedServer), false),
                        Addresses.parse6("2001:db8:4::1"), CLIENT, "relay-7", 0), "lo",
                        Addresses.parse6("2001:db8:3::2"), 10547));
                assertEquals(MessageType4.ACK, dhcp4(answer(partner)).messageType().orElseThrow());

                // No answer: a query without the DHCPv4 message, one carrying a DHCPOFFER, garbage.
                partner.send(new Dhcp4o6Ipc.Envelope(new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0, Options6.NONE),
                        "link0", CLIENT, 546));
                partner.send(new Dhcp4o6Ipc.Envelope(new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0, Options6.of(
                        new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, Bytes.of(Dhcp4Codec.encode(offer))))),
                        "link0", CLIENT, 546));
                partner.send(new byte[] {1, 2, 3});
                partner.send(direct(client.discover(0x104), false));
                assertEquals(0x104, dhcp4(answer(partner)).xid(), "the next answer is to the next valid query");

                // RELEASE: no answer, a row with valid lifetime 0.
                partner.send(direct(client.release(0x105, address, SERVER_ID), true));
                assertEquals(Optional.empty(), partner.receive(Duration.ofMillis(500)));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (rows(leases).stream().noneMatch(r -> r.address().equals(address) && r.validLifetime() == 0)) {
                    assertTrue(System.nanoTime() < deadline, "no release row in\n" + Files.readString(leases));
                    Thread.sleep(50);
                }
                assertEquals(0, daemon.stop(), daemon.output());
                assertTrue(daemon.output().contains("DHCP4O6_LEASE_ENDED DHCPRELEASE 192.0.2.10"), daemon.output());
            }

            // Restarted: the leases are read back, so a REBINDING client it knows is answered.
            try (LaunchedDaemon daemon = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", directory,
                    directory.resolve("dhcp4o6d-2.log"), "-4", "-4o6", port, "-cf", config.toString(), "-lf",
                    leases.toString(), "--no-pid")) {
                partner.send(new Dhcp4o6Ipc.Envelope(ClientMessages.relayForward(ClientMessages.query(
                                relayedClient.renew(0x203, relayedAddress), false), Addresses.parse6("2001:db8:4::1"),
                        CLIENT, "relay-7", null), "lo", Addresses.parse6("2001:db8:3::2"), 547));
                Dhcp4Message rebound = dhcp4(answer(partner));
                assertEquals(MessageType4.ACK, rebound.messageType().orElseThrow(), daemon.output());
                assertEquals(relayedAddress, rebound.yiaddr());

                // SIGHUP: a broken file is refused and the running configuration stays; a good one is taken.
                Files.writeString(config, "{\"Dhcp4\": {\"subnet4\": [{\"subnet\": \"192.0.2.1\"}]}}");
                daemon.signal("HUP");
                daemon.awaitOutput("DHCP4O6_CONFIG_RELOAD_FAILED");
                partner.send(direct(client.discover(0x301), false));
                assertEquals(MessageType4.OFFER, dhcp4(answer(partner)).messageType().orElseThrow());
                Files.writeString(config, CONFIG.replace("\"routers\", \"data\": \"192.0.2.1\"",
                        "\"routers\", \"data\": \"192.0.2.254\""));
                daemon.signal("HUP");
                daemon.awaitOutput("DHCP4O6_CONFIG_RELOADED");
                partner.send(direct(client.discover(0x302), false));
                assertEquals(List.of(Addresses.parse4("192.0.2.254")), dhcp4(answer(partner)).options().routers());
                assertEquals(0, daemon.stop(), daemon.output());
            }
        }
    }
}
