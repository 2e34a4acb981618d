package io.tandem.common.ops;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP answer of the operations endpoints, independent of the HTTP library that sends it.
 *
 * @param headers extra headers, such as {@code WWW-Authenticate}
 */
public record HttpAnswer(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json";
    /** The Prometheus text exposition format, version 0.0.4. */
    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    public HttpAnswer {
        headers = Map.copyOf(headers);
    }

    public static HttpAnswer of(int status, String contentType, String body) {
        return new HttpAnswer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
