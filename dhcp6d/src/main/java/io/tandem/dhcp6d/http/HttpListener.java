package io.tandem.dhcp6d.http;

import io.tandem.common.config.ListenAddress;
import io.tandem.common.event.EventBus;
import io.tandem.common.http.HttpRoutes;
import io.tandem.common.http.HttpServer;
import io.tandem.common.ops.Operations;
import io.tandem.common.ops.OperationsEndpoint;
import io.tandem.dhcp6d.config.DashboardConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * dhcp6d's HTTP/1.1 listener: {@code GET /events} (Server-Sent Events from the {@link EventBus}),
 * {@code GET}/{@code HEAD /boot/<file>} (the boot-file directory, as {@code application/efi}),
 * the boot dashboard ({@code GET /} and {@code /dashboard/}, a page that reads {@code /events}),
 * and the operations resources every daemon has ({@code GET /health}, {@code GET /leases},
 * {@code GET /metrics}, the control commands at {@code POST /}), over common's {@link HttpServer},
 * which bounds what a client can make it hold. Per event stream, it holds at most the outbound
 * buffer's high-water mark plus the stream's bounded queue of events.
 */
public final class HttpListener implements AutoCloseable {
    private final HttpServer server;
    private final HttpCounters counters;

    private HttpListener(HttpServer server, HttpCounters counters) {
        this.server = server;
        this.counters = counters;
    }

    /**
     * Like {@link #start(InetSocketAddress, EventBus, Path, BootFileListener, HttpSettings, Supplier, Operations)}
     * at {@code http.listen}.
     */
    public static HttpListener start(ListenAddress listen, EventBus bus, Path bootDirectory, BootFileListener listener,
                                     HttpSettings settings, Supplier<DashboardConfig> dashboard, Operations operations)
            throws IOException {
        return start(new InetSocketAddress(listen.address(), listen.port()), bus, bootDirectory, listener, settings,
                dashboard, operations);
    }

    /**
     * Binds {@code listen} and starts serving.
     *
     * @param bootDirectory the directory {@code /boot/} serves (dhcp6d's {@code tftp.root}); it
     *                      need not exist yet: until it does, every boot file is a 404
     * @param listener      told about every GET of a boot file when it ends
     * @param dashboardSettings the config's {@code events.dashboard}, read at each request for it
     * @param operations    what {@code /leases}, {@code /metrics} and the control commands show and do
     * @throws IOException when the address cannot be bound
     */
    public static HttpListener start(InetSocketAddress listen, EventBus bus, Path bootDirectory,
                                     BootFileListener listener, HttpSettings settings,
                                     Supplier<DashboardConfig> dashboardSettings, Operations operations)
            throws IOException {
        HttpCounters counters = new HttpCounters();
        OperationsEndpoint endpoint = new OperationsEndpoint(operations);
        DashboardRoute dashboard = new DashboardRoute(endpoint, dashboardSettings, Instant.now());
        HttpRoutes routes = HttpRoutes.of(endpoint)
                .path(EventsRoute.PATH, new EventsRoute(bus, settings, counters))
                .path(DashboardRoute.PAGE, dashboard)
                .prefix(DashboardRoute.PREFIX, dashboard)
                .prefix(BootFileRoute.PREFIX, new BootFileRoute(new BootFiles(bootDirectory), listener, counters));
        HttpServer server = HttpServer.start(listen, routes, settings.idleTimeout(),
                "dashboard, events, boot files from " + bootDirectory + ", health, leases, metrics, control commands");
        return new HttpListener(server, counters);
    }

    /** The bound address, with the port actually bound. */
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    public HttpStats stats() {
        return counters.snapshot(server.requests());
    }

    /** Stops accepting, closes every connection (event streams included) and stops the event loops. */
    @Override
    public void close() {
        server.close();
    }
}
