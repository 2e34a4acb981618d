package io.tandem.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough of the pcap format for the tests: reading the UDP datagrams of a capture (Ethernet,
 * Linux cooked or loopback framing; IPv6 or IPv4), and writing datagrams as IPv6/UDP or IPv4/UDP
 * frames for tshark to decode.
 */
public final class Pcap {
    private static final int LINKTYPE_NULL = 0;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_RAW = 101;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_LINUX_SLL2 = 276;

    private Pcap() {
    }

    /** One UDP datagram of a capture, with its addresses as text. */
    public record Datagram(int frame, String source, int sourcePort, String destination, int destinationPort,
            byte[] payload) {
    }

    public static List<Datagram> readUdp(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = in.getInt();
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new IOException(file + " is not a pcap file");
        }
        in.position(20);
        int linkType = in.getInt() & 0xffff;
        List<Datagram> datagrams = new ArrayList<>();
        int frame = 0;
        while (in.remaining() >= 16) {
            frame++;
            in.getInt();
            in.getInt();
            int captured = in.getInt();
            in.getInt();
            byte[] data = new byte[captured];
            in.get(data);
            Datagram datagram = udp(frame, data, linkType);
            if (datagram != null) {
                datagrams.add(datagram);
            }
        }
        return datagrams;
    }

    private static Datagram udp(int frame, byte[] data, int linkType) {
        ByteBuffer b = ByteBuffer.wrap(data);
        int etherType;
        switch (linkType) {
            case LINKTYPE_ETHERNET -> {
                b.position(12);
                etherType = b.getShort() & 0xffff;
                if (etherType == 0x8100) {
                    b.getShort();
                    etherType = b.getShort() & 0xffff;
                }
            }
            case LINKTYPE_LINUX_SLL -> {
                b.position(14);
                etherType = b.getShort() & 0xffff;
            }
            case LINKTYPE_LINUX_SLL2 -> {
                etherType = b.getShort() & 0xffff;
                b.position(20);
            }
            case LINKTYPE_NULL -> {
                int family = b.order(ByteOrder.LITTLE_ENDIAN).getInt();
                b.order(ByteOrder.BIG_ENDIAN);
                etherType = family == 2 ? 0x0800 : 0x86dd;
            }
            case LINKTYPE_RAW -> etherType = (data[0] & 0xf0) == 0x60 ? 0x86dd : 0x0800;
            default -> throw new IllegalArgumentException("link type " + linkType + " is not supported");
        }
        int start = b.position();
        String source;
        String destination;
        int udpStart;
        if (etherType == 0x86dd) {
            if ((data[start + 6] & 0xff) != 17) {
                return null;
            }
            source = address(data, start + 8, 16);
            destination = address(data, start + 24, 16);
            udpStart = start + 40;
        } else if (etherType == 0x0800) {
            if ((data[start + 9] & 0xff) != 17) {
                return null;
            }
            source = address(data, start + 12, 4);
            destination = address(data, start + 16, 4);
            udpStart = start + (data[start] & 0x0f) * 4;
        } else {
            return null;
        }
        ByteBuffer udp = ByteBuffer.wrap(data, udpStart, 8);
        int sourcePort = udp.getShort() & 0xffff;
        int destinationPort = udp.getShort() & 0xffff;
        int length = udp.getShort() & 0xffff;
        return new Datagram(frame, source, sourcePort, destination, destinationPort,
                Arrays.copyOfRange(data, udpStart + 8, udpStart + length));
    }

    private static String address(byte[] data, int at, int length) {
        try {
            return io.tandem.common.wire.Addresses.text(
                    java.net.InetAddress.getByAddress(Arrays.copyOfRange(data, at, at + length)));
        } catch (java.net.UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** Writes each payload as a UDP datagram in a raw-IP pcap: IPv6 between ports 546 and 547, or IPv4 68→67. */
    public static void writeUdp(Path file, List<byte[]> payloads, boolean ipv6, int sourcePort, int destinationPort)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144)
                .putInt(LINKTYPE_RAW);
        out.write(header.array());
        int seconds = 1_700_000_000;
        for (byte[] payload : payloads) {
            byte[] packet = ipv6 ? ipv6Udp(payload, sourcePort, destinationPort) : ipv4Udp(payload, sourcePort,
                    destinationPort);
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(seconds++).putInt(0).putInt(packet.length).putInt(packet.length);
            out.write(record.array());
            out.write(packet);
        }
        Files.write(file, out.toByteArray());
    }

    private static byte[] ipv6Udp(byte[] payload, int sourcePort, int destinationPort) {
        int udpLength = 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(40 + udpLength);
        b.putInt(0x60000000).putShort((short) udpLength).put((byte) 17).put((byte) 64);
        byte[] source = new byte[16];
        source[0] = (byte) 0xfe;
        source[1] = (byte) 0x80;
        source[15] = 1;
        byte[] destination = source.clone();
        destination[15] = 2;
        b.put(source).put(destination);
        int udpStart = b.position();
        b.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) udpLength).putShort((short) 0);
        b.put(payload);
        // RFC 8200 §8.1: the UDP checksum is mandatory over IPv6.
        long sum = sum(source) + sum(destination) + udpLength + 17 + sum(Arrays.copyOfRange(b.array(), udpStart,
                b.array().length));
        b.putShort(udpStart + 6, (short) checksum(sum));
        return b.array();
    }

    private static byte[] ipv4Udp(byte[] payload, int sourcePort, int destinationPort) {
        int udpLength = 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(20 + udpLength);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udpLength)).putInt(0).put((byte) 64).put((byte) 17)
                .putShort((short) 0).put(new byte[] {(byte) 192, 0, 2, 1}).put(new byte[] {(byte) 192, 0, 2, 2});
        b.putShort(10, (short) checksum(sum(Arrays.copyOfRange(b.array(), 0, 20))));
        b.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) udpLength).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    private static long sum(byte[] data) {
        long sum = 0;
        for (int i = 0; i < data.length; i += 2) {
            sum += (data[i] & 0xff) << 8 | (i + 1 < data.length ? data[i + 1] & 0xff : 0);
        }
        return sum;
    }

    private static int checksum(long sum) {
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int value = (int) ~sum & 0xffff;
        return value == 0 ? 0xffff : value;
    }
}
