package io.tandem.common.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A socket on [::1], on each transport (epoll where it is available, and Java NIO): datagrams both
 * ways, many read at once and each whole, a too long one dropped, a multicast group joined, and
 * each way of failing to open one as a clear IOException.
 */
@Timeout(30)
class UdpEndpointTest {
    static final InetSocketAddress ANY_PORT = new InetSocketAddress(Addresses.parse6("::1"), 0);
    static final int BURST = 96;

    /** The transport under test, chosen by the event loop the endpoint is given. */
    enum Transport {
        EPOLL(EpollDatagramChannel.class),
        NIO(NioDatagramChannel.class);

        final Class<? extends DatagramChannel> channelType;

        Transport(Class<? extends DatagramChannel> channelType) {
            this.channelType = channelType;
        }

        EventLoopGroup newLoop() {
            if (this == EPOLL) {
                assumeTrue(Epoll.isAvailable(), () -> "no epoll here: " + Epoll.unavailabilityCause());
            }
            IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            return new MultiThreadIoEventLoopGroup(1, factory);
        }
    }

    EventLoopGroup loop;
    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    /** Read bursts seen: each ends with one channelReadComplete. */
    final AtomicInteger reads = new AtomicInteger();
    volatile Class<?> channelType;
    /** The buffers datagrams were sliced from: one per recvmmsg. */
    final Set<ByteBuf> readBuffers = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Echoes each datagram back to its sender, and keeps a copy. */
    private final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
            channelType = context.channel().getClass();
            if (packet.content().unwrap() != null) {
                readBuffers.add(packet.content().unwrap());
            }
            received.add(ByteBufUtil.getBytes(packet.content()));
            context.write(new DatagramPacket(packet.content().retain(), packet.sender()));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext context) {
            reads.incrementAndGet();
            context.flush();
        }
    }

    private UdpEndpoint bind(Transport transport, InetSocketAddress local, UdpEndpoint.Options options)
            throws IOException {
        if (loop == null) {
            loop = transport.newLoop();
        }
        return UdpEndpoint.bind("the test port", local, options, loop, new Echo());
    }

    @Test
    void theDaemonsEventLoopIsEpollWhereItIsAvailable() {
        EventLoopGroup daemonLoop = UdpEndpoint.newEventLoop();
        try {
            assertEquals(Epoll.isAvailable(), ((IoEventLoopGroup) daemonLoop).isIoType(EpollIoHandler.class));
        } finally {
            daemonLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void datagramsGoToTheHandlerAndAnswersComeBack(Transport transport) throws Exception {
        try (UdpEndpoint endpoint = bind(transport, ANY_PORT, UdpEndpoint.Options.unicast(1 << 16));
             DatagramSocket peer = new DatagramSocket(ANY_PORT)) {
            peer.setSoTimeout(5000);
            byte[] hello = {1, 2, 3};
            peer.send(new java.net.DatagramPacket(hello, hello.length, endpoint.localAddress()));
            java.net.DatagramPacket back = new java.net.DatagramPacket(new byte[16], 16);
            peer.receive(back);
            assertEquals(3, back.getLength());
            assertArrayEquals(hello, received.poll(5, TimeUnit.SECONDS));
            assertEquals(transport.channelType, channelType);

            byte[] pushed = {9};
            InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
            endpoint.send(pushed, to);
            peer.receive(back);
            assertEquals(9, back.getData()[0]);

            // From the event loop, sends are flushed together at the end of the loop's turn
            loop.execute(() -> {
                endpoint.send(new byte[] {10}, to);
                endpoint.send(new byte[] {11}, to);
            });
            peer.receive(back);
            assertEquals(10, back.getData()[0]);
            peer.receive(back);
            assertEquals(11, back.getData()[0]);
        }
    }

    /** Datagrams waiting in the socket when it is read are read many at a time, each whole. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBurstIsReadManyAtATimeEachWhole(Transport transport) throws Exception {
        try (UdpEndpoint endpoint = bind(transport, ANY_PORT, UdpEndpoint.Options.unicast(1 << 20));
             DatagramSocket peer = new DatagramSocket(ANY_PORT)) {
            sendBurstWhileTheLoopWaits(peer, endpoint);
            receiveBurstWhole();
            assertTrue(reads.get() <= BURST / UdpEndpoint.DATAGRAMS_PER_READ + 1,
                    BURST + " datagrams in " + reads.get() + " reads");
            if (transport == Transport.EPOLL) {
                assertTrue(readBuffers.size() <= BURST / UdpEndpoint.DATAGRAMS_PER_READ + 1,
                        BURST + " datagrams from " + readBuffers.size() + " recvmmsg calls");
            }
            assertEquals(0, endpoint.oversized());
        }
    }

    /**
     * A socket that reads more per wake-up than a burst holds takes it in fewer turns of the event
     * loop (channelReadCompletes) than the default's turn per {@code recvmmsg} (an empty second read
     * may follow, which the loop's turn accounting allows).
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSocketReadingMoreThanABurstTakesItInFewerTurns(Transport transport) throws Exception {
        try (UdpEndpoint endpoint = bind(transport, ANY_PORT, UdpEndpoint.Options.unicast(1 << 20).readingUpTo(2 * BURST));
             DatagramSocket peer = new DatagramSocket(ANY_PORT)) {
            sendBurstWhileTheLoopWaits(peer, endpoint);
            receiveBurstWhole();
            loop.submit(() -> null).get(5, TimeUnit.SECONDS); // after the turn that read them, its channelReadComplete
            assertTrue(reads.get() < BURST / UdpEndpoint.DATAGRAMS_PER_READ, BURST + " datagrams in " + reads.get()
                    + " turns");
        }
    }

    /**
     * Sends {@link #BURST} datagrams while the event loop is held, so that all of them wait in the
     * socket. The sending starts once the loop runs the task that holds it: woken for the task, a loop
     * looks at its sockets first, and on a busy machine it read the first datagrams one or two at a
     * time before it got to the task (CI: 96 datagrams from 34 {@code recvmmsg} calls).
     */
    private void sendBurstWhileTheLoopWaits(DatagramSocket peer, UdpEndpoint endpoint)
            throws IOException, InterruptedException {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        CountDownLatch held = new CountDownLatch(1);
        loop.execute(() -> {
            held.countDown();
            sent.join();
        });
        assertTrue(held.await(5, TimeUnit.SECONDS), "the event loop ran the task that holds it");
        for (int i = 0; i < BURST; i++) {
            byte[] datagram = new byte[length(i)];
            Arrays.fill(datagram, (byte) i);
            peer.send(new java.net.DatagramPacket(datagram, datagram.length, endpoint.localAddress()));
        }
        awaitQueued(endpoint.localAddress().getPort());
        sent.complete(null);
    }

    /**
     * Waits until the socket on {@code port} holds what was sent: a busy machine delivers loopback
     * datagrams later than send returns, and one that arrives after the first read makes a turn more.
     * Its queue in {@code /proc/net/udp6} is nonzero and no longer growing.
     */
    private static void awaitQueued(int port) throws IOException {
        String local = String.format(":%04X ", port);
        long previous = -1;
        for (int look = 0; look < 250; look++) {
            long queued = Files.readAllLines(Path.of("/proc/net/udp6")).stream()
                    .map(String::trim).filter(line -> line.split("\\s+")[1].endsWith(local.trim()))
                    .mapToLong(line -> Long.parseLong(line.split("\\s+")[4].split(":")[1], 16)).sum();
            if (queued > 0 && queued == previous) {
                return;
            }
            previous = queued;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The burst's datagrams arrived in order, each whole. */
    private void receiveBurstWhole() throws InterruptedException {
        for (int i = 0; i < BURST; i++) {
            byte[] datagram = received.poll(5, TimeUnit.SECONDS);
            assertTrue(datagram != null, "datagram " + i + " arrived");
            assertEquals(length(i), datagram.length);
            assertEquals((byte) i, datagram[0]);
            assertEquals((byte) i, datagram[datagram.length - 1]);
        }
    }

    /** A burst's datagrams: the first and last as long as one can be, the others short, to fit the buffer. */
    private static int length(int index) {
        return index == 0 || index == BURST - 1 ? UdpEndpoint.MAX_DATAGRAM : 100 + index;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aDatagramLongerThanTheMaximumIsDroppedAndCountedNotCutShort(Transport transport) throws Exception {
        try (UdpEndpoint endpoint = bind(transport, ANY_PORT, UdpEndpoint.Options.unicast(1 << 16));
             DatagramSocket peer = new DatagramSocket(ANY_PORT)) {
            byte[] tooLong = new byte[UdpEndpoint.MAX_DATAGRAM + 1];
            peer.send(new java.net.DatagramPacket(tooLong, tooLong.length, endpoint.localAddress()));
            byte[] next = {7};
            peer.send(new java.net.DatagramPacket(next, next.length, endpoint.localAddress()));
            assertArrayEquals(next, received.poll(5, TimeUnit.SECONDS));
            assertEquals(1, endpoint.oversized());
            assertTrue(received.isEmpty());
        }
    }

    /**
     * The group is joined on each interface given, as the kernel's table of IPv6 memberships shows
     * (lo sends no multicast, so none can be received on it), and left when the socket closes.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aMulticastGroupIsJoinedOnEachInterface(Transport transport) throws Exception {
        Path memberships = Path.of("/proc/net/igmp6");
        assumeTrue(Files.isReadable(memberships), "no " + memberships);
        // A group of this test's own, so that no other socket on the machine is in it
        int tag = ThreadLocalRandom.current().nextInt(1, 0xffff);
        Inet6Address group = Addresses.parse6("ff02::7a:" + Integer.toHexString(tag));
        String joined = "lo " + HexFormat.of().formatHex(group.getAddress());
        try (UdpEndpoint endpoint = bind(transport, new InetSocketAddress(Addresses.parse6("::"), 0),
                UdpEndpoint.Options.multicast(group, List.of("lo"), 0))) {
            assertTrue(Files.readString(memberships).replaceAll(" +", " ").contains(joined), joined);
            assertTrue(endpoint.localAddress().getPort() > 0);
        }
        eventually("left on close", () -> !Files.readString(memberships).replaceAll(" +", " ").contains(joined));
    }

    /**
     * Waits for what closing a socket does: NIO closes a socket registered with a selector only
     * once the selector lets go of it, just after {@code close()} has returned.
     */
    private static void eventually(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.call()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTakenPortIsAnIoExceptionThatNamesTheSocket(Transport transport) throws Exception {
        try (DatagramSocket taken = new DatagramSocket(ANY_PORT)) {
            InetSocketAddress address = (InetSocketAddress) taken.getLocalSocketAddress();
            IOException e = assertThrows(IOException.class,
                    () -> bind(transport, address, UdpEndpoint.Options.unicast(0)));
            assertTrue(e.getMessage().startsWith("cannot bind the test port [::1]:" + address.getPort() + ": "),
                    e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anInterfaceThatDoesNotExistIsAnIoExceptionAndLeavesThePortFree(Transport transport) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(ANY_PORT)) {
            port = probe.getLocalPort();
        }
        InetSocketAddress address = new InetSocketAddress(Addresses.parse6("::1"), port);
        IOException e = assertThrows(IOException.class, () -> bind(transport, address,
                UdpEndpoint.Options.multicast(Addresses.parse6("ff02::1:2"), List.of("nosuch0"), 0)));
        assertEquals("the test port [::1]:" + port + ": interface nosuch0 does not exist", e.getMessage());
        eventually("the port is free", () -> {
            try (DatagramSocket again = new DatagramSocket(address)) {
                return true;
            } catch (BindException stillTaken) {
                return false;
            }
        });
    }
}
