package io.tandem.common.http;

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
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 listener of both daemons: the Netty codec, its limits, idle close and the
 * connections, with what each path means left to an {@link HttpRoutes}. Its own event loops,
 * apart from the DHCP sockets', so that nothing a web client does can delay a packet.
 *
 * <p>What a client can make it hold is bounded: a request line of {@value #MAX_LINE} bytes,
 * headers of {@value #MAX_HEADERS} bytes, a body of {@value #MAX_BODY} bytes (more is answered
 * with 414, 431 or 413 and the connection closes), a silent connection for the idle timeout, and
 * per connection the outbound buffer's high-water mark.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final int MAX_LINE = 4096;
    public static final int MAX_HEADERS = 8192;
    public static final int MAX_BODY = 16 * 1024;
    /** How long a connection may stay silent (nothing read, nothing sent) unless told otherwise. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The pipeline name of the idle-close handler, which a route that takes a connection over removes. */
    static final String IDLE = "idle";
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    private static final int WORKER_THREADS = 2;

    private final EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(WORKER_THREADS, NioIoHandler.newFactory());
    private final ChannelGroup connections = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);
    private final LongAdder requests = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Channel server;

    private HttpServer() {
    }

    /**
     * Binds {@code listen} and starts serving {@code routes}; logs {@code HTTP_LISTENING} with the
     * bound address and {@code serves}, what the listener is for.
     *
     * @param idleTimeout how long a connection that no route took over may stay silent
     * @throws IOException when the address cannot be bound
     */
    public static HttpServer start(InetSocketAddress listen, HttpRoutes routes, Duration idleTimeout, String serves)
            throws IOException {
        HttpServer http = new HttpServer();
        http.bind(listen, routes, idleTimeout);
        log.info("HTTP_LISTENING {} ({})", Addresses.text(http.localAddress()), serves);
        return http;
    }

    private void bind(InetSocketAddress listen, HttpRoutes routes, Duration idleTimeout) throws IOException {
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
                        pipeline.addLast(IDLE, new IdleStateHandler(true, 0, 0, idleTimeout.toMillis(),
                                TimeUnit.MILLISECONDS));
                        pipeline.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(MAX_LINE).setMaxHeaderSize(MAX_HEADERS)
                                .setMaxChunkSize(MAX_BODY)));
                        pipeline.addLast("aggregator", new HttpObjectAggregator(MAX_BODY));
                        pipeline.addLast("router", new HttpConnection(routes, requests, idleTimeout));
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

    /** Requests read since the start, good or bad. */
    public long requests() {
        return requests.sum();
    }

    /** Stops accepting, closes every connection (those routes took over included) and stops the event loops. */
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
