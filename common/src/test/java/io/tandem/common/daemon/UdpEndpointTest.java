package io.tandem.common.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A socket on [::1]: datagrams both ways, and each way of failing to open one as a clear IOException. */
@Timeout(30)
class UdpEndpointTest {
    static final InetSocketAddress ANY_PORT = new InetSocketAddress(Addresses.parse6("::1"), 0);

    final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Echoes each datagram back to its sender, and keeps a copy. */
    private final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
            byte[] bytes = ByteBufUtil.getBytes(packet.content());
            received.add(bytes);
            context.writeAndFlush(new DatagramPacket(packet.content().retain(), packet.sender()));
        }
    }

    @Test
    void datagramsGoToTheHandlerAndAnswersComeBack() throws Exception {
        try (UdpEndpoint endpoint = UdpEndpoint.bind("the test port", ANY_PORT,
                UdpEndpoint.Options.unicast(1 << 16), loop, new Echo());
             DatagramSocket peer = new DatagramSocket(ANY_PORT)) {
            peer.setSoTimeout(5000);
            byte[] hello = {1, 2, 3};
            peer.send(new java.net.DatagramPacket(hello, hello.length, endpoint.localAddress()));
            java.net.DatagramPacket back = new java.net.DatagramPacket(new byte[16], 16);
            peer.receive(back);
            assertEquals(3, back.getLength());
            assertArrayEquals(hello, received.poll(5, TimeUnit.SECONDS));

            byte[] pushed = {9};
            endpoint.send(pushed, (InetSocketAddress) peer.getLocalSocketAddress());
            peer.receive(back);
            assertEquals(9, back.getData()[0]);
        }
    }

    @Test
    void aTakenPortIsAnIoExceptionThatNamesTheSocket() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(ANY_PORT)) {
            InetSocketAddress address = (InetSocketAddress) taken.getLocalSocketAddress();
            IOException e = assertThrows(IOException.class, () -> UdpEndpoint.bind("the test port", address,
                    UdpEndpoint.Options.unicast(0), loop, new Echo()));
            assertTrue(e.getMessage().startsWith("cannot bind the test port [::1]:" + address.getPort() + ": "),
                    e.getMessage());
        }
    }

    @Test
    void anInterfaceThatDoesNotExistIsAnIoExceptionAndLeavesThePortFree() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(ANY_PORT)) {
            port = probe.getLocalPort();
        }
        InetSocketAddress address = new InetSocketAddress(Addresses.parse6("::1"), port);
        IOException e = assertThrows(IOException.class, () -> UdpEndpoint.bind("the test port", address,
                UdpEndpoint.Options.multicast(Addresses.parse6("ff02::1:2"), List.of("nosuch0"), 0), loop,
                new Echo()));
        assertEquals("the test port [::1]:" + port + ": interface nosuch0 does not exist", e.getMessage());
        new DatagramSocket(address).close();
    }
}
