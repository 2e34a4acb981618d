package io.tandem.common.daemon;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The datagrams Linux dropped at this process's UDP sockets because their receive buffer was
 * full. Java cannot ask for {@code SO_RXQ_OVFL}, but the kernel keeps a count per socket in the
 * last column ({@code drops}) of {@code /proc/net/udp6} and {@code /proc/net/udp}, a row per
 * socket with its local address and port and its inode. Read when metrics are asked for, never
 * per packet; nothing is read where there is no {@code /proc}.
 */
public final class KernelSocketDrops {
    private static final Path PROC = Path.of("/proc");

    /** One row of {@code /proc/net/udp6} or {@code /proc/net/udp}. */
    record Row(InetSocketAddress local, long inode, long drops) {
    }

    private KernelSocketDrops() {
    }

    /**
     * The drops of each of {@code sockets}, local addresses of sockets this process has bound (the
     * address bound, {@code ::} or {@code 0.0.0.0} included, and the port); a socket the kernel
     * does not show is left out, all of them where there is no {@code /proc}.
     */
    public static Map<InetSocketAddress, Long> of(Collection<InetSocketAddress> sockets) {
        return read(PROC, sockets);
    }

    static Map<InetSocketAddress, Long> read(Path proc, Collection<InetSocketAddress> sockets) {
        Map<InetSocketAddress, Long> drops = new LinkedHashMap<>();
        if (sockets.isEmpty() || !Files.isDirectory(proc.resolve("net"))) {
            return drops;
        }
        Set<Long> own = socketInodes(proc.resolve("self/fd"));
        List<Row> rows = new ArrayList<>();
        if (sockets.stream().anyMatch(socket -> !(socket.getAddress() instanceof Inet4Address))) {
            rows.addAll(table(proc.resolve("net/udp6")));
        }
        if (sockets.stream().anyMatch(socket -> socket.getAddress() instanceof Inet4Address)) {
            rows.addAll(table(proc.resolve("net/udp")));
        }
        for (InetSocketAddress socket : sockets) {
            byte[] address = socket.getAddress().getAddress();
            rows.stream().filter(row -> row.local.getPort() == socket.getPort()
                            && Arrays.equals(row.local.getAddress().getAddress(), address)
                            && (own.isEmpty() || own.contains(row.inode)))
                    .mapToLong(Row::drops).reduce(Long::sum)
                    .ifPresent(sum -> drops.put(socket, sum));
        }
        return drops;
    }

    private static List<Row> table(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The rows of a table, skipping its header. An address is written as 32-bit words, each in
     * hexadecimal of the word as it sits in memory: on a little-endian machine {@code ::1} is
     * {@code 00000000000000000000000001000000} and 127.0.0.1 is {@code 0100007F}.
     */
    static List<Row> parse(String table) {
        List<Row> rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 13 || !fields[0].endsWith(":")) {
                continue;
            }
            int colon = fields[1].indexOf(':');
            byte[] address = address(fields[1].substring(0, colon));
            int port = Integer.parseInt(fields[1].substring(colon + 1), 16);
            rows.add(new Row(new InetSocketAddress(ipAddress(address), port), Long.parseLong(fields[9]),
                    Long.parseLong(fields[fields.length - 1])));
        }
        return rows;
    }

    private static byte[] address(String hex) {
        ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2).order(ByteOrder.nativeOrder());
        for (int word = 0; word < hex.length(); word += 8) {
            bytes.putInt(Integer.parseUnsignedInt(hex.substring(word, word + 8), 16));
        }
        return bytes.array();
    }

    /** An IPv6 address stays one even when IPv4-mapped, so that it never matches an IPv4 socket. */
    private static InetAddress ipAddress(byte[] address) {
        try {
            return address.length == 16 ? Inet6Address.getByAddress(null, address, -1)
                    : InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address of " + address.length + " bytes", e);
        }
    }

    /**
     * The inodes of this process's sockets ({@code socket:[inode]} links in /proc/self/fd), so that
     * another process's socket on the same address ({@code SO_REUSEADDR}) is not counted; empty,
     * and no socket told apart, where they cannot be read.
     */
    private static Set<Long> socketInodes(Path fds) {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> links = Files.list(fds)) {
            links.forEach(link -> {
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException e) {
                    // closed while listed: not one of the sockets asked about
                }
            });
        } catch (IOException e) {
            return Set.of();
        }
        return inodes;
    }
}
