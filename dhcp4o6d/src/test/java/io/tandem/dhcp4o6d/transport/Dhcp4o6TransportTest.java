package io.tandem.dhcp4o6d.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.client.ClientMessages;
import io.tandem.common.config.ConfigException;
import io.tandem.common.config.LeaseDatabaseConfig;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseCsv4;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import io.tandem.dhcp4o6d.engine.DropReason4;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport on a real [::1] port pair inside the test JVM: rows are in the lease file when the
 * answer arrives, an answer whose rows cannot be written never leaves, and datagrams from anyone
 * but the partner, or that are not the pair's format, are dropped and counted.
 */
@Timeout(60)
class Dhcp4o6TransportTest {
    static final Duration ANSWER = Duration.ofSeconds(5);
    static final String CONFIG = """
            { "Dhcp4": { "subnet4": [ { "subnet": "192.0.2.0/24", "4o6-interface": "link0",
                "option-data": [ { "name": "dhcp-server-identifier", "data": "192.0.2.1" } ],
                "pools": [ { "pool": "192.0.2.10 - 192.0.2.20" } ] } ] } }
            """;

    @TempDir
    Path directory;

    private static Dhcp4o6Ipc.Envelope direct(Dhcp4Message message) {
        return new Dhcp4o6Ipc.Envelope(ClientMessages.query(message, false), "link0",
                Addresses.parse6("fe80::200:5eff:fe00:5301"), 546);
    }

    private static void awaitDrop(Dhcp4o6Transport transport, DropReason4 reason) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        while (!transport.drops().containsKey(reason)) {
            assertTrue(System.nanoTime() < deadline, "no " + reason + " in " + transport.drops());
            Thread.sleep(20);
        }
    }

    @Test
    void leaseRowsAreWrittenBeforeTheAnswerAndAnUnwrittenOneIsNeverAnswered() throws Exception {
        Dhcp4o6Engine engine = new Dhcp4o6Engine(Dhcp4ConfigParser.parse(CONFIG, directory).config(), name -> List.of());
        Path leases = directory.resolve("leases4.csv");
        LeaseFile<Lease4> file = LeaseFile.open(leases, LeaseCsv4.INSTANCE);
        ClientMessages client = new ClientMessages(Bytes.fromHex("00005e005301"));
        try (PartnerSocket partner = PartnerSocket.bindFreePair();
             Dhcp4o6Transport transport = new Dhcp4o6Transport(engine,
                     LeaseCommit.to(file, LeaseDatabaseConfig.Durability.WRITE, "DHCP4O6"), Clock.systemUTC())) {
            transport.start(partner.port());
            partner.send(direct(client.discover(1)));
            Dhcp4Message offer = ClientMessages.answer(partner.receive(ANSWER).orElseThrow().message());
            assertEquals(List.of(), LeaseFile.load(leases, LeaseCsv4.INSTANCE).leases(), "an offer writes nothing");
            partner.send(direct(client.request(2, offer.yiaddr(), Addresses.parse4("192.0.2.1"))));
            Dhcp4Message ack = ClientMessages.answer(partner.receive(ANSWER).orElseThrow().message());
            assertEquals(MessageType4.ACK, ack.messageType().orElseThrow());
            assertEquals(List.of(ack.yiaddr()),
                    LeaseFile.load(leases, LeaseCsv4.INSTANCE).leases().stream().map(Lease4::address).toList());

            file.close();
            partner.send(direct(client.renew(3, ack.yiaddr())));
            awaitDrop(transport, DropReason4.LEASE_NOT_RECORDED);
            assertEquals(Optional.empty(), partner.receive(Duration.ofMillis(300)), "no answer without its row");
            assertEquals(2, transport.answered());
        }
    }

    @Test
    void strangersAndGarbageAreDroppedAndCounted() throws Exception {
        Dhcp4o6Engine engine = new Dhcp4o6Engine(Dhcp4ConfigParser.parse(CONFIG, directory).config(), name -> List.of());
        try (PartnerSocket partner = PartnerSocket.bindFreePair();
             Dhcp4o6Transport transport = new Dhcp4o6Transport(engine, LeaseCommit.inMemory(), Clock.systemUTC());
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(Addresses.parse6("::1"), 0))) {
            transport.start(partner.port());
            byte[] query = Dhcp4o6Ipc.encode(direct(new ClientMessages(Bytes.fromHex("00005e005301")).discover(1)));
            stranger.send(new DatagramPacket(query, query.length,
                    new InetSocketAddress(Addresses.parse6("::1"), partner.port() + 1)));
            awaitDrop(transport, DropReason4.FOREIGN_SENDER);
            partner.send(new byte[] {20, 0, 0, 0});
            awaitDrop(transport, DropReason4.MALFORMED_DATAGRAM);
            assertEquals(Optional.empty(), partner.receive(Duration.ofMillis(300)));
            assertEquals(Map.of(DropReason4.FOREIGN_SENDER, 1L, DropReason4.MALFORMED_DATAGRAM, 1L), transport.drops());
            assertEquals(2, transport.received());
        }
    }
}
