package io.tandem.common.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.tandem.common.wire.Addresses;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's per-socket drop counts, read from /proc/net/udp6 and /proc/net/udp. */
@Timeout(30)
class KernelSocketDropsTest {
    /** Captured on a little-endian machine: [::]:48325, [::]:49863 and [::1]:55140, which dropped 199. */
    static final String UDP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
             9507: 00000000000000000000000000000000:BCC5 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 444292 2 000000007b104804 0
            11045: 00000000000000000000000000000000:C2C7 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 444293 2 00000000869954c4 0
            16322: 00000000000000000000000001000000:D764 00000000000000000000000000000000:0000 07 00000000:00000900 00:00000000 00000000     0        0 444290 2 00000000355f831a 199
            """;
    /** The same moment's /proc/net/udp: 127.0.0.1:55021. */
    static final String UDP = """
               sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops           \s
            16203: 0100007F:D6ED 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 444291 2 00000000187a6984 0       \s
            """;

    static InetSocketAddress socket(String address, int port) {
        return new InetSocketAddress(address.contains(":") ? Addresses.parse6(address) : Addresses.parse4(address),
                port);
    }

    @Test
    void eachRowGivesItsLocalAddressInodeAndDrops() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the sample was captured little-endian");

        assertEquals(List.of(new KernelSocketDrops.Row(socket("::", 48325), 444292, 0),
                new KernelSocketDrops.Row(socket("::", 49863), 444293, 0),
                new KernelSocketDrops.Row(socket("::1", 55140), 444290, 199)), KernelSocketDrops.parse(UDP6));
        assertEquals(List.of(new KernelSocketDrops.Row(socket("127.0.0.1", 55021), 444291, 0)),
                KernelSocketDrops.parse(UDP));
    }

    @Test
    void socketsAreFoundInTheTableOfTheirFamily(@TempDir Path proc) throws Exception {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the sample was captured little-endian");
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/udp6"), UDP6);
        Files.writeString(proc.resolve("net/udp"), UDP);

        assertEquals(Map.of(socket("::1", 55140), 199L, socket("127.0.0.1", 55021), 0L),
                KernelSocketDrops.read(proc, List.of(socket("::1", 55140), socket("127.0.0.1", 55021),
                        socket("::1", 547))));
    }

    @Test
    void withoutProcNothingIsRead(@TempDir Path empty) {
        assertEquals(Map.of(), KernelSocketDrops.read(empty, List.of(socket("::1", 547))));
    }

    /** Nobody reads a socket with the smallest receive buffer: a flood on loopback overflows it, and the count says so. */
    @Test
    void aFullReceiveBufferIsCounted() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/udp6")), "Linux's /proc/net/udp6");
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (UdpEndpoint endpoint = UdpEndpoint.bind("the test port", socket("::1", 0),
                UdpEndpoint.Options.unicast(1), loop, new NeverRead());
             DatagramSocket sender = new DatagramSocket(socket("::1", 0))) {
            InetSocketAddress local = endpoint.localAddress();
            assertEquals(Map.of(local, 0L), KernelSocketDrops.of(List.of(local)));
            byte[] datagram = new byte[1000];
            for (int i = 0; i < 200; i++) {
                sender.send(new DatagramPacket(datagram, datagram.length, local));
            }
            long drops = 0;
            for (int tries = 0; tries < 50 && drops == 0; tries++) {
                drops = KernelSocketDrops.of(List.of(local)).getOrDefault(local, 0L);
                Thread.sleep(100);
            }
            assertTrue(drops > 0, "no drop counted at " + local);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Stops the channel reading before it is bound, so the kernel's buffer is all there is. */
    private static final class NeverRead extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            context.channel().config().setAutoRead(false);
        }
    }
}
