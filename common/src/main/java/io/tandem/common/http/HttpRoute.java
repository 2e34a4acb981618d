package io.tandem.common.http;

/** What one path (or path prefix) of a listener does with a request. */
@FunctionalInterface
public interface HttpRoute {
    /** Answers {@code exchange}, or takes its connection over; on the connection's event loop. */
    void serve(HttpExchange exchange);
}
