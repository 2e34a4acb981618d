package io.tandem.dhcp6d.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.tandem.common.http.HttpExchange;
import io.tandem.common.http.HttpRoute;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET}/{@code HEAD /boot/<file>}: a file of the boot-file directory, as {@code application/efi}. */
record BootFileRoute(BootFiles bootFiles, BootFileListener listener, HttpCounters counters) implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(BootFileRoute.class);
    static final String PREFIX = "/boot/";
    private static final String EFI = "application/efi";

    @Override
    public void serve(HttpExchange exchange) {
        if (!exchange.allowed("GET, HEAD", HttpMethod.GET, HttpMethod.HEAD)) {
            return;
        }
        String requested = exchange.path().substring(PREFIX.length());
        ChannelHandlerContext ctx = exchange.context();
        BootFiles.Lookup lookup = bootFiles.find(requested);
        if (lookup instanceof BootFiles.Refused refused) {
            refuse(exchange, requested, refused);
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
            refuse(exchange, requested, new BootFiles.Refused(HttpResponseStatus.NOT_FOUND, "cannot open",
                    found.path().mac()));
            return;
        }
        if (exchange.method().equals(HttpMethod.HEAD)) {
            closeQuietly(file);
            FullHttpResponse head = new DefaultFullHttpResponse(exchange.version(), HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, EFI);
            HttpUtil.setContentLength(head, size);
            exchange.finish(ctx.writeAndFlush(exchange.keepAlive(head)));
            return;
        }
        HttpResponse head = new DefaultHttpResponse(exchange.version(), HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, EFI);
        HttpUtil.setContentLength(head, size);
        ctx.write(exchange.keepAlive(head));
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
                    future.isSuccess() ? BootFileReport.Outcome.SENT : BootFileReport.Outcome.CUT_SHORT,
                    future.isSuccess() ? "" : "the connection ended after " + bytes + " of " + size + " bytes"));
        });
        exchange.finish(sent);
    }

    /** Answers the refusal's status; a GET of it is reported, so that a MAC's failed download shows. */
    private void refuse(HttpExchange exchange, String requested, BootFiles.Refused refused) {
        InetSocketAddress client = (InetSocketAddress) exchange.context().channel().remoteAddress();
        log.debug("HTTP_BOOT_FILE_REFUSED {} for {}: {}", requested, client, refused.reason());
        exchange.respond(refused.status(), refused.reason() + ": " + requested);
        if (exchange.method().equals(HttpMethod.GET)) {
            report(new BootFileReport(refused.mac(), requested, "", client, 0, BootFileReport.Outcome.REFUSED,
                    refused.status().code() + " " + refused.reason()));
        }
    }

    private void report(BootFileReport report) {
        try {
            listener.onEnded(report);
        } catch (RuntimeException e) {
            log.error("HTTP_BOOT_FILE_LISTENER_FAILED {}", report, e);
        }
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            log.debug("HTTP_BOOT_FILE_CLOSE {}", e.toString());
        }
    }
}
