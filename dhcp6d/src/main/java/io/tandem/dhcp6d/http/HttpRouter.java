package io.tandem.dhcp6d.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.tandem.common.event.EventBus;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.ops.HttpAnswer;
import io.tandem.common.ops.OperationsEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: {@code GET /events} (handed to an {@link EventStream}, which then
 * owns the connection), {@code GET}/{@code HEAD /boot/<file>}, the operations resources of
 * {@link OperationsEndpoint} ({@code /health}, {@code /leases}, {@code /metrics}, {@code POST /}),
 * and the refusals: 400 for what the codec could not read or a bad {@code ?mac=}, 404, 405.
 * Paths and query strings are percent-decoded before anything looks at them.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
    static final String EFI = "application/efi";
    private static final String BOOT = "/boot/";

    private final EventBus bus;
    private final BootFiles bootFiles;
    private final BootFileListener listener;
    private final HttpSettings settings;
    private final HttpCounters counters;
    private final OperationsEndpoint operations;
    private boolean streaming;

    HttpRouter(EventBus bus, BootFiles bootFiles, BootFileListener listener, HttpSettings settings,
               HttpCounters counters, OperationsEndpoint operations) {
        this.operations = operations;
        this.bus = bus;
        this.bootFiles = bootFiles;
        this.listener = listener;
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (streaming) {
            return;
        }
        counters.requests.increment();
        if (request.decoderResult().isFailure()) {
            refuseUnreadable(ctx, request.decoderResult().cause());
            return;
        }
        String path;
        QueryStringDecoder uri;
        try {
            uri = new QueryStringDecoder(request.uri());
            path = uri.path();
            uri.parameters();
        } catch (IllegalArgumentException e) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad percent-encoding in the URL");
            return;
        }
        HttpMethod method = request.method();
        log.debug("HTTP_REQUEST {} {} from {}", method, request.uri(), ctx.channel().remoteAddress());
        if (path.equals("/events")) {
            if (allowed(ctx, request, "GET", HttpMethod.GET)) {
                events(ctx, request, uri);
            }
        } else if (path.startsWith(BOOT)) {
            if (allowed(ctx, request, "GET, HEAD", HttpMethod.GET, HttpMethod.HEAD)) {
                bootFile(ctx, request, path.substring(BOOT.length()));
            }
        } else {
            Optional<HttpAnswer> answer = operations.answer(method.name(), path, uri.parameters(),
                    Optional.ofNullable(request.headers().get(HttpHeaderNames.AUTHORIZATION)),
                    ByteBufUtil.getBytes(request.content()));
            if (answer.isPresent()) {
                respond(ctx, request, answer.get());
            } else {
                respond(ctx, request, HttpResponseStatus.NOT_FOUND, "no such resource: " + path);
            }
        }
    }

    private void events(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        Optional<MacAddress> filter = Optional.empty();
        List<String> macs = uri.parameters().get("mac");
        if (macs != null) {
            filter = MacAddress.tryParse(macs.get(0));
            if (filter.isEmpty()) {
                respond(ctx, request, HttpResponseStatus.BAD_REQUEST, OperationsEndpoint.notAMac(macs.get(0)));
                return;
            }
        }
        streaming = true;
        if (ctx.pipeline().get(HttpListener.IDLE) != null) {
            // A stream is idle by nature between events; its own heartbeat and watchdog take over.
            ctx.pipeline().remove(HttpListener.IDLE);
        }
        ctx.pipeline().addLast(HttpListener.EVENTS,
                new EventStream(bus, filter, request.protocolVersion(), settings, counters));
    }

    private void bootFile(ChannelHandlerContext ctx, FullHttpRequest request, String requested) {
        BootFiles.Lookup lookup = bootFiles.find(requested);
        if (lookup instanceof BootFiles.Refused refused) {
            log.debug("HTTP_BOOT_FILE_REFUSED {} for {}: {}", requested, ctx.channel().remoteAddress(),
                    refused.reason());
            respond(ctx, request, refused.status(), refused.reason() + ": " + requested);
            return;
        }
        BootFiles.Found found = (BootFiles.Found) lookup;
        FileChannel file;
        long size;
        try {
            // The found path has no symlink left; NOFOLLOW_LINKS refuses one swapped in since.
            file = FileChannel.open(found.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            size = file.size();
        } catch (IOException | RuntimeException e) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "cannot open: " + requested);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.method().equals(HttpMethod.HEAD)) {
            closeQuietly(file);
            FullHttpResponse head = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, EFI);
            HttpUtil.setContentLength(head, size);
            finish(ctx.writeAndFlush(keepAlive(head, keepAlive)), keepAlive);
            return;
        }
        HttpResponse head = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, EFI);
        HttpUtil.setContentLength(head, size);
        ctx.write(keepAlive(head, keepAlive));
        // Zero-copy: the kernel sends the file; the region closes it when done.
        DefaultFileRegion region = new DefaultFileRegion(file, 0, size);
        ctx.write(region);
        ChannelFuture sent = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        sent.addListener(future -> {
            long bytes = future.isSuccess() ? size : region.transferred();
            if (future.isSuccess()) {
                counters.bootFilesSent.increment();
                log.info("HTTP_BOOT_FILE_SENT {} ({} bytes) to {}{}", found.relative(), size, client,
                        found.path().mac().map(mac -> " for " + mac).orElse(""));
            } else {
                log.debug("HTTP_BOOT_FILE_FAILED {} to {} after {} bytes: {}", found.relative(), client, bytes,
                        String.valueOf(future.cause()));
            }
            report(new BootFileReport(found.path().mac(), requested, found.relative(), client, bytes,
                    future.isSuccess()));
        });
        finish(sent, keepAlive);
    }

    private void report(BootFileReport report) {
        try {
            listener.onSent(report);
        } catch (RuntimeException e) {
            log.error("HTTP_BOOT_FILE_LISTENER_FAILED {}", report, e);
        }
    }

    /** True when {@code request} uses one of {@code methods}; else answers 405 and returns false. */
    private static boolean allowed(ChannelHandlerContext ctx, FullHttpRequest request, String allow,
                                   HttpMethod... methods) {
        for (HttpMethod method : methods) {
            if (method.equals(request.method())) {
                return true;
            }
        }
        FullHttpResponse response = textResponse(request, HttpResponseStatus.METHOD_NOT_ALLOWED,
                request.method() + " is not allowed here; use " + allow);
        response.headers().set(HttpHeaderNames.ALLOW, allow);
        send(ctx, request, response);
        return false;
    }

    /** What the codec could not read: too long a line or headers, or not HTTP. The connection closes. */
    private static void refuseUnreadable(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        log.debug("HTTP_REQUEST_UNREADABLE from {}: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
        FullHttpResponse response = text(HttpVersion.HTTP_1_1, status, status.reasonPhrase(), false);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                String message) {
        send(ctx, request, textResponse(request, status, message));
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpAnswer answer) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.valueOf(answer.status()), request.method().equals(HttpMethod.HEAD)
                ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        answer.headers().forEach(response.headers()::set);
        HttpUtil.setContentLength(response, answer.body().length);
        send(ctx, request, response);
    }

    private static FullHttpResponse textResponse(FullHttpRequest request, HttpResponseStatus status, String message) {
        return text(request.protocolVersion(), status, message, request.method().equals(HttpMethod.HEAD));
    }

    /** A plain-text answer; for a HEAD request, its headers only. */
    private static FullHttpResponse text(HttpVersion version, HttpResponseStatus status, String message,
                                         boolean head) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(response, body.length);
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        finish(ctx.writeAndFlush(keepAlive(response, keepAlive)), keepAlive);
    }

    private static <T extends HttpResponse> T keepAlive(T response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        return response;
    }

    private static void finish(ChannelFuture written, boolean keepAlive) {
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            log.debug("HTTP_BOOT_FILE_CLOSE {}", e.toString());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && !streaming) {
            log.debug("HTTP_CONNECTION_IDLE {} closed after {}", ctx.channel().remoteAddress(), settings.idleTimeout());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are how HTTP clients say goodbye: nothing to tell an operator.
        log.debug("HTTP_CONNECTION_ERROR {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
