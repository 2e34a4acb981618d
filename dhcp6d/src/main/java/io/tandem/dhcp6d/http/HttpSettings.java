package io.tandem.dhcp6d.http;

import io.tandem.common.http.HttpServer;
import java.time.Duration;

/**
 * How the HTTP listener treats its connections.
 *
 * @param heartbeat    how often an idle event stream gets a {@code : keepalive} comment, so that
 *                     proxies and firewalls keep it open
 * @param stuckTimeout how long an event stream may stay unable to take more bytes (its reader
 *                     stopped reading) before it is disconnected
 * @param streamQueue  events waiting for one event stream at most; beyond it the oldest are lost,
 *                     and the stream says how many
 * @param idleTimeout  how long any other connection may stay silent (nothing read, nothing sent)
 *                     before it is closed
 */
public record HttpSettings(Duration heartbeat, Duration stuckTimeout, int streamQueue, Duration idleTimeout) {
    public static final HttpSettings DEFAULT =
            new HttpSettings(Duration.ofSeconds(15), Duration.ofSeconds(30), 1024, HttpServer.IDLE_TIMEOUT);

    public HttpSettings {
        for (Duration duration : new Duration[] {heartbeat, stuckTimeout, idleTimeout}) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("HTTP timeouts are positive, not " + duration);
            }
        }
        if (streamQueue < 1) {
            throw new IllegalArgumentException("an event stream queues at least one event, not " + streamQueue);
        }
    }
}
