package io.tandem.dhcp6d.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.event.EventBus;
import io.tandem.common.ops.Operations;
import io.tandem.common.ops.OperationsEndpoint;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dhcp6d's HTTP/1.1 listener: {@code GET /events} (Server-Sent Events from the {@link EventBus}),
 * {@code GET}/{@code HEAD /boot/<file>} (the boot-file directory, as {@code application/efi}),
 * {@code GET /health}, {@code GET /leases}, {@code GET /metrics} and the control commands
 * ({@code POST /}). Its own Netty event loops, apart from the DHCP sockets', so that nothing a
 * web client does can delay a packet.
 *
 * <p>What a client can make it hold is bounded: a request line of {@value #MAX_LINE} bytes,
 * headers of {@value #MAX_HEADERS} bytes, a body of {@value #MAX_BODY} bytes (the codec answers
 * more with 414, 431 or 413 and closes), a silent connection for {@link HttpSettings#idleTimeout()},
 * and per event stream the outbound buffer's high-water mark plus its bounded queue of events.
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpListener.class);
    static final String IDLE = "idle";
    static final String EVENTS = "events";
    static final int MAX_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 16 * 1024;
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    private static final int WORKER_THREADS = 2;

    private final EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(WORKER_THREADS, NioIoHandler.newFactory());
    private final ChannelGroup connections = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);
    private final HttpCounters counters = new HttpCounters();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Channel server;

    private HttpListener() {
    }

    /** Like {@link #start(InetSocketAddress, EventBus, Path, BootFileListener, HttpSettings)} at {@code http.listen}. */
    public static HttpListener start(ListenAddress listen, EventBus bus, Path bootDirectory, BootFileListener listener,
                                     HttpSettings settings, Operations operations) throws IOException {
        return start(new InetSocketAddress(listen.address(), listen.port()), bus, bootDirectory, listener, settings,
                operations);
    }

    /**
     * Binds {@code listen} and starts serving.
     *
     * @param bootDirectory the directory {@code /boot/} serves (dhcp6d's {@code tftp.root}); it
     *                      need not exist yet: until it does, every boot file is a 404
     * @param listener      told about every boot file sent
     * @param operations    what {@code /leases}, {@code /metrics} and the control commands show and do
     * @throws IOException when the address cannot be bound
     */
    public static HttpListener start(InetSocketAddress listen, EventBus bus, Path bootDirectory,
                                     BootFileListener listener, HttpSettings settings, Operations operations)
            throws IOException {
        HttpListener http = new HttpListener();
        http.bind(listen, bus, new BootFiles(bootDirectory), listener, settings, new OperationsEndpoint(operations));
        log.info("HTTP_LISTENING {} (events, boot files from {}, health, leases, metrics, control commands)",
                Addresses.text(http.localAddress()), bootDirectory);
        return http;
    }

    private void bind(InetSocketAddress listen, EventBus bus, BootFiles files, BootFileListener listener,
                      HttpSettings settings, OperationsEndpoint operations) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        ChannelPipeline pipeline = channel.pipeline();
                        pipeline.addLast(IDLE, new IdleStateHandler(true, 0, 0,
                                settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        pipeline.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(MAX_LINE).setMaxHeaderSize(MAX_HEADERS)
                                .setMaxChunkSize(MAX_BODY)));
                        pipeline.addLast("aggregator", new HttpObjectAggregator(MAX_BODY));
                        pipeline.addLast("router", new HttpRouter(bus, files, listener, settings, counters, operations));
                    }
                });
        try {
            server = bootstrap.bind(listen).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while binding " + listen, e);
        } catch (RuntimeException e) {
            close();
            throw new IOException("cannot listen on " + listen + ": " + e, e);
        }
    }

    /** The bound address, with the port actually bound. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    public HttpStats stats() {
        return counters.snapshot();
    }

    /** Stops accepting, closes every connection (event streams included) and stops the event loops. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (server != null) {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
