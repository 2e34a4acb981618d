package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import java.net.Inet6Address;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d's control commands and operations resources on the running daemon, as an operator uses
 * them with curl: with {@code http.control-users} every command and {@code /leases} need
 * credentials, failed logins are logged without the password and rate-limited, config-reload
 * reloads and shutdown stops the daemon cleanly; without users, loopback reads, shutdown is
 * refused and the daemon keeps serving; a configuration without {@code tftp} or {@code netboot}
 * opens no TFTP port. {@code OperatorRoutesIT} asks from a host on the link. {@code ControlChannelTest} covers each command and each bad request in detail.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ControlCommandsIT {
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(
            "admin:s3cret".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();
    private LoopbackDhcp6d dhcp6d;
    private int serverPort;
    private int httpPort;

    @AfterEach
    void stop() throws InterruptedException {
        if (dhcp6d != null) {
            dhcp6d.close();
        }
    }

    private void start(String controlUsers) throws Exception {
        serverPort = LoopbackDhcp6d.freeUdpPort();
        httpPort = LoopbackDhcp6d.freeTcpPort();
        Path config = Files.writeString(directory.resolve("dhcp6d.json"), """
                {"Dhcp6": {
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0},
                  "http": {"listen": "[::1]:%d", "control-users": [%s]},
                  "events": {"channel": ""}
                }}
                """.formatted(httpPort, controlUsers));
        dhcp6d = LoopbackDhcp6d.start(directory, config, serverPort);
        dhcp6d.awaitLog("HTTP_LISTENING");
        try (ScriptedRelay relay = new ScriptedRelay(serverPort)) {
            Optional<Inet6Address> bound = Optional.empty();
            for (int attempt = 0; attempt < 5 && bound.isEmpty(); attempt++) {
                bound = relay.bind(MAC, 15_000);
            }
            assertEquals(Optional.of(Addresses.parse6("2001:db8:2::5254:12:3456")), bound, dhcp6d.log());
        }
    }

    private HttpResponse<String> command(String body, Optional<String> authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://[::1]:" + httpPort + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        authorization.ifPresent(value -> request.header("Authorization", value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode result(String body) throws Exception {
        HttpResponse<String> response = command(body, Optional.of(ADMIN));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get(0);
    }

    @Test
    void withUsersCommandsNeedCredentialsReloadAndShutdownWork() throws Exception {
        start("{\"user\": \"admin\", \"password\": \"s3cret\"}");
        URI leasesOfMac = URI.create("http://[::1]:" + httpPort + "/leases?mac=52-54-00-12-34-56");
        assertEquals(401, http.send(HttpRequest.newBuilder(leasesOfMac).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "with users, /leases needs them, also on loopback");
        HttpResponse<String> leases = http.send(HttpRequest.newBuilder(leasesOfMac).header("Authorization", ADMIN)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, leases.statusCode(), leases.body());
        assertEquals("2001:db8:2::5254:12:3456", JSON.readTree(leases.body()).get("leases").get(0).get("ip-address")
                .asText());

        String byHw = "{\"command\": \"lease6-get-by-hw-address\", \"arguments\": {\"hw-address\": \"" + MAC + "\"}}";
        HttpResponse<String> refused = command(byHw, Optional.empty());
        assertEquals(401, refused.statusCode());
        assertEquals("Basic realm=\"tandem\"", refused.headers().firstValue("www-authenticate").orElseThrow());
        for (int attempt = 0; attempt < 20; attempt++) {
            assertEquals(401, command(byHw, Optional.of("Basic " + Base64.getEncoder().encodeToString(
                    "admin:wr0ng-guess".getBytes(StandardCharsets.UTF_8)))).statusCode());
        }
        dhcp6d.awaitLog("HTTP_LOGIN_FAILED POST / from ::1: user \"admin\" with a wrong password or unknown");
        assertFalse(dhcp6d.log().contains("wr0ng-guess"), "no password in the log:\n" + dhcp6d.log());
        assertTrue(dhcp6d.log().split("HTTP_LOGIN_FAILED", -1).length - 1 < 20,
                "failed logins are rate-limited:\n" + dhcp6d.log());
        JsonNode found = result(byHw);
        assertEquals(0, found.get("result").asInt(), found.toString());
        assertEquals(1, found.get("arguments").get("leases").size());
        assertEquals(400, command("{not json", Optional.of(ADMIN)).statusCode());
        assertEquals(2, result("{\"command\": \"no-such-command\"}").get("result").asInt());
        assertEquals(1, result("{\"command\": \"lease6-get\"}").get("result").asInt());

        assertEquals("Configuration successful.", result("{\"command\": \"config-reload\"}").get("text").asText());
        dhcp6d.awaitLog("DHCP6_CONFIG_RELOADED");
        assertEquals(0, result("{\"command\": \"status-get\"}").get("result").asInt());
        assertEquals("Shutting down.", result("{\"command\": \"shutdown\"}").get("text").asText());
        assertTrue(dhcp6d.process.waitFor(30, TimeUnit.SECONDS), "dhcp6d stops after shutdown:\n" + dhcp6d.log());
        assertEquals(0, dhcp6d.process.exitValue(), dhcp6d.log());
    }

    @Test
    void withoutUsersShutdownIsForbiddenAndReadingIsOpen() throws Exception {
        start("");
        HttpResponse<String> refused = command("{\"command\": \"shutdown\"}", Optional.empty());
        assertEquals(403, refused.statusCode());
        assertTrue(JSON.readTree(refused.body()).get("text").asText().startsWith("Forbidden"), refused.body());
        assertEquals(403, command("{\"command\": \"config-reload\"}", Optional.empty()).statusCode());
        HttpResponse<String> status = command("{\"command\": \"status-get\"}", Optional.empty());
        assertEquals(200, status.statusCode());
        assertEquals(dhcp6d.process.pid(), JSON.readTree(status.body()).get(0).get("arguments").get("pid").asLong());
        Thread.sleep(500);
        assertTrue(dhcp6d.process.isAlive(), "still running");
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + httpPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("\ntandem_dhcp6_leases{subnet_id=\"2\",type=\"ia-na\"} 1\n"), metrics);
        assertTrue(metrics.contains("\ntandem_dhcp6_packets_sent_total{type=\"relay-repl\"} 2\n"), metrics);
        assertTrue(metrics.contains("\ntandem_dhcp6_packets_dropped_total{reason=\"malformed\"} 0\n"), metrics);
        assertTrue(metrics.contains("\ntandem_events_published_total 4\n"), metrics);
        assertTrue(metrics.contains("tandem_udp_socket_drops_total{socket=\"[::]:" + serverPort + "\"}"), metrics);
        assertFalse(metrics.contains(":69\"}"), "no tftp or netboot block, so no TFTP socket:\n" + metrics);
        assertFalse(dhcp6d.log().contains("TFTP_"), dhcp6d.log());
    }
}
