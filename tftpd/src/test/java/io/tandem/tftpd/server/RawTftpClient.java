package io.tandem.tftpd.server;

import io.tandem.common.wire.DecodeException;
import io.tandem.tftpd.wire.Ack;
import io.tandem.tftpd.wire.Data;
import io.tandem.tftpd.wire.OptionAck;
import io.tandem.tftpd.wire.ReadRequest;
import io.tandem.tftpd.wire.TftpCodec;
import io.tandem.tftpd.wire.TftpError;
import io.tandem.tftpd.wire.TftpPacket;
import io.tandem.tftpd.wire.TftpOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * A TFTP client on a bare socket, for what commons-net's client cannot do: options, windows,
 * EDK2's size probe, packets from a foreign port, silence. Built on the codec under test, but
 * the downloads it makes are compared with the files' bytes.
 */
final class RawTftpClient implements AutoCloseable {
    private final DatagramSocket socket;

    RawTftpClient() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("::1", 0));
        socket.setSoTimeout(3000);
        socket.setReceiveBufferSize(1 << 20);
    }

    record Received(TftpPacket packet, InetSocketAddress from) {
    }

    /** What a download saw: the OACK if there was one, the bytes, and the server's transfer port. */
    record Download(Optional<OptionAck> optionAck, byte[] bytes, InetSocketAddress transferId, int packets) {
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(TftpPacket packet, InetSocketAddress to) throws IOException {
        sendRaw(TftpCodec.encode(packet), to);
    }

    void sendRaw(byte[] bytes, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    Received receive() throws IOException {
        return receive(Duration.ofSeconds(3)).orElseThrow(() -> new SocketTimeoutException("nothing received"));
    }

    /** The next packet within {@code wait}, or empty. */
    Optional<Received> receive(Duration wait) throws IOException {
        byte[] buffer = new byte[70_000];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            socket.receive(datagram);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        byte[] bytes = new byte[datagram.getLength()];
        System.arraycopy(buffer, 0, bytes, 0, bytes.length);
        try {
            return Optional.of(new Received(TftpCodec.decode(bytes),
                    (InetSocketAddress) datagram.getSocketAddress()));
        } catch (DecodeException e) {
            throw new IOException("the server sent a malformed packet", e);
        }
    }

    /**
     * Sends {@code request} and downloads the file the way RFC 7440 receivers do: ACK 0 after an
     * OACK, an ACK at the end of each window, an ACK of the last block in order when one is missing.
     */
    Download download(InetSocketAddress server, ReadRequest request) throws IOException {
        send(request, server);
        Received first = receive();
        InetSocketAddress transferId = first.from();
        int blockSize = 512;
        int windowSize = 1;
        Optional<OptionAck> optionAck = Optional.empty();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Received next = first;
        if (first.packet() instanceof OptionAck oack) {
            optionAck = Optional.of(oack);
            blockSize = oack.option("blksize").map(TftpOption::value).map(Integer::parseInt).orElse(512);
            windowSize = oack.option("windowsize").map(TftpOption::value).map(Integer::parseInt).orElse(1);
            send(new Ack(0), transferId);
            next = receive();
        }
        int expected = 1;
        int inWindow = 0;
        int packets = 0;
        while (true) {
            if (next.packet() instanceof TftpError error) {
                throw new IOException("ERROR " + error.code() + ": " + error.message());
            }
            if (!next.from().equals(transferId)) {
                throw new IOException("a packet from " + next.from() + ", not " + transferId);
            }
            Data data = (Data) next.packet();
            packets++;
            if (data.block() == expected) {
                bytes.writeBytes(data.data().toArray());
                inWindow++;
                if (data.data().length() < blockSize) {
                    send(new Ack(data.block()), transferId);
                    return new Download(optionAck, bytes.toByteArray(), transferId, packets);
                }
                if (inWindow == windowSize) {
                    send(new Ack(data.block()), transferId);
                    inWindow = 0;
                }
                expected = (expected + 1) & 0xffff;
            } else {
                send(new Ack((expected - 1) & 0xffff), transferId);
                inWindow = 0;
            }
            next = receive();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
