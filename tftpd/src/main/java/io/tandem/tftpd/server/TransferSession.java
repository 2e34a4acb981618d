package io.tandem.tftpd.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.tftpd.files.BootRoot;
import io.tandem.tftpd.transfer.Negotiation;
import io.tandem.tftpd.transfer.ReadTransfer;
import io.tandem.tftpd.transfer.Step;
import io.tandem.tftpd.transfer.TransferOutcome;
import io.tandem.tftpd.wire.Ack;
import io.tandem.tftpd.wire.ErrorCode;
import io.tandem.tftpd.wire.ReadRequest;
import io.tandem.tftpd.wire.TftpCodec;
import io.tandem.tftpd.wire.TftpError;
import io.tandem.tftpd.wire.TftpPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One transfer's socket: feeds the client's packets and the timer to its {@link ReadTransfer}
 * and carries out each {@link Step}. A packet from any other address or port gets ERROR 5 and
 * does not reach the transfer (RFC 1350 §4). Runs on the server's event loop only.
 */
final class TransferSession extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(TransferSession.class);

    private final TftpServer server;
    private final InetSocketAddress client;
    private final ReadRequest request;
    private final BootRoot.Found found;
    private final ReadTransfer transfer;
    private final long startedNanos = System.nanoTime();
    /** When it started or last heard an ACK: the one waiting longest gives way to its client's new request. */
    private long waitingSinceNanos = startedNanos;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private ChannelFuture lastWrite;
    private boolean ended;

    TransferSession(TftpServer server, InetSocketAddress client, ReadRequest request, BootRoot.Found found,
                    ReadTransfer transfer) {
        this.server = server;
        this.client = client;
        this.request = request;
        this.found = found;
        this.transfer = transfer;
    }

    InetSocketAddress client() {
        return client;
    }

    ReadRequest request() {
        return request;
    }

    long waitingSinceNanos() {
        return waitingSinceNanos;
    }

    /** The transfer socket is bound: the first packet goes out. */
    void begin(Channel bound) {
        channel = bound;
        if (ended) {
            channel.close();
            return;
        }
        Negotiation negotiation = transfer.negotiation();
        withMdc(() -> log.debug("TFTP_XFER_START {} to {} from port {}: blksize {} windowsize {} timeout {}s, "
                        + "acknowledging {}", found.path().file(), Addresses.text(client),
                ((InetSocketAddress) channel.localAddress()).getPort(), negotiation.blockSize(),
                negotiation.windowSize(), negotiation.timeout().toSeconds(), negotiation.acknowledged()));
        apply(transfer.start());
    }

    void cannotBind(Throwable cause) {
        server.sendFromNewPort(client, new TftpError(ErrorCode.NOT_DEFINED, "Server has no free port"));
        finish(TransferOutcome.FAILED, "cannot open a transfer port: " + cause);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, DatagramPacket datagram) {
        if (ended) {
            return;
        }
        InetSocketAddress sender = datagram.sender();
        if (!sender.equals(client)) {
            server.countForeignTransferId();
            server.packetLog().debug("TFTP_FOREIGN_TID packet from {} to the transfer of {}: ERROR 5",
                    Addresses.text(sender), Addresses.text(client));
            write(new TftpError(ErrorCode.UNKNOWN_TRANSFER_ID, "Unknown transfer ID"), sender);
            channel.flush();
            return;
        }
        TftpPacket packet;
        try {
            packet = TftpCodec.decode(TftpServer.bytes(datagram.content()));
        } catch (DecodeException e) {
            server.countMalformed();
            server.packetLog().debug("TFTP_PACKET_MALFORMED from {}: {}", Addresses.text(sender), e.getMessage());
            return;
        }
        if (packet instanceof Ack) {
            waitingSinceNanos = System.nanoTime();
        }
        apply(transfer.onPacket(packet));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        server.packetLog().warn("TFTP_SOCKET_ERROR on the transfer of {}: {}", Addresses.text(client),
                cause.toString());
    }

    private void onTimeout() {
        timer = null;
        if (!ended) {
            apply(transfer.onTimeout());
        }
    }

    private void apply(Step step) {
        ChannelFuture last = null;
        for (TftpPacket packet : step.send()) {
            last = write(packet, client);
        }
        if (last != null) {
            channel.flush();
        }
        if (step.end().isPresent()) {
            finish(step.end().get().outcome(), step.end().get().detail());
            return;
        }
        step.armTimer().ifPresent(delay -> {
            cancelTimer();
            timer = channel.eventLoop().schedule(this::onTimeout, delay.toNanos(), TimeUnit.NANOSECONDS);
        });
    }

    private ChannelFuture write(TftpPacket packet, InetSocketAddress to) {
        lastWrite = channel.write(new DatagramPacket(Unpooled.wrappedBuffer(TftpCodec.encode(packet)), to));
        return lastWrite;
    }

    /** Ends the transfer because the server stops; the client gets ERROR 0. */
    void stop() {
        endFromOutside(TransferOutcome.CANCELLED, "the server is stopping", Optional.of("Server is stopping"));
    }

    /**
     * Ends the transfer for a newer request from its client. The client's port is told (ERROR 0)
     * when the new request came from another port; a port that asked for something else is not,
     * since it now waits for the answer to that.
     */
    void supersede(String reason, boolean tellClient) {
        endFromOutside(TransferOutcome.SUPERSEDED, reason,
                tellClient ? Optional.of("Ended by a newer request from this host") : Optional.empty());
    }

    private void endFromOutside(TransferOutcome outcome, String reason, Optional<String> clientMessage) {
        if (ended) {
            return;
        }
        if (clientMessage.isPresent() && channel != null) {
            write(new TftpError(ErrorCode.NOT_DEFINED, clientMessage.get()), client);
            channel.flush();
        }
        finish(outcome, reason);
    }

    private void finish(TransferOutcome outcome, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        cancelTimer();
        if (channel != null) {
            // The last packet (an ERROR) leaves before the socket closes.
            if (lastWrite != null && !lastWrite.isDone()) {
                lastWrite.addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.close();
            }
        }
        try {
            found.source().close();
        } catch (IOException e) {
            log.warn("TFTP_FILE_CLOSE_FAILED {}: {}", found.file(), e.toString());
        }
        long bytes = transfer.bytesAcknowledged();
        logEnd(outcome, detail, bytes);
        server.ended(this, new TransferReport(found.path().mac(), request.filename(), found.path().file(), client,
                bytes, outcome, detail));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void logEnd(TransferOutcome outcome, String detail, long bytes) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        String file = found.path().file();
        String to = Addresses.text(client);
        String mac = found.path().mac().map(m -> " mac " + m).orElse("");
        withMdc(() -> {
            switch (outcome) {
                case COMPLETED -> log.info("TFTP_XFER_DONE {} to {}{}: {} bytes in {} ms", file, to, mac, bytes,
                        millis);
                case OPTIONS_ONLY -> log.info("TFTP_XFER_OPTIONS_ONLY {} to {}{}: the client ended after the OACK "
                        + "(a size probe): {}", file, to, mac, detail);
                case CLIENT_ABORTED -> log.info("TFTP_XFER_ABORTED {} to {}{} after {} bytes: {}", file, to, mac,
                        bytes, detail);
                case TIMED_OUT -> log.warn("TFTP_XFER_TIMEOUT {} to {}{} after {} bytes: {}", file, to, mac, bytes,
                        detail);
                case SUPERSEDED -> server.supersededLog().info("TFTP_XFER_SUPERSEDED {} to {}{} after {} bytes: {}",
                        file, to, mac, bytes, detail);
                case CANCELLED -> log.info("TFTP_XFER_CANCELLED {} to {}{} after {} bytes: {}", file, to, mac,
                        bytes, detail);
                default -> log.error("TFTP_XFER_FAILED {} to {}{} after {} bytes: {}", file, to, mac, bytes,
                        detail);
            }
        });
    }

    private void withMdc(Runnable logging) {
        MDC.put("client", Addresses.text(client));
        found.path().mac().ifPresent(mac -> MDC.put("mac", mac.toString()));
        try {
            logging.run();
        } finally {
            MDC.remove("client");
            MDC.remove("mac");
        }
    }
}
