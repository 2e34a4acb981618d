package io.tandem.dhcp4o6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.config.ConfigException;
import io.tandem.common.testing.GoldenCorpus;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.dhcp4o6d.config.Dhcp4ConfigParser;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kea's own DHCPv4 side, captured on its port pair (golden corpus), is the oracle: dhcp4o6d,
 * configured as kea-dhcp4 was ({@code scripts/capture-golden}, {@code kea4o6_confs}) and handed
 * the very datagrams kea-dhcp6 handed to kea-dhcp4, answers each with the same bytes, but for the
 * DHCPV4-RESPONSE flags, which Kea copies from the query and dhcp4o6d sets to 0 (RFC 7341 §6).
 * That covers the DORA, the RENEWING request with the U flag, the relayed exchanges (Interface-ID
 * and Relay Source Port copied, Relay-Reply mirroring the Relay-Forward) and the option layout.
 */
class KeaGoldenExchangeTest {
    /** The kea-dhcp4 configuration of the capture, in dhcp4o6d's terms (Kea's keys, same values). */
    static final String CAPTURE_CONFIG = """
            { "Dhcp4": {
                "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
                "subnet4": [ {
                    "id": 1, "subnet": "198.51.100.0/24", "4o6-interface-id": "tgc-relay1",
                    "pools": [ { "pool": "198.51.100.10 - 198.51.100.50" } ],
                    "option-data": [ { "name": "routers", "data": "198.51.100.1" } ]
                }, {
                    "id": 2, "subnet": "192.0.2.0/24", "4o6-interface": "srv0",
                    "pools": [ { "pool": "192.0.2.10 - 192.0.2.50" } ],
                    "option-data": [ { "name": "routers", "data": "192.0.2.1" },
                                     { "name": "domain-name-servers", "data": "192.0.2.53" } ]
                } ]
            } }
            """;
    /** kea-dhcp4 took its server identifier from srv0's address in the capture. */
    static final HostInterfaces CAPTURE_HOST = name -> name.equals("srv0")
            ? List.<InetAddress>of(Addresses.parse6("2001:db8:3::1"), Addresses.parse4("192.0.2.1")) : List.of();

    @ParameterizedTest
    @ValueSource(strings = {"kea-4o6-loopback.txt", "kea-4o6-dhcrelay-loopback.txt"})
    void answersKeasQueriesWithKeasBytes(String file) throws ConfigException, DecodeException {
        List<GoldenCorpus.Packet> frames = GoldenCorpus.packets().stream().filter(p -> p.file().equals(file)).toList();
        assertTrue(frames.size() >= 6 && frames.size() % 2 == 0, file + " holds query/response pairs");
        Dhcp4o6Engine engine = new Dhcp4o6Engine(
                Dhcp4ConfigParser.parse(CAPTURE_CONFIG, Path.of(".")).config(), CAPTURE_HOST);
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        for (int i = 0; i < frames.size(); i += 2) {
            GoldenCorpus.Packet query = frames.get(i);
            GoldenCorpus.Packet keaAnswer = frames.get(i + 1);
            Outcome4 outcome = engine.handle(Dhcp4o6Ipc.decode(query.bytes().toArray()), now);
            Outcome4.Reply reply = assertInstanceOf(Outcome4.Reply.class, outcome, query.toString());
            Dhcp4o6Ipc.Envelope kea = Dhcp4o6Ipc.decode(keaAnswer.bytes().toArray());
            Dhcp4o6Ipc.Envelope expected = new Dhcp4o6Ipc.Envelope(Dhcp4o6Ipc.withoutFlags(kea.message()),
                    kea.interfaceName(), kea.sourceAddress(), kea.sourcePort());
            WireWriter answer = new WireWriter();
            reply.encode(answer);
            assertEquals(Bytes.of(Dhcp4o6Ipc.encode(expected)).hex(), answer.toBytes().hex(), "answer to " + query);
            now = now.plusSeconds(1);
        }
    }
}
