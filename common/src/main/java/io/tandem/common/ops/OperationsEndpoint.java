package io.tandem.common.ops;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.identity.MacAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations resources of both daemons' HTTP listeners, apart from the HTTP library:
 * {@code GET /health}, {@code GET /leases[?mac=]}, {@code GET /metrics} and {@code POST /} (the
 * control commands). A listener hands each request here and sends what comes back; an empty
 * answer means the path is not one of these.
 *
 * <p>{@code /leases}, {@code /metrics} and the commands are for operators, as the control
 * channel's {@link OperatorAccess} decides; {@code /health} stays open to anyone who reaches the
 * listener, for load balancers and monitors, and says no more than whether the daemon serves.
 */
public final class OperationsEndpoint {
    private static final String HEALTHY = "{\"status\": \"ok\"}\n";

    private final Operations operations;

    public OperationsEndpoint(Operations operations) {
        this.operations = operations;
    }

    /**
     * @param method        the request method, upper case
     * @param path          the percent-decoded path
     * @param parameters    the percent-decoded query parameters
     * @param peer          the address the request came from
     * @param authorization the {@code Authorization} header, if any
     */
    public Optional<HttpAnswer> answer(String method, String path, Map<String, List<String>> parameters,
                                       InetAddress peer, Optional<String> authorization, byte[] body) {
        switch (path) {
            case "/health":
                return Optional.of(allowed(method, "GET", "HEAD") ? health(operations.health())
                        : notAllowed(method, "GET, HEAD"));
            case "/leases":
                if (!allowed(method, "GET", "HEAD")) {
                    return Optional.of(notAllowed(method, "GET, HEAD"));
                }
                if (operations.control().access().check(path, peer, authorization)
                        instanceof OperatorAccess.Refused refused) {
                    return Optional.of(refused.answer());
                }
                List<String> macs = parameters.get("mac");
                Optional<MacAddress> mac = Optional.empty();
                if (macs != null) {
                    mac = MacAddress.tryParse(macs.get(0));
                    if (mac.isEmpty()) {
                        return Optional.of(HttpAnswer.of(400, "text/plain; charset=utf-8", notAMac(macs.get(0)) + "\n"));
                    }
                }
                try {
                    return Optional.of(HttpAnswer.of(200, HttpAnswer.JSON,
                            ControlChannel.render(operations.leases(mac))));
                } catch (IOException e) {
                    return Optional.of(HttpAnswer.of(503, HttpAnswer.JSON, ControlChannel.render(
                            JsonNodeFactory.instance.objectNode().put("error", e.getMessage()))));
                }
            case "/metrics":
                if (!allowed(method, "GET", "HEAD")) {
                    return Optional.of(notAllowed(method, "GET, HEAD"));
                }
                if (operations.control().access().check(path, peer, authorization)
                        instanceof OperatorAccess.Refused refused) {
                    return Optional.of(refused.answer());
                }
                MetricsText text = new MetricsText();
                operations.metrics(text);
                return Optional.of(HttpAnswer.of(200, HttpAnswer.PROMETHEUS, text.toString()));
            case "/":
                return Optional.of(allowed(method, "POST") ? operations.control().handle(peer, authorization, body)
                        : notAllowed(method, "POST"));
            default:
                return Optional.empty();
        }
    }

    /** 200 and ok, or 503 and degraded with the reason, so that a monitor needs only the status code. */
    private static HttpAnswer health(Health health) {
        if (health.ok()) {
            return HttpAnswer.of(200, HttpAnswer.JSON, HEALTHY);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("status", "degraded")
                .put("reason", health.degradedBecause().orElseThrow());
        return HttpAnswer.of(503, HttpAnswer.JSON, ControlChannel.render(body));
    }

    /** The 400 message for a {@code ?mac=} that is not a MAC. */
    public static String notAMac(String value) {
        return "not a MAC address: '" + value + "' (write it like 52:54:00:12:34:56, 52-54-00-12-34-56 or 5254.0012.3456)";
    }

    private static boolean allowed(String method, String... methods) {
        return List.of(methods).contains(method);
    }

    private static HttpAnswer notAllowed(String method, String allow) {
        HttpAnswer text = HttpAnswer.of(405, "text/plain; charset=utf-8", method + " is not allowed here; use "
                + allow + "\n");
        return new HttpAnswer(405, text.contentType(), text.body(), Map.of("Allow", allow));
    }
}
