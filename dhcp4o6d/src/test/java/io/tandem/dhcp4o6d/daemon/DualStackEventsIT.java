package io.tandem.dhcp4o6d.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.client.ClientMessages;
import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.ScriptedClient6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp4o6d.testing.PartnerSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d and dhcp4o6d as a pair on loopback, with this test as a relay in front of dhcp6d: a
 * dual-stack client (one MAC) gets its IPv6 address from dhcp6d and its IPv4 lease from dhcp4o6d
 * over 4o6, and dhcp6d's {@code GET /events?mac=} shows both halves in one entry, because
 * dhcp4o6d sends its events over the events channel. Then dhcp6d stops, and dhcp4o6d goes on
 * answering with nobody to hear its events.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DualStackEventsIT {
    private static final Inet6Address LOOPBACK = Addresses.parse6("::1");
    private static final Inet6Address LINK = Addresses.parse6("2001:db8:2::1");
    private static final Inet6Address PEER = Addresses.parse6("fe80::5054:ff:fe12:3456");
    private static final String MAC = "52:54:00:12:34:56";
    private static final Duid CLIENT = Duid.fromHex("000400112233445566778899aabbccddeeff");
    private static final Inet4Address SERVER_ID = Addresses.parse4("192.0.2.1");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private DatagramSocket relay;
    private int serverPort;
    private int xid = 0x5000;

    @Test
    void oneStreamShowsBothHalvesOfADualStackClient() throws Exception {
        int pairPort;
        try (PartnerSocket probe = PartnerSocket.bindFreePair()) {
            pairPort = probe.port();
        }
        serverPort = freeUdpPort();
        int eventsPort = freeUdpPort();
        int httpPort = freeTcpPort();
        int http4Port = freeTcpPort();
        Path config6 = Files.writeString(directory.resolve("dhcp6d.json"), """
                {"Dhcp6": {
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "lease-database": {"type": "memfile", "persist": false},
                  "tftp": {"enabled": false},
                  "http": {"listen": "[::1]:%d"},
                  "events": {"channel": "[::1]:%d"}
                }}
                """.formatted(httpPort, eventsPort));
        Path config4 = Files.writeString(directory.resolve("dhcp4o6d.json"), """
                {"Dhcp4": {
                  "subnet4": [{"id": 1, "subnet": "192.0.2.0/24", "4o6-interface-id": "swp7",
                               "option-data": [{"name": "dhcp-server-identifier", "data": "192.0.2.1"}],
                               "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]}],
                  "lease-database": {"type": "memfile", "persist": false},
                  "http": {"listen": "[::1]:%d"},
                  "events": {"channel": "[::1]:%d"}
                }}
                """.formatted(http4Port, eventsPort));
        relay = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        Path log6 = directory.resolve("dhcp6d.log");
        HttpClient http = HttpClient.newHttpClient();
        try (LaunchedDaemon dhcp6d = LaunchedDaemon.start("dhcp6d", "DHCP6_EVENTS_CHANNEL", directory, log6, "-cf",
                config6.toString(), "--no-pid", "-lf", directory.resolve("leases6.csv").toString(), "-p",
                Integer.toString(serverPort), "-4o6", Integer.toString(pairPort));
             LaunchedDaemon dhcp4o6d = LaunchedDaemon.start("dhcp4o6d", "DHCP4O6_LISTENING", directory,
                     directory.resolve("dhcp4o6d.log"), "-4", "-4o6", Integer.toString(pairPort), "-cf",
                     config4.toString(), "--no-pid", "-lf", directory.resolve("leases4.csv").toString())) {
            URI events = URI.create("http://[::1]:" + httpPort + "/events?mac=" + MAC.replace(':', '-'));
            HttpResponse<InputStream> before = http.send(HttpRequest.newBuilder(events).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader live = new BufferedReader(new InputStreamReader(before.body(), StandardCharsets.UTF_8));
            assertEquals("null", nextData(live), "no entry for the MAC yet");

            ScriptedClient6 client6 = new ScriptedClient6(CLIENT, 7, List.of(),
                    message -> Optional.of(inner6(ask(message, log6))));
            client6.solicit().orElseThrow();
            client6.request().orElseThrow();
            ClientMessages client = new ClientMessages(Bytes.fromHex(MAC.replace(":", "")));
            Dhcp4Message offer4 = answerOf(ask(ClientMessages.query(client.discover(++xid), false),
                    log6));
            assertEquals(MessageType4.OFFER, offer4.messageType().orElseThrow());
            Dhcp4Message ack4 = answerOf(ask(ClientMessages.query(
                    client.request(++xid, offer4.yiaddr(), SERVER_ID), false), log6));
            assertEquals(MessageType4.ACK, ack4.messageType().orElseThrow());

            List<String> expected = List.of("init", "advertised", "bound", "os_init", "4o6_offered", "4o6_acked");
            List<String> seen = new ArrayList<>();
            while (seen.size() < expected.size()) {
                JsonNode message = JSON.readTree(nextData(live));
                assertEquals(MAC, message.get("mac").asText());
                seen.add(message.get("event").get("event").asText());
            }
            assertEquals(expected, seen, "the stream opened before saw both halves, in order");
            before.body().close();

            JsonNode entry = JSON.readTree(firstData(http, events));
            assertEquals(MAC, entry.get("Mac").asText());
            List<String> names = new ArrayList<>();
            entry.get("Events").forEach(event -> names.add(event.get("event").asText()));
            assertEquals(expected, names, "a stream opened after shows the same entry");
            JsonNode acked = entry.get("Events").get(5);
            assertEquals(Addresses.text(ack4.yiaddr()), acked.get("address").asText());
            assertEquals("chaddr", acked.get("mac-source").asText());
            assertEquals(Addresses.text(LINK), acked.get("relay").asText());
            assertEquals(Addresses.text(PEER), acked.get("ipv6-source").asText());
            JsonNode bound = entry.get("Events").get(2);
            assertEquals(CLIENT.bytes().colonHex(), bound.get("duid").asText());
            assertEquals("ipv6-link-local", bound.get("mac-source").asText());

            // Each daemon shows its own leases; dhcp6d counts the round trips and the events that came over.
            JsonNode leases6 = JSON.readTree(get(http, httpPort, "/leases?mac=" + MAC));
            assertEquals(6, leases6.get("family").asInt());
            assertEquals("2001:db8:2::5254:12:3456", leases6.get("leases").get(0).get("ip-address").asText());
            JsonNode leases4 = JSON.readTree(get(http, http4Port, "/leases?mac=5254.0012.3456"));
            assertEquals(4, leases4.get("family").asInt());
            assertEquals(Addresses.text(ack4.yiaddr()), leases4.get("leases").get(0).get("ip-address").asText());
            JsonNode lease4 = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + http4Port
                    + "/")).POST(HttpRequest.BodyPublishers.ofString("{\"command\": \"lease4-get-by-hw-address\","
                    + " \"arguments\": {\"hw-address\": \"" + MAC + "\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get(0);
            assertEquals(0, lease4.get("result").asInt(), lease4.toString());
            String metrics6 = get(http, httpPort, "/metrics");
            assertTrue(metrics6.contains("\ntandem_dhcp4o6_round_trip_seconds_count 2\n"), metrics6);
            // The OFFER's and the ACK's events: one datagram each, or one for both when they came within
            // the 20 ms dhcp4o6d lets events linger
            assertTrue(Pattern.compile("\ntandem_events_channel_received_total [12]\n").matcher(metrics6).find(), metrics6);
            assertTrue(metrics6.contains("\ntandem_dhcp6_packets_received_total{type=\"relay-forw\"} 4\n"), metrics6);
            String metrics4 = get(http, http4Port, "/metrics");
            assertTrue(metrics4.contains("\ntandem_dhcp4o6d_packets_sent_total{type=\"dhcpack\"} 1\n"), metrics4);
            assertTrue(metrics4.contains("\ntandem_dhcp4o6d_leases{subnet_id=\"1\"} 1\n"), metrics4);
            // The kernel's drop count of each receiving socket: the DHCPv6 port, the pair, the events channel.
            for (String socket : List.of("[::]:" + serverPort, "[::1]:" + pairPort, "[::1]:" + eventsPort)) {
                assertTrue(metrics6.contains("\ntandem_udp_socket_drops_total{socket=\"" + socket + "\"} 0\n"),
                        metrics6);
            }
            String pairEnd4 = "[::1]:" + (pairPort + 1);
            assertTrue(metrics4.contains("\ntandem_udp_socket_drops_total{socket=\"" + pairEnd4 + "\"} 0\n"), metrics4);

            // Without dhcp6d, dhcp4o6d goes on; its events are lost and counted.
            dhcp6d.stop(); // fails unless dhcp6d stops on SIGTERM
            try (DatagramSocket partner = new DatagramSocket(new InetSocketAddress(LOOPBACK, pairPort))) {
                partner.setSoTimeout(5000);
                for (int i = 0; i < 3; i++) {
                    byte[] query = Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(ClientMessages.relayForward(
                            ClientMessages.query(client.discover(++xid), false), LINK, PEER, "swp7", null),
                            "lo", LOOPBACK, 547));
                    partner.send(new DatagramPacket(query, query.length, new InetSocketAddress(LOOPBACK, pairPort + 1)));
                    byte[] buffer = new byte[65_536];
                    DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                    partner.receive(answer);
                    assertEquals(MessageType4.OFFER, answerOf(Dhcp4o6Ipc.decode(
                            Arrays.copyOf(buffer, answer.getLength())).message()).messageType().orElseThrow(),
                            "dhcp4o6d answers without dhcp6d");
                }
            }
            assertEquals(0, dhcp4o6d.stop(), dhcp4o6d.output());
            String output = dhcp4o6d.output();
            assertTrue(output.contains("events lost"), output);
        } finally {
            relay.close();
        }
    }

    /** Sends {@code message} through the relay and returns the inner message of the Relay-Reply. */
    private Dhcp6Message ask(Dhcp6Message message, Path log6) throws IOException {
        byte[] datagram = Dhcp6Codec.encode(ClientMessages.relayForward(message, LINK, PEER, "swp7",
                relay.getLocalPort()));
        byte[] buffer = new byte[65_536];
        for (int attempt = 0; attempt < 5; attempt++) {
            relay.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress(LOOPBACK, serverPort)));
            relay.setSoTimeout(15_000);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                relay.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            try {
                RelayMessage reply = (RelayMessage) Dhcp6Codec.decode(Arrays.copyOf(packet.getData(),
                        packet.getLength()));
                return reply.relayed().orElseThrow();
            } catch (io.tandem.common.wire.DecodeException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no answer to " + message.type() + ":\n" + Files.readString(log6));
    }

    private static ClientServerMessage inner6(Dhcp6Message message) {
        return (ClientServerMessage) message;
    }

    private static String nextData(BufferedReader reader) throws IOException {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
        throw new AssertionError("the stream ended");
    }

    private static String firstData(HttpClient http, URI uri) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            return nextData(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
        }
    }

    private static String get(HttpClient http, int port, String pathAndQuery) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + port
                + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return probe.getLocalPort();
        }
    }

    /** The DHCPv4 answer inside a DHCPV4-RESPONSE, through any Relay-Reply layers. */
    private static Dhcp4Message answerOf(Dhcp6Message response) {
        return ClientMessages.answerOf(response).orElseThrow(() -> new AssertionError("not a DHCPV4-RESPONSE: " + response))
                .message();
    }
}
