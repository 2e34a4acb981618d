package io.tandem.dhcp6d.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.ResourceLeakDetector;
import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventBus;
import io.tandem.common.event.EventTable;
import io.tandem.common.event.UnattributedEvent;
import io.tandem.common.http.HttpServer;
import io.tandem.common.identity.MacAddress;
import io.tandem.dhcp6d.config.DashboardConfig;
import io.tandem.common.ops.ControlChannel;
import io.tandem.common.ops.LeaseJson;
import io.tandem.common.ops.LeaseSource;
import io.tandem.common.ops.MetricsText;
import io.tandem.common.ops.Operations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener on a real socket on [::1], driven by java.net.http and by hand-written requests. */
class HttpListenerTest {
    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final MacAddress QEMU = MacAddress.parse("52:54:00:12:34:56");
    private static final MacAddress OTHER = MacAddress.parse("52:54:00:ab:cd:ef");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpSettings QUICK = new HttpSettings(Duration.ofSeconds(15), Duration.ofSeconds(30), 1024,
            Duration.ofSeconds(60));

    @TempDir
    Path temp;
    private Path boot;
    private EventBus bus;
    private HttpListener http;
    private final List<BootFileReport> reports = new CopyOnWriteArrayList<>();
    /** The config's {@code events.dashboard}; a test changes it as a reload would. */
    private volatile DashboardConfig dashboard = DashboardConfig.DEFAULT;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();

    private void start(HttpSettings settings) throws Exception {
        boot = Files.createDirectory(temp.resolve("boot"));
        bus = new EventBus(new EventTable(100, 100));
        http = HttpListener.start(new InetSocketAddress(InetAddress.getByName("::1"), 0), bus, boot, reports::add,
                settings, () -> dashboard, new Operations() {
                    @Override
                    public ObjectNode leases(Optional<MacAddress> mac) throws IOException {
                        return LeaseJson.leases6(LeaseSource.memory(List::of), mac);
                    }

                    @Override
                    public void metrics(MetricsText out) {
                        out.single("tandem_test_total", "counter", "a test counter", 7);
                    }

                    @Override
                    public ControlChannel control() {
                        return new ControlChannel(List::of);
                    }
                });
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://[::1]:" + http.localAddress().getPort() + pathAndQuery);
    }

    private InetSocketAddress server() {
        return http.localAddress();
    }

    private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(WAIT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static BootEvent event(MacAddress mac, String name, long sequence) {
        return BootEvent.of(mac, name, Instant.parse("2026-11-22T06:00:00.123456789Z").plusNanos(sequence))
                .with("seq", sequence);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void answersHealth() throws Exception {
        start(QUICK);
        HttpResponse<String> health = send("GET", "/health");
        assertEquals(200, health.statusCode());
        assertEquals("application/json", health.headers().firstValue("content-type").orElseThrow());
        assertEquals("ok", JSON.readTree(health.body()).get("status").asText());
        HttpResponse<String> head = send("HEAD", "/health");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void servesLeasesMetricsAndControlCommands() throws Exception {
        start(QUICK);
        HttpResponse<String> leases = send("GET", "/leases?mac=52-54-00-12-34-56");
        assertEquals(200, leases.statusCode());
        assertEquals("{\"family\":6,\"leases\":[]}\n", leases.body());
        HttpResponse<String> badMac = send("GET", "/leases?mac=nonsense");
        assertEquals(400, badMac.statusCode());
        assertTrue(badMac.body().contains("not a MAC address: 'nonsense'"), badMac.body());
        HttpResponse<String> metrics = send("GET", "/metrics");
        assertEquals(200, metrics.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.headers().firstValue("content-type")
                .orElseThrow());
        assertTrue(metrics.body().contains("\ntandem_test_total 7\n"), metrics.body());
        HttpResponse<String> command = client.send(HttpRequest.newBuilder(uri("/")).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\": \"list-commands\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, command.statusCode());
        assertEquals("[{\"result\":0,\"text\":\"1 commands\",\"arguments\":[\"list-commands\"]}]\n", command.body());
    }

    @Test
    void servesTheDashboardWithAStrictPolicyAndValidators() throws Exception {
        start(QUICK);
        for (String path : List.of("/", "/dashboard/app.js", "/dashboard/app.css", "/dashboard/icon.svg")) {
            HttpResponse<String> page = send("GET", path);
            assertEquals(200, page.statusCode(), path);
            String policy = page.headers().firstValue("content-security-policy").orElseThrow();
            assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
                    && !policy.contains("unsafe-inline"), policy);
            assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElseThrow());
            assertEquals("no-cache", page.headers().firstValue("cache-control").orElseThrow());
            String etag = page.headers().firstValue("etag").orElseThrow();
            String lastModified = page.headers().firstValue("last-modified").orElseThrow();
            assertTrue(etag.matches("\"[0-9a-f]{24}\""), etag);

            HttpResponse<String> sameTag = client.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT)
                    .header("If-None-Match", "\"other\", " + etag).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(304, sameTag.statusCode(), path);
            assertEquals("", sameTag.body());
            assertEquals(etag, sameTag.headers().firstValue("etag").orElseThrow());
            HttpResponse<String> sameDate = client.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT)
                    .header("If-Modified-Since", lastModified).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(304, sameDate.statusCode(), path);
            HttpResponse<String> otherTag = client.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT)
                    .header("If-None-Match", "\"other\"").header("If-Modified-Since", lastModified).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, otherTag.statusCode(), "If-None-Match decides over If-Modified-Since");
            assertEquals(page.body(), otherTag.body());
        }
        HttpResponse<String> page = send("GET", "/");
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertTrue(page.body().contains("<script src=\"/dashboard/app.js\" defer></script>"), page.body());
        assertTrue(!page.body().contains("<style") && !page.body().contains(" style="), "no inline style");
        assertEquals("text/javascript; charset=utf-8",
                send("GET", "/dashboard/app.js").headers().firstValue("content-type").orElseThrow());
        HttpResponse<String> head = send("HEAD", "/dashboard/app.css");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(404, send("GET", "/dashboard/nothing.js").statusCode());
        assertEquals(405, send("POST", "/dashboard/app.js").statusCode());
    }

    @Test
    void servesTheDashboardSettingsOfTheConfigInForceWithATagOfTheirContent() throws Exception {
        start(QUICK);
        HttpResponse<String> defaults = send("GET", "/dashboard/settings.json");
        assertEquals(200, defaults.statusCode());
        assertEquals("application/json", defaults.headers().firstValue("content-type").orElseThrow());
        JsonNode json = JSON.readTree(defaults.body());
        assertEquals(60, json.get("stall-seconds").asInt());
        assertEquals(3, json.get("boot-loop-attempts").asInt());
        String etag = defaults.headers().firstValue("etag").orElseThrow();
        assertEquals(304, client.send(HttpRequest.newBuilder(uri("/dashboard/settings.json")).timeout(WAIT)
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

        dashboard = new DashboardConfig(300, 5);
        HttpResponse<String> reloaded = client.send(HttpRequest.newBuilder(uri("/dashboard/settings.json"))
                .timeout(WAIT).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reloaded.statusCode(), "a reload changes the content, and so the tag");
        assertEquals(300, JSON.readTree(reloaded.body()).get("stall-seconds").asInt());
        assertEquals(5, JSON.readTree(reloaded.body()).get("boot-loop-attempts").asInt());
    }

    @Test
    void aBootFileThatIsNotThereIsReportedRefusedForItsMac() throws Exception {
        start(QUICK);
        assertEquals(404, send("GET", "/boot/" + QEMU + "/missing.efi").statusCode());
        assertEquals(404, send("HEAD", "/boot/" + QEMU + "/other.efi").statusCode());
        await(() -> reports.size() == 1, "the GET reported");
        BootFileReport refused = reports.get(0);
        assertEquals(Optional.of(QEMU), refused.mac());
        assertEquals(QEMU + "/missing.efi", refused.requested());
        assertEquals("", refused.file());
        assertEquals(BootFileReport.Outcome.REFUSED, refused.outcome());
        assertEquals("404 no such file", refused.detail());
    }

    @Test
    void refusesUnknownPathsAndOtherMethods() throws Exception {
        start(QUICK);
        assertEquals(404, send("GET", "/nothing-here").statusCode());
        HttpResponse<String> put = send("PUT", "/");
        assertEquals(405, put.statusCode(), "GET / is the dashboard, POST / the control commands");
        assertEquals("POST", put.headers().firstValue("allow").orElseThrow());
        HttpResponse<String> post = send("POST", "/health");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElseThrow());
        assertEquals(405, send("PUT", "/boot/ipxe.efi").statusCode());
        HttpResponse<String> headEvents = send("HEAD", "/events");
        assertEquals(405, headEvents.statusCode());
        assertEquals("GET", headEvents.headers().firstValue("allow").orElseThrow());
        assertEquals(405, send("DELETE", "/events").statusCode());
    }

    @Test
    void streamsTheWholeTableThenEachNewEvent() throws Exception {
        start(QUICK);
        bus.publish(event(QEMU, "init", 0));
        bus.publish(event(QEMU, "point_pxe_to_ipxe_over_tftp", 1));
        bus.publish(event(OTHER, "os_init", 2));
        try (SseClient events = new SseClient(client, uri("/events"))) {
            assertEquals(200, events.response().statusCode());
            assertEquals("text/event-stream", events.response().headers().firstValue("content-type").orElseThrow());
            JsonNode table = JSON.readTree(events.nextData(WAIT));
            assertEquals(bus.table().snapshot().toJson(), table);
            List<String> macs = new ArrayList<>();
            table.fieldNames().forEachRemaining(macs::add);
            assertEquals(List.of("52:54:00:12:34:56", "52:54:00:ab:cd:ef"), macs, "least recently seen first");
            assertEquals("52:54:00:12:34:56", table.get("52:54:00:12:34:56").get("Mac").asText());
            assertEquals("point_pxe_to_ipxe_over_tftp",
                    table.get("52:54:00:12:34:56").get("Events").get(1).get("event").asText());

            BootEvent served = event(QEMU, "served_ipxe_over_tftp", 3);
            bus.publish(served);
            JsonNode live = JSON.readTree(events.nextData(WAIT));
            assertEquals(JSON.readTree(served.toStreamLine()), live);
            assertEquals("2026-11-22T06:00:00.123456792Z", live.get("event").get("timestamp").asText());
            BootEvent os = event(OTHER, "bound", 4);
            bus.publish(os);
            assertEquals(JSON.readTree(os.toStreamLine()), JSON.readTree(events.nextData(WAIT)));
        }
        await(() -> http.stats().openStreams() == 0 && bus.subscribers() == 0, "the closed stream is gone");
    }

    /** Clients with no MAC come as named {@code no_mac} messages: after the table, then live; the data messages keep their shape. */
    @Test
    void streamsEventsWithoutAMacAsNamedMessagesAfterTheTable() throws Exception {
        start(QUICK);
        UnattributedEvent held = new UnattributedEvent("00:02:00:00:00:09:0c", "no_mac", Instant.parse(
                "2026-12-05T02:00:00Z"), Map.of("duid", "00:02:00:00:00:09:0c", "link", "interface lab0"));
        bus.publishUnattributed(held);
        bus.publish(event(QEMU, "init", 0));
        try (SseClient events = new SseClient(client, uri("/events"));
             SseClient oneMac = new SseClient(client, uri("/events?mac=" + QEMU))) {
            assertEquals(bus.table().snapshot().toJson(), JSON.readTree(events.nextData(WAIT)));
            assertEquals("", events.nextLine(WAIT));
            assertEquals("event: no_mac", events.nextLine(WAIT));
            JsonNode entry = JSON.readTree(events.nextData(WAIT));
            assertEquals("00:02:00:00:00:09:0c", entry.get("key").asText());
            assertEquals(1, entry.get("count").asInt());
            assertEquals(held.toJson(), entry.get("event"));

            bus.publishUnattributed(held);
            assertEquals("", events.nextLine(WAIT));
            assertEquals("event: no_mac", events.nextLine(WAIT));
            assertEquals(2, JSON.readTree(events.nextData(WAIT)).get("count").asInt(), "the same DUID again");
            BootEvent served = event(QEMU, "served_ipxe_over_tftp", 1);
            bus.publish(served);
            assertEquals(JSON.readTree(served.toStreamLine()), JSON.readTree(events.nextData(WAIT)));
            assertEquals(bus.table().entry(QEMU).orElseThrow().toJson().get("Events").get(0),
                    JSON.readTree(oneMac.nextData(WAIT)).get("Events").get(0));
            assertEquals(JSON.readTree(served.toStreamLine()), JSON.readTree(oneMac.nextData(WAIT)),
                    "a reader of one MAC gets no no_mac");
        }
    }

    @Test
    void filtersOneMacSpelledAnyWayAndPercentEncoded() throws Exception {
        start(QUICK);
        bus.publish(event(OTHER, "init", 0));
        try (SseClient colons = new SseClient(client, uri("/events?mac=52%3A54%3A00%3A12%3A34%3A56"))) {
            assertEquals("null", colons.nextData(WAIT), "no entry for that MAC yet");
            bus.publish(event(OTHER, "os_init", 1));
            BootEvent mine = event(QEMU, "init", 2);
            bus.publish(mine);
            assertEquals(JSON.readTree(mine.toStreamLine()), JSON.readTree(colons.nextData(WAIT)), "the other MAC's event skipped");
        }
        for (String spelling : List.of("52-54-00-12-34-56", "5254.0012.3456", "52%3a54%3a00%3A12%3A34%3A56",
                "52:54:00:12:34:56".toUpperCase())) {
            try (SseClient events = new SseClient(client, uri("/events?mac=" + spelling))) {
                JsonNode entry = JSON.readTree(events.nextData(WAIT));
                assertEquals(bus.table().entry(QEMU).orElseThrow().toJson(), entry, spelling);
            }
        }
    }

    @Test
    void refusesAMacFilterThatIsNotAMac() throws Exception {
        start(QUICK);
        for (String bad : List.of("banana", "", "52:54:00:12:34", "52%3A54%3A00%3A12%3A34%3AZZ")) {
            HttpResponse<String> refused = send("GET", "/events?mac=" + bad);
            assertEquals(400, refused.statusCode(), bad);
            assertTrue(refused.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
            assertTrue(refused.body().contains("not a MAC address"), refused.body());
        }
        assertEquals(400, get("/events?mac=%zz"), "bad percent-encoding");
        assertEquals(0, bus.subscribers());
    }

    @Test
    void sendsHeartbeatComments() throws Exception {
        start(new HttpSettings(Duration.ofMillis(50), Duration.ofSeconds(30), 16, Duration.ofSeconds(60)));
        try (SseClient events = new SseClient(client, uri("/events"))) {
            assertEquals("{}", events.nextData(WAIT));
            String line;
            do {
                line = events.nextLine(WAIT);
            } while (line.isEmpty());
            assertEquals(": keepalive", line);
        }
    }

    @Test
    void servesBootFilesByGetAndHead() throws Exception {
        start(QUICK);
        byte[] ipxe = new byte[300_000];
        new Random(6315).nextBytes(ipxe);
        Files.write(boot.resolve("ipxe.efi"), ipxe);
        Files.createDirectory(boot.resolve("arm64"));
        Files.write(boot.resolve("arm64/snp.efi"), "snp".getBytes(StandardCharsets.US_ASCII));

        HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(uri("/boot/ipxe.efi")).timeout(WAIT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals("application/efi", head.headers().firstValue("content-type").orElseThrow());
        assertEquals(String.valueOf(ipxe.length), head.headers().firstValue("content-length").orElseThrow());
        assertEquals(0, head.body().length);

        for (String path : List.of("/boot/ipxe.efi", "/boot/52:54:00:12:34:56/ipxe.efi",
                "/boot/52%3A54%3A00%3A12%3A34%3A56/ipxe.efi")) {
            HttpResponse<byte[]> get = client.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, get.statusCode(), path);
            assertEquals("application/efi", get.headers().firstValue("content-type").orElseThrow());
            assertEquals(String.valueOf(ipxe.length), get.headers().firstValue("content-length").orElseThrow());
            assertArrayEquals(ipxe, get.body(), path);
        }
        HttpResponse<String> snp = send("GET", "/boot/arm64/snp.efi");
        assertEquals("snp", snp.body());
        assertEquals("application/efi", snp.headers().firstValue("content-type").orElseThrow());

        await(() -> reports.size() == 4, "every GET reported");
        assertEquals(Optional.empty(), reports.get(0).mac(), "HEAD sends no file and is not reported");
        for (BootFileReport report : reports.subList(1, 3)) {
            assertEquals(Optional.of(QEMU), report.mac());
            assertEquals("ipxe.efi", report.file());
            assertEquals(ipxe.length, report.bytes());
            assertEquals(BootFileReport.Outcome.SENT, report.outcome());
        }
        assertEquals("arm64/snp.efi", reports.get(3).file());
        assertEquals(4, http.stats().bootFilesSent());
    }

    @Test
    void refusesPathsThatLeaveTheDirectory() throws Exception {
        start(QUICK);
        Files.writeString(temp.resolve("secret"), "secret");
        Files.writeString(boot.resolve("ipxe.efi"), "ipxe");
        Files.createSymbolicLink(boot.resolve("escape"), Path.of("../secret"));
        Files.createSymbolicLink(boot.resolve("alias.efi"), Path.of("ipxe.efi"));
        Files.createDirectory(boot.resolve("sub"));
        assertEquals(403, get("/boot/../secret"));
        assertEquals(403, get("/boot/%2e%2e/secret"));
        assertEquals(403, get("/boot/sub/..%2F..%2Fsecret"));
        assertEquals(403, get("/boot/..\\secret"));
        assertEquals(403, get("/boot/escape"));
        assertEquals(404, get("/boot/" + temp.resolve("secret")), "an absolute path is looked up inside");
        assertEquals(404, get("/boot//etc/passwd"));
        assertEquals(404, get("/boot/missing.efi"));
        assertEquals(404, get("/boot/"));
        assertEquals(404, get("/boot/sub"));
        assertEquals(200, get("/boot/alias.efi"), "a symlink inside the directory is fine");
        assertEquals(200, get("/boot/./ipxe.efi"));
        assertTrue(reports.stream().noneMatch(report -> report.file().contains("secret")));
    }

    private int get(String rawPath) throws Exception {
        return RawHttp.status(server(), "GET " + rawPath + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    @Test
    void refusesOversizedRequestsAndKeepsServing() throws Exception {
        start(QUICK);
        assertEquals(414, get("/health?" + "a".repeat(HttpServer.MAX_LINE)));
        StringBuilder flood = new StringBuilder("GET /health HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 300; i++) {
            flood.append("X-Flood-").append(i).append(": ").append("v".repeat(40)).append("\r\n");
        }
        assertEquals(431, RawHttp.status(server(), flood.append("\r\n").toString()));
        assertEquals(431, RawHttp.status(server(),
                "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(HttpServer.MAX_HEADERS) + "\r\n\r\n"));
        assertEquals(413, RawHttp.status(server(), "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + (HttpServer.MAX_BODY + 1) + "\r\n\r\n"));
        assertEquals(400, RawHttp.status(server(), "NOT HTTP AT ALL\r\n\r\n"));
        assertEquals(200, send("GET", "/health").statusCode(), "still serving");
    }

    @Test
    void closesASilentConnection() throws Exception {
        start(new HttpSettings(Duration.ofSeconds(15), Duration.ofSeconds(30), 16, Duration.ofMillis(200)));
        try (RawHttp silent = new RawHttp(server(), 0)) {
            silent.send("GET /hea");
            assertEquals(0, silent.readToEnd(), "closed without an answer");
        }
    }

    /**
     * A reader that stops reading while many events are published: its queue drops the oldest
     * and, once it reads again, the stream says exactly how many it lost, then carries on.
     */
    @Test
    void tellsASlowReaderHowManyEventsItLost() throws Exception {
        start(new HttpSettings(Duration.ofSeconds(15), Duration.ofSeconds(30), 8, Duration.ofSeconds(60)));
        int total = 10_000;
        String pad = "x".repeat(2000);
        try (RawHttp slow = new RawHttp(server(), 4096)) {
            slow.send("GET /events HTTP/1.0\r\n\r\n");
            assertTrue(slow.readHead().get(0).contains(" 200 "));
            assertEquals("data: {}", slow.readLine());
            for (long i = 0; i < total; i++) {
                bus.publish(event(QEMU, "renewed", i).with("pad", pad));
            }
            assertEquals(total, bus.published(), "every publish returned while the reader read nothing");
            long live = 0;
            long lost = 0;
            long last = -1;
            String pendingType = "";
            while (last != total - 1) {
                String line = slow.readLine();
                assertTrue(line != null, "the stream ended early");
                if (line.equals("event: lost")) {
                    pendingType = "lost";
                } else if (line.startsWith("data: ") && pendingType.equals("lost")) {
                    lost += JSON.readTree(line.substring(6)).get("lost").asLong();
                    pendingType = "";
                } else if (line.startsWith("data: ")) {
                    long sequence = JSON.readTree(line.substring(6)).get("event").get("seq").asLong();
                    assertTrue(sequence > last, "in order");
                    last = sequence;
                    live++;
                }
            }
            assertTrue(lost > 0, "the reader fell behind");
            assertEquals(total, live + lost, "every event either delivered or counted as lost");
            assertEquals(lost, bus.lost());
        }
    }

    /**
     * A reader that never reads while events keep coming: publishing goes on, another reader gets
     * every event, and the stuck one is disconnected once it has been unwritable for the timeout.
     */
    @Test
    void cutsOffAStuckReaderWhileOthersKeepUp() throws Exception {
        start(new HttpSettings(Duration.ofSeconds(15), Duration.ofSeconds(1), 64, Duration.ofSeconds(60)));
        String pad = "x".repeat(2000);
        try (SseClient healthy = new SseClient(client, uri("/events"));
             RawHttp stuck = new RawHttp(server(), 4096)) {
            assertEquals("{}", healthy.nextData(WAIT));
            stuck.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
            await(() -> http.stats().openStreams() == 2 && bus.subscribers() == 2, "both streams are open");

            long published = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (http.stats().streamsCutOff() == 0) {
                assertTrue(System.nanoTime() < deadline, "the stuck reader was never cut off");
                for (int i = 0; i < 20; i++) {
                    bus.publish(event(QEMU, "renewed", published++).with("pad", pad));
                }
                Thread.sleep(5);
            }
            bus.publish(event(QEMU, "bound", published++));
            assertEquals(published, bus.published(), "no publish waited for the stuck reader");
            assertTrue(bus.lost() > 0, "the stuck reader's queue dropped events instead");
            await(() -> http.stats().openStreams() == 1 && bus.subscribers() == 1, "the stuck stream is closed");

            long live = 0;
            long lost = 0;
            long last = -1;
            while (last != published - 1) {
                JsonNode data = JSON.readTree(healthy.nextData(WAIT));
                if (data.has("lost")) {
                    lost += data.get("lost").asLong();
                } else {
                    last = data.get("event").get("seq").asLong();
                    live++;
                }
            }
            assertEquals(published, live + lost, "the healthy reader got every event (or was told it lost some)");
            assertTrue(live > 0);
            stuck.readToEnd();
        }
    }
}
