package io.tandem.common.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.common.config.LeaseDatabaseConfig.Durability;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LeaseSamples;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease commit over a real lease file and an {@link EmbeddedChannel} as the socket: no reply
 * is written before its rows are in the file, in either durability, and refusals are counted by
 * reason. A full disk for real: the daemons' {@code FullDiskIT}.
 */
class LeaseCommitTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path directory;

    Path path;
    LeaseFile<Lease6> file;
    EmbeddedChannel socket = new EmbeddedChannel();
    /** What the released replies wrote, in order: the row's address. */
    List<String> released = new ArrayList<>();
    Map<LeaseCommit.Refusal, Integer> refused = new EnumMap<>(LeaseCommit.Refusal.class);

    @BeforeEach
    void open() throws Exception {
        path = directory.resolve("leases6.csv");
        file = LeaseFile.open(path, LeaseCsv6.INSTANCE);
    }

    @AfterEach
    void close() throws Exception {
        file.close();
        socket.finishAndReleaseAll();
    }

    private static Lease6 row(int n) {
        return LeaseSamples.lease6("2001:db8::" + Integer.toHexString(n), "000300015254001234" + String.format("%02x", n % 256), n);
    }

    private List<String> inFile() throws Exception {
        return LeaseFile.load(path, LeaseCsv6.INSTANCE).leases().stream().map(lease -> lease.address().getHostAddress())
                .toList();
    }

    /** A lease file refuses no row, so no query is served again. */
    private static final Runnable NEVER_SERVED_AGAIN = () -> fail("a lease file refused a row");

    /** Holds a reply for {@code row} whose release writes its address on the socket. */
    private void hold(LeaseCommit<Lease6>.Burst burst, Lease6 row) {
        String address = row.address().getHostAddress();
        burst.hold(List.of(row), socket, () -> {
            assertTrue(inFileUnchecked().contains(address), "released only once its row is in the file");
            released.add(address);
            socket.write(address);
        }, NEVER_SERVED_AGAIN);
    }

    private List<String> inFileUnchecked() {
        try {
            return inFile();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private LeaseCommit<Lease6>.Burst burst(LeaseCommit<Lease6> commit) {
        return commit.newBurst((reason, replies) -> refused.merge(reason, replies, Integer::sum));
    }

    @Test
    void writeRecordsTheBurstWithOneAppendAtItsEndThenFlushesItsReplies() throws Exception {
        LeaseCommit<Lease6> commit = LeaseCommit.to(file, Durability.WRITE, "TEST");
        LeaseCommit<Lease6>.Burst burst = burst(commit);
        hold(burst, row(1));
        hold(burst, row(2));
        assertEquals(List.of(), inFile(), "nothing is written while the burst is read");
        assertEquals(List.of(), released);

        burst.end();
        assertEquals(List.of("2001:db8:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:2"), released);
        assertEquals("2001:db8:0:0:0:0:0:1", socket.readOutbound(), "written and flushed");
        assertEquals("2001:db8:0:0:0:0:0:2", socket.readOutbound());
        assertTrue(commit.health().ok());
        commit.close();
    }

    @Test
    void fsyncHandsTheBurstToTheWriterWhichReleasesItOnTheSocketsLoop() throws Exception {
        EventLoopGroup loop = UdpEndpoint.newEventLoop();
        AtomicReference<Channel> udp = new AtomicReference<>();
        List<Boolean> rowWasInFile = new CopyOnWriteArrayList<>();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             UdpEndpoint server = UdpEndpoint.bind("the test port", new InetSocketAddress(LOOPBACK, 0),
                     UdpEndpoint.Options.unicast(0), loop, new Capture(udp));
             LeaseCommit<Lease6> commit = LeaseCommit.to(file, Durability.FSYNC, "TEST")) {
            client.setSoTimeout(5000);
            LeaseCommit<Lease6>.Burst burst = burst(commit);
            Lease6 row = row(1);
            udp.get().eventLoop().submit(() -> {
                burst.hold(List.of(row), udp.get(), () -> {
                    rowWasInFile.add(inFileUnchecked().contains(row.address().getHostAddress()));
                    udp.get().write(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {1}),
                            (InetSocketAddress) client.getLocalSocketAddress()));
                }, NEVER_SERVED_AGAIN);
                burst.end();
            }).sync();
            java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[16], 16);
            client.receive(reply);
            assertEquals(1, reply.getLength(), "the reply left, flushed by the release");
            assertEquals(List.of(true), rowWasInFile, "released only once its row was in the file");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Hands over the channel it is added to. */
    @ChannelHandler.Sharable
    private static final class Capture extends ChannelInboundHandlerAdapter {
        private final AtomicReference<Channel> channel;

        Capture(AtomicReference<Channel> channel) {
            this.channel = channel;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            channel.set(context.channel());
        }
    }

    @Test
    void fsyncRefusesWhatDoesNotFitInTheQueue() throws Exception {
        try (LeaseCommit<Lease6> commit = LeaseCommit.to(file, Durability.FSYNC, "TEST")) {
            LeaseCommit<Lease6>.Burst burst = burst(commit);
            for (int n = 1; n <= LeaseCommit.QUEUE_CAPACITY + 3; n++) {
                burst.hold(List.of(row(n)), socket, () -> released.add("late"), NEVER_SERVED_AGAIN);
            }
            burst.end();
            assertEquals(Map.of(LeaseCommit.Refusal.QUEUE_FULL, 3), refused);
        }
        assertEquals(LeaseCommit.QUEUE_CAPACITY, inFile().size(), "the writer records what it admitted before it stops");
        socket.runPendingTasks();
        assertEquals(LeaseCommit.QUEUE_CAPACITY, released.size());
    }

    @Test
    void rowsThatCannotBeWrittenRefuseTheirRepliesAndDegradeHealth() throws Exception {
        LeaseCommit<Lease6> commit = LeaseCommit.to(file, Durability.WRITE, "TEST");
        LeaseCommit<Lease6>.Burst burst = burst(commit);
        file.close();
        hold(burst, row(1));
        hold(burst, row(2));
        burst.end();
        assertEquals(List.of(), released);
        assertNull(socket.readOutbound());
        assertEquals(Map.of(LeaseCommit.Refusal.NOT_RECORDED, 2), refused);
        assertFalse(commit.health().ok());
        assertTrue(commit.health().degradedBecause().orElseThrow().contains(path.toString()));
    }

    @Test
    void inMemoryReleasesAtOnce() {
        LeaseCommit<Lease6>.Burst burst = burst(LeaseCommit.inMemory());
        burst.hold(List.of(row(1)), socket, () -> released.add("now"), NEVER_SERVED_AGAIN);
        assertEquals(List.of("now"), released);
    }
}
