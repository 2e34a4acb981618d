package io.tandem.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator's self-check: a trivial server that answers each query at once, to the address it
 * came from, with as little work as a server can do. Solicit gets an Advertise and Request a Reply
 * (one address in the IA_NA, a fixed server id), Rebind a Reply with the address it names; a
 * DHCPV4-QUERY's DISCOVER gets an OFFER and its REQUEST an ACK (yiaddr from the xid, or the ciaddr
 * of a renewing or rebinding client, a fixed server identifier); Relay-Forward layers come back
 * as Relay-Reply with their options. Nothing is checked: it serves the generator's own templates.
 */
final class Reflector implements AutoCloseable {
    private static final byte[] SERVER_DUID = {0, 3, 0, 1, 2, 0, 0, 0, 0, (byte) 0xfe};
    /** The Advertise's address: 2001:db8:: with the transaction id in its last three bytes. */
    private static final byte[] ADDRESS_PREFIX = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] SERVER_ID4 = {(byte) 192, 0, 2, 1};

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Binds {@code bind} with {@code threads} sockets (SO_REUSEPORT: the kernel spreads the
     * generator's source ports over them) and answers on each from a daemon thread of its own.
     */
    Reflector(InetSocketAddress bind, int threads) throws IOException {
        try {
            InetSocketAddress address = bind;
            for (int i = 0; i < threads; i++) {
                DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6);
                channels.add(channel);
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
                channel.setOption(StandardSocketOptions.SO_SNDBUF, 8 << 20);
                channel.bind(address);
                address = (InetSocketAddress) channel.getLocalAddress();
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        for (DatagramChannel channel : channels) {
            Thread thread = new Thread(() -> serve(channel), "dhcp-load-reflector-" + this.threads.size());
            thread.setDaemon(true);
            this.threads.add(thread);
            thread.start();
        }
    }

    int port() throws IOException {
        return ((InetSocketAddress) channels.get(0).getLocalAddress()).getPort();
    }

    /** The CPU time its threads have used. */
    long cpuNanos() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return threads.stream().mapToLong(thread -> Math.max(0, bean.getThreadCpuTime(thread.getId()))).sum();
    }

    /** Waits until the sockets are closed (by a signal ending the process). */
    void join() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void serve(DatagramChannel channel) {
        ByteBuffer in = ByteBuffer.allocate(65_536);
        ByteBuffer out = ByteBuffer.allocate(65_536);
        try {
            while (true) {
                in.clear();
                SocketAddress from = channel.receive(in);
                int length = answer(in.array(), in.position(), out.array());
                if (length > 0) {
                    out.clear().limit(length);
                    channel.send(out, from);
                }
            }
        } catch (ClosedChannelException e) {
            // Closed: done.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer to the query in {@code in[0, length)}, written to {@code out}: its length, 0 for none. */
    static int answer(byte[] in, int length, byte[] out) {
        return message(in, 0, length, out, 0);
    }

    /** Writes the answer to the message at {@code in[from, end)} at {@code out[at]}; returns where it ends, or at when none. */
    private static int message(byte[] in, int from, int end, byte[] out, int at) {
        if (end - from < Wire.HEADER6) {
            return at;
        }
        return switch (in[from] & 0xff) {
            case Wire.RELAY_FORW -> relay(in, from, end, out, at);
            case 1, 3, 6 -> clientServer(in, from, end, out, at);
            case 20 -> dhcpv4(in, from, end, out, at);
            default -> at;
        };
    }

    private static int relay(byte[] in, int from, int end, byte[] out, int at) {
        if (end - from < Wire.RELAY_HEADER6) {
            return at;
        }
        System.arraycopy(in, from, out, at, Wire.RELAY_HEADER6);
        out[at] = Wire.RELAY_REPL;
        int write = at + Wire.RELAY_HEADER6;
        for (int option = from + Wire.RELAY_HEADER6; option + 4 <= end; option += 4 + Wire.length6(in, option)) {
            int length = Wire.length6(in, option);
            if (Wire.u16(in, option) == 9) {
                Wire.putU16(out, write, 9);
                int inner = message(in, option + 4, option + 4 + length, out, write + 4);
                if (inner == write + 4) {
                    return at;
                }
                Wire.putU16(out, write + 2, inner - write - 4);
                write = inner;
            } else {
                System.arraycopy(in, option, out, write, 4 + length);
                write += 4 + length;
            }
        }
        return write;
    }

    /**
     * Advertise or Reply: the query's options, its IA_NA given an address (a Rebind's own, else one
     * from the transaction id), and a server id.
     */
    private static int clientServer(byte[] in, int from, int end, byte[] out, int at) {
        out[at] = (byte) (in[from] == 1 ? 2 : 7);
        System.arraycopy(in, from + 1, out, at + 1, 3);
        int write = at + Wire.HEADER6;
        for (int option = from + Wire.HEADER6; option + 4 <= end; option += 4 + Wire.length6(in, option)) {
            int code = Wire.u16(in, option);
            if (code == 3) {
                Wire.putU16(out, write, 3);
                Wire.putU16(out, write + 2, 12 + 28);
                System.arraycopy(in, option + 4, out, write + 4, 12);
                Wire.putU16(out, write + 16, 5);
                Wire.putU16(out, write + 18, 24);
                if (in[from] == 6 && Wire.length6(in, option) >= 12 + 20) {
                    System.arraycopy(in, option + 20, out, write + 20, 16);
                } else {
                    System.arraycopy(ADDRESS_PREFIX, 0, out, write + 20, 13);
                    System.arraycopy(in, from + 1, out, write + 33, 3);
                }
                Wire.putU32(out, write + 36, 3600);
                Wire.putU32(out, write + 40, 7200);
                write += 44;
            } else if (code != 2) {
                int length = 4 + Wire.length6(in, option);
                System.arraycopy(in, option, out, write, length);
                write += length;
            }
        }
        Wire.putU16(out, write, 2);
        Wire.putU16(out, write + 2, SERVER_DUID.length);
        System.arraycopy(SERVER_DUID, 0, out, write + 4, SERVER_DUID.length);
        return write + 4 + SERVER_DUID.length;
    }

    /** DHCPV4-RESPONSE: the DHCPv4 message made an OFFER or ACK with an address and a server identifier. */
    private static int dhcpv4(byte[] in, int from, int end, byte[] out, int at) {
        int option = Wire.option6(in, from + Wire.HEADER6, end, 87);
        if (option < 0 || Wire.length6(in, option) < Wire.OPTIONS4) {
            return at;
        }
        int message = option + 4;
        int messageEnd = message + Wire.length6(in, option);
        out[at] = 21;
        Wire.putU24(out, at + 1, 0);
        Wire.putU16(out, at + 4, 87);
        int reply = at + 8;
        System.arraycopy(in, message, out, reply, Wire.OPTIONS4);
        out[reply] = 2;
        if (Wire.u32(in, message + Wire.CIADDR4) != 0) {
            System.arraycopy(in, message + Wire.CIADDR4, out, reply + Wire.YIADDR4, 4);
        } else {
            out[reply + Wire.YIADDR4] = 10;
            System.arraycopy(in, message + Wire.XID4 + 1, out, reply + Wire.YIADDR4 + 1, 3);
        }
        int write = reply + Wire.OPTIONS4;
        for (int at4 = message + Wire.OPTIONS4; at4 < messageEnd && (in[at4] & 0xff) != 255; ) {
            int code = in[at4] & 0xff;
            if (code == 0) {
                at4++;
                continue;
            }
            int length = 2 + (in[at4 + 1] & 0xff);
            if (code == 53) {
                out[write] = 53;
                out[write + 1] = 1;
                out[write + 2] = (byte) (in[at4 + 2] == 1 ? 2 : 5);
                write += 3;
            } else if (code != 50 && code != 54) {
                System.arraycopy(in, at4, out, write, length);
                write += length;
            }
            at4 += length;
        }
        out[write] = 54;
        out[write + 1] = 4;
        System.arraycopy(SERVER_ID4, 0, out, write + 2, 4);
        out[write + 6] = (byte) 255;
        write += 7;
        Wire.putU16(out, at + 6, write - reply);
        return write;
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel channel : channels) {
            channel.close();
        }
    }
}
