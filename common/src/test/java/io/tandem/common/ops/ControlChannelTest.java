package io.tandem.common.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.config.ConfigException;
import io.tandem.common.config.HttpConfig;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The control channel as Kea answers: every command with and without credentials, and each kind
 * of bad request, against a daemon played by the test.
 */
class ControlChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Optional<String> ADMIN = basic("admin", "s3cret");
    private static final Optional<String> WRONG = basic("admin", "guess");
    private static final InetAddress LOOPBACK = Addresses.parse6("::1");
    /** A host on the listener's link: a unique local address, not loopback. */
    private static final InetAddress ON_THE_LINK = Addresses.parse6("fd00:1::2");
    private static final Lease6 LEASE6 = new Lease6(Addresses.parse6("2001:db8:1::5254:12:3456"),
            Bytes.fromHex("00:03:00:01:52:54:00:12:34:56"), 4000, 1_795_333_094L, 7, 3000, LeaseType.NA, 5, 128, false,
            false, "", Optional.of(HardwareAddress.ethernet(Bytes.fromHex("525400123456"),
            HwAddrSource.IPV6_LINK_LOCAL)), LeaseState.DEFAULT, "");
    private static final Lease4 LEASE4 = new Lease4(Addresses.parse4("192.0.2.10"), Bytes.fromHex("525400123456"),
            Bytes.fromHex("01525400123456"), 600, 1_795_333_094L, 1, false, false, "", LeaseState.DEFAULT, "");

    @TempDir
    Path directory;

    private final List<HttpConfig.ControlUser> users = new ArrayList<>();
    private final AtomicInteger reloads = new AtomicInteger();
    private final AtomicInteger shutdowns = new AtomicInteger();
    private ControlChannel channel;
    private Path configFile;

    private static Optional<String> basic(String user, String password) {
        return Optional.of("Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
    }

    @BeforeEach
    void daemon() throws Exception {
        configFile = Files.writeString(directory.resolve("dhcp6d.json"), """
                // the running configuration
                {"Dhcp6": {"http": {"control-users": [{"user": "admin", "password": "s3cret"}]}}}
                """);
        channel = new ControlChannel(() -> List.copyOf(users));
        DaemonCommands.add(channel, new DaemonControl() {
            @Override
            public String version() {
                return "dhcp6d (Tandem) test";
            }

            @Override
            public Path configFile() {
                return configFile;
            }

            @Override
            public Duration uptime() {
                return Duration.ofSeconds(60);
            }

            @Override
            public Duration sinceReload() {
                return Duration.ofSeconds(30);
            }

            @Override
            public void check(String json, Path base) throws ConfigException {
                if (json.contains("bad")) {
                    throw ConfigException.of("/Dhcp6/bad", "unknown key");
                }
            }

            @Override
            public void reload() throws ConfigException {
                reloads.incrementAndGet();
            }

            @Override
            public void shutdown() {
                shutdowns.incrementAndGet();
            }
        }, "Dhcp6");
        LeaseJson.addLease6Commands(channel, LeaseSource.memory(() -> List.of(LEASE6)));
        LeaseJson.addLease4Commands(channel, LeaseSource.memory(() -> List.of(LEASE4)));
    }

    private HttpAnswer send(Optional<String> authorization, String body) {
        return channel.handle(LOOPBACK, authorization, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The one result of a 200 answer, unwrapped from Kea's list. */
    private JsonNode result(Optional<String> authorization, String body) throws Exception {
        HttpAnswer answer = send(authorization, body);
        assertEquals(200, answer.status(), answer.bodyText());
        JsonNode list = JSON.readTree(answer.body());
        assertTrue(list.isArray() && list.size() == 1, "wrapped in a list as Kea does: " + list);
        return list.get(0);
    }

    private JsonNode command(String name, String arguments) throws Exception {
        return result(users.isEmpty() ? Optional.empty() : ADMIN,
                "{\"command\": \"" + name + "\"" + (arguments == null ? "" : ", \"arguments\": " + arguments) + "}");
    }

    @Test
    void listCommandsNamesEveryCommand() throws Exception {
        JsonNode answer = command("list-commands", null);
        assertEquals(0, answer.get("result").asInt());
        List<String> names = new ArrayList<>();
        answer.get("arguments").forEach(name -> names.add(name.asText()));
        assertEquals(List.of("config-get", "config-reload", "config-test", "lease4-get", "lease4-get-all",
                "lease4-get-by-hw-address", "lease6-get", "lease6-get-all", "lease6-get-by-duid",
                "lease6-get-by-hw-address", "list-commands", "shutdown", "status-get", "version-get"), names);
    }

    @Test
    void statusAndVersion() throws Exception {
        JsonNode status = command("status-get", null);
        assertEquals(0, status.get("result").asInt());
        assertEquals(ProcessHandle.current().pid(), status.get("arguments").get("pid").asLong());
        assertTrue(status.get("arguments").get("uptime").asLong() >= 59);
        assertTrue(status.get("arguments").get("reload").asLong() >= 29);
        JsonNode version = command("version-get", null);
        assertEquals("dhcp6d (Tandem) test", version.get("text").asText());
        assertTrue(version.get("arguments").get("extended").asText().startsWith("dhcp6d (Tandem) test\n"));
    }

    @Test
    void configGetHidesPasswords() throws Exception {
        JsonNode config = command("config-get", null);
        assertEquals(0, config.get("result").asInt());
        assertEquals("*****", config.get("arguments").get("Dhcp6").get("http").get("control-users").get(0)
                .get("password").asText());
        assertEquals(64, config.get("arguments").get("hash").asText().length());
        assertFalse(config.toString().contains("s3cret"));
    }

    @Test
    void leaseCommandsFindWhatIsThereAndSayWhenNothingIs() throws Exception {
        JsonNode found = command("lease6-get", "{\"ip-address\": \"2001:db8:1::5254:12:3456\"}");
        assertEquals(0, found.get("result").asInt(), found.toString());
        assertEquals("IPv6 lease found.", found.get("text").asText());
        assertEquals("00:03:00:01:52:54:00:12:34:56", found.get("arguments").get("duid").asText());
        assertEquals("IA_NA", found.get("arguments").get("type").asText());
        assertEquals(0, command("lease6-get", "{\"identifier-type\": \"duid\", \"identifier\":"
                + " \"00:03:00:01:52:54:00:12:34:56\", \"subnet-id\": 7, \"iaid\": 5}").get("result").asInt());
        assertEquals(3, command("lease6-get", "{\"ip-address\": \"2001:db8:1::1\"}").get("result").asInt());
        JsonNode byHw = command("lease6-get-by-hw-address", "{\"hw-address\": \"52:54:00:12:34:56\"}");
        assertEquals("1 IPv6 lease(s) found.", byHw.get("text").asText());
        assertEquals(1, byHw.get("arguments").get("leases").size());
        JsonNode none = command("lease6-get-by-duid", "{\"duid\": \"00:01:02\"}");
        assertEquals(3, none.get("result").asInt());
        assertEquals(0, none.get("arguments").get("leases").size());
        assertEquals(0, command("lease6-get-by-duid", "{\"duid\": \"00:03:00:01:52:54:00:12:34:56\"}")
                .get("result").asInt());
        JsonNode lease4 = command("lease4-get", "{\"ip-address\": \"192.0.2.10\"}");
        assertEquals("IPv4 lease found.", lease4.get("text").asText());
        assertEquals("01:52:54:00:12:34:56", lease4.get("arguments").get("client-id").asText());
        assertEquals(0, command("lease4-get", "{\"identifier-type\": \"hw-address\", \"identifier\":"
                + " \"52:54:00:12:34:56\", \"subnet-id\": 1}").get("result").asInt());
        assertEquals(3, command("lease4-get", "{\"ip-address\": \"192.0.2.99\"}").get("result").asInt());
        assertEquals(0, command("lease4-get-by-hw-address", "{\"hw-address\": \"52-54-00-12-34-56\"}")
                .get("result").asInt());
        JsonNode all6 = command("lease6-get-all", null);
        assertEquals("1 IPv6 lease(s) found.", all6.get("text").asText());
        assertEquals("2001:db8:1::5254:12:3456", all6.get("arguments").get("leases").get(0).get("ip-address").asText());
        assertEquals(0, command("lease6-get-all", "{\"subnets\": [7, 8]}").get("result").asInt());
        JsonNode otherSubnet = command("lease6-get-all", "{\"subnets\": [8]}");
        assertEquals("0 IPv6 lease(s) found.", otherSubnet.get("text").asText());
        assertEquals(3, otherSubnet.get("result").asInt());
        assertEquals("1 IPv4 lease(s) found.", command("lease4-get-all", "{\"subnets\": [1]}").get("text").asText());
        assertEquals("'subnets' parameter must be a list", command("lease4-get-all", "{\"subnets\": 1}")
                .get("text").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lease6-get", "lease6-get-by-hw-address", "lease6-get-by-duid", "lease4-get",
        "lease4-get-by-hw-address", "config-test"})
    void missingArgumentsAreResultOne(String name) throws Exception {
        users.add(new HttpConfig.ControlUser("admin", "s3cret"));
        JsonNode answer = command(name, null);
        assertEquals(1, answer.get("result").asInt(), answer.toString());
        assertTrue(answer.get("text").asText().contains("missing"), answer.toString());
    }

    @Test
    void badArgumentValuesAreResultOne() throws Exception {
        assertEquals(1, command("lease6-get", "{\"ip-address\": \"not-an-address\"}").get("result").asInt());
        assertEquals(1, command("lease6-get", "{\"ip-address\": 7}").get("result").asInt());
        assertEquals(1, command("lease4-get-by-hw-address", "{\"hw-address\": \"zz\"}").get("result").asInt());
        assertEquals(1, command("lease6-get", "[1]").get("result").asInt(), "arguments not a map");
    }

    @Test
    void unknownCommandIsResultTwo() throws Exception {
        JsonNode answer = command("lease6-wipe", null);
        assertEquals(2, answer.get("result").asInt());
        assertEquals("'lease6-wipe' command not supported.", answer.get("text").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "[]", "\"command\"", "{\"command\": \"x\"} trailing"})
    void aBodyThatIsNotAJsonObjectIs400(String body) throws Exception {
        HttpAnswer answer = send(Optional.empty(), body);
        assertEquals(400, answer.status(), body);
        assertEquals("{\"result\":400,\"text\":\"Bad Request\"}\n", answer.bodyText());
    }

    @Test
    void aCommandThatIsNotAStringIsResultOne() throws Exception {
        assertEquals(1, result(Optional.empty(), "{\"command\": 42}").get("result").asInt());
        assertEquals(1, result(Optional.empty(), "{\"arguments\": {}}").get("result").asInt());
    }

    @Test
    void withoutUsersReadingIsOpenAndChangingStateIsForbidden() throws Exception {
        assertEquals(0, command("status-get", null).get("result").asInt());
        for (String name : List.of("config-reload", "shutdown", "config-test")) {
            HttpAnswer answer = send(Optional.empty(), "{\"command\": \"" + name + "\"}");
            assertEquals(403, answer.status(), name);
            JsonNode body = JSON.readTree(answer.body());
            assertEquals(403, body.get("result").asInt());
            assertTrue(body.get("text").asText().startsWith("Forbidden"), body.toString());
            assertEquals(403, send(ADMIN, "{\"command\": \"" + name + "\"}").status(),
                    "no configured user, so no credentials help");
        }
        assertEquals(0, reloads.get());
        assertEquals(0, shutdowns.get());
    }

    @Test
    void withUsersEveryCommandNeedsThem() throws Exception {
        users.add(new HttpConfig.ControlUser("admin", "s3cret"));
        for (String name : channel.names()) {
            for (Optional<String> credentials : List.of(Optional.<String>empty(), WRONG,
                    Optional.of("Bearer abc"), Optional.of("Basic !!!"))) {
                HttpAnswer refused = send(credentials, "{\"command\": \"" + name + "\"}");
                assertEquals(401, refused.status(), name + " with " + credentials);
                assertEquals("{\"result\":401,\"text\":\"Unauthorized\"}\n", refused.bodyText());
                assertEquals("Basic realm=\"tandem\"", refused.headers().get("WWW-Authenticate"));
            }
        }
        assertEquals(0, reloads.get());
        assertEquals(0, shutdowns.get());
        assertEquals(0, command("status-get", null).get("result").asInt());
        JsonNode reloaded = command("config-reload", null);
        assertEquals("Configuration successful.", reloaded.get("text").asText());
        assertEquals(1, reloads.get());
        assertEquals(0, command("config-test", "{\"Dhcp6\": {}}").get("result").asInt());
        JsonNode badConfig = command("config-test", "{\"Dhcp6\": {\"bad\": 1}}");
        assertEquals(1, badConfig.get("result").asInt());
        assertTrue(badConfig.get("text").asText().contains("/Dhcp6/bad"), badConfig.toString());
        assertEquals("Shutting down.", command("shutdown", null).get("text").asText());
        assertEquals(1, shutdowns.get());
    }

    @Test
    void withoutUsersOnlyLoopbackPeersAreAnswered() throws Exception {
        for (String name : channel.names()) {
            HttpAnswer refused = channel.handle(ON_THE_LINK, Optional.empty(),
                    ("{\"command\": \"" + name + "\"}").getBytes(StandardCharsets.UTF_8));
            assertEquals(403, refused.status(), name);
            JsonNode body = JSON.readTree(refused.body());
            assertEquals(403, body.get("result").asInt());
            assertEquals("Forbidden: POST / answers only loopback peers ([::1], 127.0.0.1) while no"
                    + " http.control-users are configured; configure users to reach it from fd00:1::2",
                    body.get("text").asText());
        }
        HttpAnswer notJson = channel.handle(ON_THE_LINK, Optional.empty(), "nonsense".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, notJson.status(), "a refused peer's body is not read");
        assertEquals(0, command("status-get", null).get("result").asInt(), "loopback is answered");
        assertEquals(200, channel.handle(Addresses.parse4("127.0.0.1"), Optional.empty(),
                "{\"command\": \"version-get\"}".getBytes(StandardCharsets.UTF_8)).status());
    }

    @Test
    void withUsersAnyPeerWithCredentialsIsAnswered() throws Exception {
        users.add(new HttpConfig.ControlUser("admin", "s3cret"));
        byte[] reload = "{\"command\": \"config-reload\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(401, channel.handle(ON_THE_LINK, Optional.empty(), reload).status());
        assertEquals(401, channel.handle(ON_THE_LINK, WRONG, reload).status());
        assertEquals(401, channel.handle(LOOPBACK, WRONG, reload).status(), "loopback needs them too");
        assertEquals(0, reloads.get());
        HttpAnswer answered = channel.handle(ON_THE_LINK, ADMIN, reload);
        assertEquals(200, answered.status(), answered.bodyText());
        assertEquals(1, reloads.get());
    }

    @Test
    void leasesAndMetricsAreForOperatorsAndHealthIsOpen() throws Exception {
        OperationsEndpoint endpoint = new OperationsEndpoint(new Operations() {
            @Override
            public ObjectNode leases(Optional<MacAddress> mac) throws IOException {
                return LeaseJson.leases6(LeaseSource.memory(() -> List.of(LEASE6)), mac);
            }

            @Override
            public void metrics(MetricsText out) {
                out.family("tandem_test_total", "counter", "a test counter");
                out.sample("tandem_test_total", 1);
            }

            @Override
            public ControlChannel control() {
                return channel;
            }
        });
        for (String path : List.of("/leases", "/metrics")) {
            HttpAnswer refused = endpoint.answer("GET", path, Map.of(), ON_THE_LINK, Optional.empty(),
                    new byte[0]).orElseThrow();
            assertEquals(403, refused.status(), path);
            assertTrue(refused.bodyText().contains("Forbidden: " + path + " answers only loopback peers"),
                    refused.bodyText());
            assertEquals(200, endpoint.answer("GET", path, Map.of(), LOOPBACK, Optional.empty(),
                    new byte[0]).orElseThrow().status(), path);
        }
        assertEquals(200, endpoint.answer("GET", "/health", Map.of(), ON_THE_LINK, Optional.empty(),
                new byte[0]).orElseThrow().status());
        users.add(new HttpConfig.ControlUser("admin", "s3cret"));
        for (String path : List.of("/leases", "/metrics")) {
            assertEquals(401, endpoint.answer("GET", path, Map.of(), LOOPBACK, Optional.empty(),
                    new byte[0]).orElseThrow().status(), path);
            assertEquals(200, endpoint.answer("GET", path, Map.of(), ON_THE_LINK, ADMIN,
                    new byte[0]).orElseThrow().status(), path);
        }
    }
}
