package io.tandem.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.tandem.common.ops.HttpAnswer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request on its connection, as a route sees it: the percent-decoded path and query
 * parameters, and the ways to answer it, each keeping the connection open as the request asks
 * (a {@code HEAD} gets the headers alone).
 */
public record HttpExchange(ChannelHandlerContext context, FullHttpRequest request, String path,
                           Map<String, List<String>> parameters) {
    public HttpMethod method() {
        return request.method();
    }

    public HttpVersion version() {
        return request.protocolVersion();
    }

    public Optional<String> authorization() {
        return Optional.ofNullable(request.headers().get(HttpHeaderNames.AUTHORIZATION));
    }

    /** The address the request came from. */
    public InetAddress peer() {
        return ((InetSocketAddress) context.channel().remoteAddress()).getAddress();
    }

    public byte[] body() {
        return ByteBufUtil.getBytes(request.content());
    }

    /** True when the request uses one of {@code methods}; else answers 405 with {@code Allow: allow} and returns false. */
    public boolean allowed(String allow, HttpMethod... methods) {
        for (HttpMethod method : methods) {
            if (method.equals(request.method())) {
                return true;
            }
        }
        FullHttpResponse response = text(request.protocolVersion(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                request.method() + " is not allowed here; use " + allow, isHead());
        response.headers().set(HttpHeaderNames.ALLOW, allow);
        send(response);
        return false;
    }

    /** Answers with {@code message} as plain text. */
    public void respond(HttpResponseStatus status, String message) {
        send(text(request.protocolVersion(), status, message, isHead()));
    }

    public void respond(HttpAnswer answer) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.valueOf(answer.status()),
                isHead() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        answer.headers().forEach(response.headers()::set);
        HttpUtil.setContentLength(response, answer.body().length);
        send(response);
    }

    /** {@code response} marked to keep the connection open or not, as the request asks; for a route that writes its own. */
    public <T extends HttpResponse> T keepAlive(T response) {
        HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
        return response;
    }

    /** Closes the connection once {@code written} (the answer's last write) is done, unless it stays open. */
    public void finish(ChannelFuture written) {
        if (!HttpUtil.isKeepAlive(request)) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Hands the connection to {@code handler} (added to the pipeline as {@code name}), which answers
     * from now on with its own timeouts: the listener's idle close stops, later requests are ignored.
     */
    public void takeOver(String name, ChannelHandler handler) {
        // The context is the connection handler's own: it is the one to hand over.
        ((HttpConnection) context.handler()).takeOver(context, name, handler);
    }

    private boolean isHead() {
        return request.method().equals(HttpMethod.HEAD);
    }

    private void send(FullHttpResponse response) {
        finish(context.writeAndFlush(keepAlive(response)));
    }

    /** A plain-text answer; for a HEAD request, its headers only. */
    static FullHttpResponse text(HttpVersion version, HttpResponseStatus status, String message, boolean head) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(response, body.length);
        return response;
    }
}
