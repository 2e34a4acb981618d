package io.tandem.dhcp6d.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.tandem.common.http.HttpExchange;
import io.tandem.common.http.HttpRoute;
import io.tandem.common.ops.OperationsEndpoint;
import io.tandem.dhcp6d.config.DashboardConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The boot dashboard: {@code GET /} is its page and {@code /dashboard/} its script, style and
 * icon, all from the jar, and {@code settings.json}, the stall time and boot-loop threshold of
 * {@code events.dashboard} (read at each request, so that a reload shows), each with an ETag and a Last-Modified that a browser revalidates
 * ({@code 304}), and a Content-Security-Policy that allows this origin's script, style and
 * {@code /events} alone: no inline script or style, no other origin. The page reads only
 * {@code /events}, so it shows nothing the stream does not. {@code POST /} stays the control
 * commands'.
 */
final class DashboardRoute implements HttpRoute {
    static final String PAGE = "/";
    static final String PREFIX = "/dashboard/";
    static final String SETTINGS = PREFIX + "settings.json";
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final OperationsEndpoint operations;
    private final Map<String, DashboardFile> files;
    private final Supplier<DashboardConfig> settings;

    DashboardRoute(OperationsEndpoint operations, Supplier<DashboardConfig> settings, Instant started) {
        this.operations = operations;
        this.settings = settings;
        this.files = Map.of(
                PAGE, DashboardFile.load("index.html", "text/html; charset=utf-8", started),
                PREFIX + "app.js", DashboardFile.load("app.js", "text/javascript; charset=utf-8", started),
                PREFIX + "app.css", DashboardFile.load("app.css", "text/css; charset=utf-8", started),
                PREFIX + "icon.svg", DashboardFile.load("icon.svg", "image/svg+xml", started));
    }

    @Override
    public void serve(HttpExchange exchange) {
        boolean reading = exchange.method().equals(HttpMethod.GET) || exchange.method().equals(HttpMethod.HEAD);
        if (!reading && exchange.path().equals(PAGE)) {
            // The control commands: the operations endpoint answers every other method at /.
            exchange.respond(operations.answer(exchange.method().name(), exchange.path(), exchange.parameters(),
                    exchange.peer(), exchange.authorization(), exchange.body()).orElseThrow());
            return;
        }
        if (!exchange.allowed("GET, HEAD", HttpMethod.GET, HttpMethod.HEAD)) {
            return;
        }
        DashboardFile file = exchange.path().equals(SETTINGS)
                ? DashboardFile.of("application/json", settings.get().toJson().getBytes(StandardCharsets.UTF_8),
                        Instant.now())
                : files.get(exchange.path());
        if (file == null) {
            exchange.respond(HttpResponseStatus.NOT_FOUND, "no such resource: " + exchange.path());
            return;
        }
        boolean unchanged = unchanged(exchange.request().headers(), file);
        boolean body = !unchanged && exchange.method().equals(HttpMethod.GET);
        FullHttpResponse response = new DefaultFullHttpResponse(exchange.version(),
                unchanged ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                body ? Unpooled.wrappedBuffer(file.body()) : Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.ETAG, file.etag())
                .set(HttpHeaderNames.LAST_MODIFIED, HTTP_DATE.format(file.lastModified()))
                // Cached, but asked about each time: a new jar shows at once.
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer");
        if (!unchanged) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, file.contentType());
            HttpUtil.setContentLength(response, file.body().length);
        }
        exchange.finish(exchange.context().writeAndFlush(exchange.keepAlive(response)));
    }

    /** RFC 9110 §13.2.2: If-None-Match decides when present; else If-Modified-Since. */
    private static boolean unchanged(HttpHeaders headers, DashboardFile file) {
        String tags = headers.get(HttpHeaderNames.IF_NONE_MATCH);
        if (tags != null) {
            return Arrays.stream(tags.split(",")).map(String::trim)
                    .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                    .anyMatch(tag -> tag.equals("*") || tag.equals(file.etag()));
        }
        return Optional.ofNullable(headers.get(HttpHeaderNames.IF_MODIFIED_SINCE)).flatMap(DashboardRoute::httpDate)
                .map(since -> !file.lastModified().isAfter(since)).orElse(false);
    }

    private static Optional<Instant> httpDate(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
