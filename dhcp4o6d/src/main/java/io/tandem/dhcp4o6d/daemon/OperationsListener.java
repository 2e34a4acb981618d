package io.tandem.dhcp4o6d.daemon;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.ops.HttpAnswer;
import io.tandem.common.ops.Operations;
import io.tandem.common.ops.OperationsEndpoint;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dhcp4o6d's own HTTP/1.1 listener ({@code http.listen}, default {@code [::1]:6317}):
 * {@code GET /health}, {@code GET /leases}, {@code GET /metrics} and the control commands
 * ({@code POST /}), on its own event loop, apart from the port pair. What a client can make it
 * hold is bounded as in dhcp6d: request line, headers and body; a silent connection is closed.
 */
final class OperationsListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OperationsListener.class);
    private static final int MAX_LINE = 4096;
    private static final int MAX_HEADERS = 8192;
    private static final int MAX_BODY = 16 * 1024;
    private static final int IDLE_SECONDS = 60;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final LongAdder requests = new LongAdder();
    private Channel server;

    private OperationsListener() {
    }

    static OperationsListener start(ListenAddress listen, Operations operations) throws IOException {
        OperationsListener listener = new OperationsListener();
        OperationsEndpoint endpoint = new OperationsEndpoint(operations);
        ServerBootstrap bootstrap = new ServerBootstrap().group(listener.group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_LINE)
                                        .setMaxHeaderSize(MAX_HEADERS).setMaxChunkSize(MAX_BODY)))
                                .addLast(new HttpObjectAggregator(MAX_BODY))
                                .addLast(listener.new Router(endpoint));
                    }
                });
        try {
            listener.server = bootstrap.bind(new InetSocketAddress(listen.address(), listen.port())).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.close();
            throw new IOException("interrupted while binding " + listen, e);
        } catch (RuntimeException e) {
            listener.close();
            throw new IOException("cannot listen on " + listen + ": " + e, e);
        }
        log.info("HTTP_LISTENING {} (health, leases, metrics, control commands)", Addresses.text(listener.localAddress()));
        return listener;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    long requests() {
        return requests.sum();
    }

    /** One connection's requests, answered by the endpoint or with 404; a request the codec refused closes it. */
    private final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final OperationsEndpoint endpoint;

        Router(OperationsEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            requests.increment();
            if (request.decoderResult().isFailure()) {
                send(ctx, request, HttpAnswer.of(400, "text/plain; charset=utf-8", "Bad Request\n"), false);
                return;
            }
            Optional<HttpAnswer> answer;
            try {
                QueryStringDecoder uri = new QueryStringDecoder(request.uri());
                answer = endpoint.answer(request.method().name(), uri.path(), uri.parameters(),
                        Optional.ofNullable(request.headers().get(HttpHeaderNames.AUTHORIZATION)),
                        ByteBufUtil.getBytes(request.content()));
            } catch (IllegalArgumentException e) {
                answer = Optional.of(HttpAnswer.of(400, "text/plain; charset=utf-8", "bad percent-encoding\n"));
            }
            send(ctx, request, answer.orElseGet(() -> HttpAnswer.of(404, "text/plain; charset=utf-8",
                    "no such resource\n")), HttpUtil.isKeepAlive(request));
        }

        private void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpAnswer answer, boolean keepAlive) {
            boolean head = request.method().equals(HttpMethod.HEAD);
            HttpVersion version = request.protocolVersion();
            FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(answer.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
            answer.headers().forEach(response.headers()::set);
            HttpUtil.setContentLength(response, answer.body().length);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("HTTP_CONNECTION_ERROR {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
