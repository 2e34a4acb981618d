package io.tandem.tftpd.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.tandem.common.daemon.RateLimitedLog;
import io.tandem.common.daemon.UdpEndpoint;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.tftpd.files.BootRoot;
import io.tandem.tftpd.files.RequestPath;
import io.tandem.tftpd.transfer.Negotiation;
import io.tandem.tftpd.transfer.OptionNegotiator;
import io.tandem.tftpd.transfer.ReadTransfer;
import io.tandem.tftpd.transfer.TransferLimits;
import io.tandem.tftpd.transfer.TransferMode;
import io.tandem.tftpd.transfer.TransferOutcome;
import io.tandem.tftpd.wire.ErrorCode;
import io.tandem.tftpd.wire.ReadRequest;
import io.tandem.tftpd.wire.Request;
import io.tandem.tftpd.wire.TftpCodec;
import io.tandem.tftpd.wire.TftpError;
import io.tandem.tftpd.wire.TftpPacket;
import io.tandem.tftpd.wire.WriteRequest;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only TFTP server: the request port, and one socket on an ephemeral port per transfer
 * (the server's transfer ID, RFC 1350 §4). Everything runs on one Netty event loop thread owned
 * by the server, so transfers need no locks. Files are looked up, opened and read on that thread
 * too, a block at a time with positional reads: boot files are few, small and hot in the page
 * cache, so a read takes microseconds; a cold read from a slow disk delays the other transfers
 * by that long, never by a whole file.
 *
 * <p>A refused request gets its ERROR from a port opened for that one packet (a reply comes from
 * the server's transfer ID, not port 69). Abandoned transfers lock nobody out: each transfer is
 * given up after its retransmissions run out, and before that a new read request from an address
 * that holds its share of transfers ends the one of them that has waited longest for an ACK (a
 * firmware that rebooted mid-download asks again at once and is served). A read request over
 * {@code max-transfers} is answered ERROR 0 "Busy, retry later", so firmware retries at once instead
 * of waiting out its timeout. A read request repeated by the same client address and port while
 * its transfer runs is the client's retransmission and is ignored (the transfer retransmits
 * itself); a different request from that port replaces the transfer (a client that restarted, or
 * EDK2 asking for the file right after its size probe).
 */
public final class TftpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TftpServer.class);
    /** What a client over {@code max-transfers} is told, with ERROR 0. */
    private static final String BUSY_MESSAGE = "Busy, retry later";

    private final TftpServerSettings settings;
    private final BootRoot root;
    private final TransferListener listener;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /** The group's one thread: every socket of the server is registered on it. */
    private final EventLoop loop = group.next();
    /** By client transfer ID; changed on the event loop only. */
    private final Map<InetSocketAddress, TransferSession> sessions = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder superseded = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder busy = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder foreignTransferIds = new LongAdder();
    private final RateLimitedLog packetLog = new RateLimitedLog(log, 10);
    private final RateLimitedLog refusalLog = new RateLimitedLog(log, 10);
    private final RateLimitedLog busyLog = new RateLimitedLog(log, 1);
    /** Supersessions come as fast as one address sends requests: a flood must not flood the log. */
    private final RateLimitedLog supersededLog = new RateLimitedLog(log, 10);
    private final AtomicBoolean closed = new AtomicBoolean();
    private UdpEndpoint requestPort;

    private TftpServer(TftpServerSettings settings, BootRoot root, TransferListener listener) {
        this.settings = settings;
        this.root = root;
        this.listener = listener;
    }

    /**
     * Binds the request port and starts serving.
     *
     * @throws IOException when the root is not a directory or the port cannot be bound
     */
    public static TftpServer start(TftpServerSettings settings, TransferListener listener) throws IOException {
        TftpServer server = new TftpServer(settings, BootRoot.of(settings.root()), listener);
        server.bind();
        return server;
    }

    private void bind() throws IOException {
        try {
            requestPort = UdpEndpoint.bind("the TFTP port", settings.listen(), UdpEndpoint.Options.unicast(0), loop,
                    new RequestHandler());
        } catch (IOException e) {
            close();
            throw e;
        }
        InetSocketAddress bound = localAddress();
        log.info("TFTP_LISTENING {} root {} (at most {} transfers; blksize up to {} for IPv6 clients)", Addresses.text(bound),
                root.path(), settings.maxTransfers(), settings.limitsFor(bound.getAddress()).maxBlockSize());
    }

    /**
     * Opens an ephemeral port for a transfer or a one-packet answer. Not a {@link UdpEndpoint}: these
     * are bound from the event loop itself, so the bind must not be waited for (Netty refuses a
     * blocking wait on the loop), and their handler takes the bound channel when it completes.
     */
    private ChannelFuture bindEphemeral(ChannelHandler handler) {
        SocketProtocolFamily family = settings.listen().getAddress() instanceof Inet4Address
                ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        return new Bootstrap().group(loop).channelFactory(() -> new NioDatagramChannel(family)).handler(handler)
                .bind(new InetSocketAddress(settings.listen().getAddress(), 0));
    }

    /** The request port's address, with the port actually bound. */
    public InetSocketAddress localAddress() {
        return requestPort.localAddress();
    }

    public int activeTransfers() {
        return sessions.size();
    }

    public TftpStats stats() {
        return new TftpStats(requests.sum(), completed.sum(), failed.sum(), superseded.sum(), refused.sum(), busy.sum(),
                malformed.sum(), foreignTransferIds.sum());
    }

    /** The request port's handler: decodes and dispatches, on the event loop. */
    private final class RequestHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, DatagramPacket datagram) {
            InetSocketAddress client = datagram.sender();
            TftpPacket packet;
            try {
                packet = TftpCodec.decode(bytes(datagram.content()));
            } catch (DecodeException e) {
                malformed.increment();
                packetLog.debug("TFTP_PACKET_MALFORMED from {}: {}", Addresses.text(client), e.getMessage());
                return;
            }
            if (packet instanceof Request request) {
                requests.increment();
                onRequest(client, request);
            } else {
                packetLog.debug("TFTP_PACKET_IGNORED {} from {} on the request port", packet.opcode(), Addresses.text(client));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            packetLog.warn("TFTP_SOCKET_ERROR on the request port: {}", cause.toString());
        }
    }

    private void onRequest(InetSocketAddress client, Request request) {
        if (request instanceof WriteRequest) {
            refuse(client, request, ErrorCode.ACCESS_VIOLATION, "this server only reads",
                    RequestPath.macOf(request.filename()));
            return;
        }
        ReadRequest read = (ReadRequest) request;
        TransferSession running = sessions.get(client);
        if (running != null) {
            if (running.request().equals(read)) {
                packetLog.debug("TFTP_REQUEST_REPEATED {} from {}: the transfer is running", read.filename(),
                        Addresses.text(client));
                return;
            }
            running.supersede("the same port asked for " + read.filename(), false);
        }
        List<TransferSession> fromAddress = transfersFrom(client.getAddress());
        if (fromAddress.size() >= settings.maxTransfersPerClient()) {
            TransferSession waitedLongest = Collections.min(fromAddress,
                    Comparator.comparingLong(TransferSession::waitingSinceNanos));
            waitedLongest.supersede("a newer request from " + Addresses.text(client.getAddress()) + ", which held "
                    + fromAddress.size() + " transfers", true);
        }
        if (sessions.size() >= settings.maxTransfers()) {
            answerBusy(client, read);
            return;
        }
        Optional<TransferMode> mode = TransferMode.parse(read.mode());
        if (mode.isEmpty()) {
            refuse(client, request, ErrorCode.ILLEGAL_OPERATION, "mode '" + read.mode() + "' is not served",
                    RequestPath.macOf(read.filename()));
            return;
        }
        BootRoot.Lookup lookup = root.open(read.filename(), mode.get());
        if (lookup instanceof BootRoot.Refused refusal) {
            refuse(client, request, refusal.code(), refusal.reason(), refusal.mac());
            return;
        }
        BootRoot.Found found = (BootRoot.Found) lookup;
        TransferLimits limits = settings.limitsFor(client.getAddress());
        Negotiation negotiation = OptionNegotiator.negotiate(read.options(), found.source().size(), limits);
        TransferSession session = new TransferSession(this, client, read, found,
                new ReadTransfer(negotiation, found.source(), limits.maxRetries()));
        sessions.put(client, session);
        ChannelFuture bound = bindEphemeral(session);
        bound.addListener(future -> {
            if (future.isSuccess()) {
                session.begin(bound.channel());
            } else {
                session.cannotBind(future.cause());
            }
        });
    }

    private List<TransferSession> transfersFrom(InetAddress address) {
        List<TransferSession> from = new ArrayList<>();
        for (TransferSession session : sessions.values()) {
            if (session.client().getAddress().equals(address)) {
                from.add(session);
            }
        }
        return from;
    }

    /** Answers a request over {@code max-transfers} with ERROR 0, so the client retries at once, and reports it. */
    private void answerBusy(InetSocketAddress client, ReadRequest read) {
        busy.increment();
        sendFromNewPort(client, new TftpError(ErrorCode.NOT_DEFINED, BUSY_MESSAGE));
        busyLog.warn("TFTP_BUSY {} transfers running (max-transfers); request for {} from {} answered ERROR 0 busy",
                sessions.size(), read.filename(), Addresses.text(client));
        report(new TransferReport(RequestPath.macOf(read.filename()), read.filename(), "", client, 0,
                TransferOutcome.BUSY, "ERROR 0: max-transfers " + settings.maxTransfers() + " running"));
    }

    /** Answers a request with an ERROR from the request port, and reports it. */
    private void refuse(InetSocketAddress client, Request request, ErrorCode code, String reason,
                        Optional<MacAddress> mac) {
        refused.increment();
        sendFromNewPort(client, new TftpError(code, clientMessage(code)));
        refusalLog.info("TFTP_REQUEST_REFUSED {} {} from {}{}: ERROR {}, {}", request.opcode(), request.filename(),
                Addresses.text(client), mac.map(m -> " mac " + m).orElse(""), code, reason);
        report(new TransferReport(mac, request.filename(), "", client, 0, TransferOutcome.REFUSED,
                "ERROR " + code + ": " + reason));
    }

    /** What the client is told: the code's name, not the server's paths or exceptions. */
    static String clientMessage(ErrorCode code) {
        String label = code.label();
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
    }

    /**
     * Sends one packet from a new ephemeral port, closed once it is sent: an answer to a request
     * comes from the server's transfer ID, never from the request port (RFC 1350 §4; commons-net's
     * client rejects an ERROR from port 69). Falls back to the request port when no port is free.
     */
    void sendFromNewPort(InetSocketAddress client, TftpPacket packet) {
        byte[] bytes = TftpCodec.encode(packet);
        ChannelFuture bound = bindEphemeral(new ChannelInboundHandlerAdapter());
        bound.addListener(future -> {
            if (future.isSuccess()) {
                bound.channel().writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), client))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                requestPort.send(bytes, client);
            }
        });
    }

    /** Called by a session once, when it ends; on the event loop. */
    void ended(TransferSession session, TransferReport report) {
        sessions.remove(session.client(), session);
        if (report.outcome().isNormal()) {
            completed.increment();
        } else {
            (report.outcome() == TransferOutcome.SUPERSEDED ? superseded : failed).increment();
        }
        report(report);
    }

    void countMalformed() {
        malformed.increment();
    }

    void countForeignTransferId() {
        foreignTransferIds.increment();
    }

    RateLimitedLog packetLog() {
        return packetLog;
    }

    RateLimitedLog supersededLog() {
        return supersededLog;
    }

    private void report(TransferReport report) {
        try {
            listener.onTransfer(report);
        } catch (RuntimeException e) {
            log.warn("TFTP_LISTENER_FAILED {}", e.toString(), e);
        }
    }

    static byte[] bytes(ByteBuf content) {
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        return bytes;
    }

    /**
     * Stops: running transfers are told (ERROR 0) and reported as cancelled, then the sockets
     * close. Waits for the event loop, so it must not be called from a {@link TransferListener}.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (requestPort != null) {
            loop.submit(() -> {
                for (TransferSession session : new ArrayList<>(sessions.values())) {
                    session.stop();
                }
            }).syncUninterruptibly();
            requestPort.close();
            log.info("TFTP_STOPPED {}", stats());
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
