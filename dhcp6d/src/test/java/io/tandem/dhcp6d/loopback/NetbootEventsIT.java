package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A netboot as a scripted sequence against dhcp6d on loopback ({@link ScriptedNetboot}): PXE
 * firmware is pointed at iPXE over TFTP and fetches it; iPXE is pointed at its HTTP boot URL and
 * fetches a file from dhcp6d's {@code /boot/}; the installed OS binds. A stream opened before the boot and one
 * opened after it see the same per-MAC events in the same order.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NetbootEventsIT {
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
        Path config = ScriptedNetboot.config(directory, tftpPort, httpPort, "");
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

            bind(relay, ScriptedNetboot.PXE_DUID, ScriptedNetboot.PXE_OPTIONS, dhcp6d);
            assertEquals(ipxe.length, ScriptedNetboot.tftpGet(tftpPort, MAC + "/ipxe.efi"), "the whole file over TFTP");
            // A file counts as served when the server has seen its end, which may be just after the
            // client has it: the next stage starts once the stream says so, as a real machine's would.
            List<JsonNode> live = new ArrayList<>(readUntil(early, "served_ipxe_over_tftp"));
            bind(relay, ScriptedNetboot.IPXE_DUID, ScriptedNetboot.IPXE_OPTIONS, dhcp6d);
            HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + httpPort
                    + "/boot/" + MAC + "/ipxe.efi")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, file.statusCode());
            live.addAll(readUntil(early, "served_boot_file_over_http"));
            bind(relay, ScriptedNetboot.osDuid(MAC), List.of(), dhcp6d);

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
        assertEquals(Addresses.parse6("2001:db8:2::5254:12:3456"), ScriptedNetboot.bind(relay, MAC, duid, options, dhcp6d),
                dhcp6d.log());
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
