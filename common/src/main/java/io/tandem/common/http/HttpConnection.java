package io.tandem.common.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.tandem.common.wire.Addresses;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: the refusals (what the codec could not read, a bad percent-encoding),
 * then the {@link HttpRoutes}. Paths and query strings are percent-decoded before a route sees
 * them. A route may take the connection over (an event stream): later requests on it are ignored
 * and the idle close no longer applies.
 */
final class HttpConnection extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

    private final HttpRoutes routes;
    private final LongAdder requests;
    private final Duration idleTimeout;
    private boolean takenOver;

    HttpConnection(HttpRoutes routes, LongAdder requests, Duration idleTimeout) {
        this.routes = routes;
        this.requests = requests;
        this.idleTimeout = idleTimeout;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (takenOver) {
            return;
        }
        requests.increment();
        if (request.decoderResult().isFailure()) {
            refuseUnreadable(ctx, request.decoderResult().cause());
            return;
        }
        String path;
        Map<String, List<String>> parameters;
        try {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            path = uri.path();
            parameters = uri.parameters();
        } catch (IllegalArgumentException e) {
            new HttpExchange(ctx, request, request.uri(), Map.of())
                    .respond(HttpResponseStatus.BAD_REQUEST, "bad percent-encoding in the URL");
            return;
        }
        log.debug("HTTP_REQUEST {} {} from {}", request.method(), request.uri(), peer(ctx));
        routes.serve(new HttpExchange(ctx, request, path, parameters));
    }

    /** Hands the connection to {@code handler}, which answers from now on and has its own timeouts. */
    void takeOver(ChannelHandlerContext ctx, String name, ChannelHandler handler) {
        takenOver = true;
        if (ctx.pipeline().get(HttpServer.IDLE) != null) {
            ctx.pipeline().remove(HttpServer.IDLE);
        }
        ctx.pipeline().addLast(name, handler);
    }

    /** What the codec could not read: too long a line or headers, or not HTTP. The connection closes. */
    private static void refuseUnreadable(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        log.debug("HTTP_REQUEST_UNREADABLE from {}: {}", peer(ctx), String.valueOf(cause));
        FullHttpResponse response = HttpExchange.text(HttpVersion.HTTP_1_1, status, status.reasonPhrase(), false);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && !takenOver) {
            log.debug("HTTP_CONNECTION_IDLE {} closed after {}", peer(ctx), idleTimeout);
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    /** The connection's peer in the short form, {@code [2001:db8::2]:41234}. */
    private static String peer(ChannelHandlerContext ctx) {
        return Addresses.text((InetSocketAddress) ctx.channel().remoteAddress());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are how HTTP clients say goodbye: nothing to tell an operator.
        log.debug("HTTP_CONNECTION_ERROR {}: {}", peer(ctx), cause.toString());
        ctx.close();
    }
}
