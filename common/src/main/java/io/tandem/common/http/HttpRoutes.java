package io.tandem.common.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tandem.common.ops.HttpAnswer;
import io.tandem.common.ops.OperationsEndpoint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A listener's route table: its own paths and path prefixes first, then the operations resources
 * every daemon has ({@code /health}, {@code /leases}, {@code /metrics}, {@code POST /}); a path
 * none of them knows is a 404.
 *
 * @param paths    routes by exact path
 * @param prefixes routes by path prefix, tried in the order they were added
 */
public record HttpRoutes(Map<String, HttpRoute> paths, Map<String, HttpRoute> prefixes, OperationsEndpoint operations) {
    public HttpRoutes {
        paths = Map.copyOf(paths);
        prefixes = Collections.unmodifiableMap(new LinkedHashMap<>(prefixes));
    }

    /** The operations resources alone. */
    public static HttpRoutes of(OperationsEndpoint operations) {
        return new HttpRoutes(Map.of(), Map.of(), operations);
    }

    /** These routes and {@code route} at exactly {@code path}. */
    public HttpRoutes path(String path, HttpRoute route) {
        Map<String, HttpRoute> more = new LinkedHashMap<>(paths);
        more.put(path, route);
        return new HttpRoutes(more, prefixes, operations);
    }

    /** These routes and {@code route} for every path that starts with {@code prefix}. */
    public HttpRoutes prefix(String prefix, HttpRoute route) {
        Map<String, HttpRoute> more = new LinkedHashMap<>(prefixes);
        more.put(prefix, route);
        return new HttpRoutes(paths, more, operations);
    }

    void serve(HttpExchange exchange) {
        String path = exchange.path();
        Optional<HttpRoute> route = Optional.ofNullable(paths.get(path)).or(() -> prefixes.entrySet().stream()
                .filter(entry -> path.startsWith(entry.getKey())).map(Map.Entry::getValue).findFirst());
        if (route.isPresent()) {
            route.get().serve(exchange);
            return;
        }
        Optional<HttpAnswer> answer = operations.answer(exchange.method().name(), path, exchange.parameters(),
                exchange.peer(), exchange.authorization(), exchange.body());
        if (answer.isPresent()) {
            exchange.respond(answer.get());
        } else {
            exchange.respond(HttpResponseStatus.NOT_FOUND, "no such resource: " + path);
        }
    }
}
