package io.tandem.dhcp6d.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tandem.common.event.EventBus;
import io.tandem.common.http.HttpExchange;
import io.tandem.common.http.HttpRoute;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.ops.OperationsEndpoint;
import java.util.List;
import java.util.Optional;

/** {@code GET /events[?mac=]}: hands the connection to an {@link EventStream}, which then owns it. */
record EventsRoute(EventBus bus, HttpSettings settings, HttpCounters counters) implements HttpRoute {
    static final String PATH = "/events";

    @Override
    public void serve(HttpExchange exchange) {
        if (!exchange.allowed("GET", HttpMethod.GET)) {
            return;
        }
        Optional<MacAddress> filter = Optional.empty();
        List<String> macs = exchange.parameters().get("mac");
        if (macs != null) {
            filter = MacAddress.tryParse(macs.get(0));
            if (filter.isEmpty()) {
                exchange.respond(HttpResponseStatus.BAD_REQUEST, OperationsEndpoint.notAMac(macs.get(0)));
                return;
            }
        }
        // A stream is idle by nature between events; its own heartbeat and watchdog take over.
        exchange.takeOver("events", new EventStream(bus, filter, exchange.version(), settings, counters));
    }
}
