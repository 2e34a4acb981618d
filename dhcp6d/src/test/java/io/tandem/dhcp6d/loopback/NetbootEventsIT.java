package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A netboot as a scripted sequence against dhcp6d on loopback: PXE firmware (its own DUID-UUID,
 * architecture 7, vendor class PXEClient) is pointed at iPXE over TFTP and fetches it; iPXE (another
 * DUID, user class iPXE) is pointed at its HTTP boot URL and fetches a file from dhcp6d's
 * {@code /boot/}; the installed OS (a DUID-LL) binds. A stream opened before the boot and one
 * opened after it see the same per-MAC events in the same order.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NetbootEventsIT {
    private static final Inet6Address LOOPBACK = LoopbackDhcp6d.LOOPBACK;
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
    private static final List<String> EXPECTED = List.of("init", "advertised", "bound", "point_pxe_to_ipxe_over_tftp",
            "served_ipxe_over_tftp", "duid_changed", "advertised", "bound", "point_ipxe_to_http_boot",
            "served_boot_file_over_http", "duid_changed", "advertised", "bound", "os_init");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void aBootShowsEveryStageInOrderOnStreamsOpenedBeforeAndAfter() throws Exception {
        int serverPort = LoopbackDhcp6d.freeUdpPort();
        int tftpPort = LoopbackDhcp6d.freeUdpPort();
        int httpPort = LoopbackDhcp6d.freeTcpPort();
        Path root = Files.createDirectory(directory.resolve("tftp"));
        byte[] ipxe = "not really ipxe.efi, but as good for the events".getBytes(StandardCharsets.US_ASCII);
        Files.write(root.resolve("ipxe.efi"), ipxe);
        Path config = Files.writeString(directory.resolve("dhcp6d.json"), """
                {"Dhcp6": {
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0},
                  "netboot": {"server-address": "2001:db8:2::1",
                              "http-boot-url-template": "http://[::1]:%d/boot/{{.MAC}}/ipxe.efi"},
                  "tftp": {"listen": "[::1]:%d", "root": "tftp"},
                  "http": {"listen": "[::1]:%d"},
                  "events": {"channel": ""}
                }}
                """.formatted(httpPort, tftpPort, httpPort));
        HttpClient http = HttpClient.newHttpClient();
        try (LoopbackDhcp6d dhcp6d = LoopbackDhcp6d.start(directory, config, serverPort);
             ScriptedRelay relay = new ScriptedRelay(serverPort)) {
            dhcp6d.awaitLog("TFTP_LISTENING");
            dhcp6d.awaitLog("HTTP_LISTENING");
            URI events = URI.create("http://[::1]:" + httpPort + "/events?mac=5254.0012.3456");
            HttpResponse<InputStream> before = http.send(HttpRequest.newBuilder(events).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader early = new BufferedReader(new InputStreamReader(before.body(), StandardCharsets.UTF_8));
            assertEquals("null", nextData(early));

            bind(relay, Duid.fromHex("0004" + "11223344556677889900aabbccddeeff"), List.of(
                    new Option6.Uint16List(Dhcp6Options.ORO, List.of(59, 60)),
                    new Option6.Uint16List(Dhcp6Options.CLIENT_ARCH_TYPE, List.of(7)),
                    new Option6.VendorClass(343, List.of(Bytes.utf8("PXEClient:Arch:00007:UNDI:003000")))), dhcp6d);
            assertEquals(ipxe.length, tftpGet(tftpPort, MAC + "/ipxe.efi"), "the whole file over TFTP");
            // A file counts as served when the server has seen its end, which may be just after the
            // client has it: the next stage starts once the stream says so, as a real machine's would.
            List<JsonNode> live = new ArrayList<>(readUntil(early, "served_ipxe_over_tftp"));
            bind(relay, Duid.fromHex("0004" + "44332211665588779900aabbccddeeff"), List.of(
                    new Option6.Uint16List(Dhcp6Options.ORO, List.of(59, 60)),
                    new Option6.LengthPrefixedList(Dhcp6Options.USER_CLASS, List.of(Bytes.utf8("iPXE")))), dhcp6d);
            HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + httpPort
                    + "/boot/" + MAC + "/ipxe.efi")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, file.statusCode());
            live.addAll(readUntil(early, "served_boot_file_over_http"));
            bind(relay, Duid.fromHex("00030001525400123456"), List.of(), dhcp6d);

            live.addAll(readUntil(early, "os_init"));
            before.body().close();
            assertEquals(EXPECTED, live.stream().map(event -> event.get("event").asText()).toList(),
                    "the stream opened before the boot");
            assertEquals("tftp://[2001:db8:2::1]/" + MAC + "/ipxe.efi", live.get(3).get("url").asText());
            assertEquals("7", live.get(3).get("architecture").asText());
            assertEquals("ipxe.efi", live.get(4).get("file").asText());
            assertEquals("00:04:11:22:33:44:55:66:77:88:99:00:aa:bb:cc:dd:ee:ff",
                    live.get(5).get("previous-duid").asText());
            assertEquals("http://[::1]:" + httpPort + "/boot/" + MAC + "/ipxe.efi", live.get(8).get("url").asText());
            assertEquals("2001:db8:2::5254:12:3456", live.get(12).get("address").asText());
            assertEquals("2001:db8:2::1", live.get(12).get("relay").asText());

            HttpResponse<InputStream> after = http.send(HttpRequest.newBuilder(events).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            JsonNode entry;
            try (InputStream body = after.body()) {
                entry = JSON.readTree(nextData(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))));
            }
            List<JsonNode> snapshot = new ArrayList<>();
            entry.get("Events").forEach(snapshot::add);
            assertEquals(live, snapshot, "the stream opened after the boot shows the same events");
        }
    }

    private static void bind(ScriptedRelay relay, Duid duid, List<Option6> options, LoopbackDhcp6d dhcp6d)
            throws IOException {
        Optional<Inet6Address> address = Optional.empty();
        for (int attempt = 0; attempt < 5 && address.isEmpty(); attempt++) {
            address = relay.bind(MAC, duid, options, 15_000);
        }
        assertEquals(Optional.of(Addresses.parse6("2001:db8:2::5254:12:3456")), address, dhcp6d.log());
    }

    /** A minimal RFC 1350 read of a file that fits one block: RRQ, one DATA, ACK. Returns its length. */
    private static int tftpGet(int port, String file) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(5000);
            byte[] name = file.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer request = ByteBuffer.allocate(4 + name.length + 6).putShort((short) 1).put(name).put((byte) 0)
                    .put("octet".getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
            socket.send(new DatagramPacket(request.array(), request.position(), new InetSocketAddress(LOOPBACK, port)));
            DatagramPacket data = new DatagramPacket(new byte[600], 600);
            socket.receive(data);
            ByteBuffer received = ByteBuffer.wrap(data.getData(), 0, data.getLength());
            assertEquals(3, received.getShort(), "DATA");
            assertEquals(1, received.getShort(), "block 1");
            byte[] ack = ByteBuffer.allocate(4).putShort((short) 4).putShort((short) 1).array();
            socket.send(new DatagramPacket(ack, ack.length, data.getSocketAddress()));
            assertTrue(data.getLength() - 4 < 512, "one block");
            return data.getLength() - 4;
        }
    }

    /** The events of the stream up to and including the first named {@code last}. */
    private static List<JsonNode> readUntil(BufferedReader stream, String last) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        while (events.isEmpty() || !events.get(events.size() - 1).get("event").asText().equals(last)) {
            JsonNode message = JSON.readTree(nextData(stream));
            assertEquals(MAC.toString(), message.get("mac").asText());
            events.add(message.get("event"));
            assertTrue(events.size() <= EXPECTED.size(), "no " + last + " in " + events);
        }
        return events;
    }

    private static String nextData(BufferedReader reader) throws IOException {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
        throw new AssertionError("the stream ended");
    }
}
