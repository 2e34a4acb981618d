package io.tandem.dhcp6d.kea;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * UDP sockets inside a network namespace, driven line by line over stdin and stdout by a test
 * outside it (a JVM cannot move its own sockets into another namespace). Started as
 * {@code ip netns exec NS java -cp TEST_CLASSES io.tandem.dhcp6d.kea.NetnsSockets}; uses the JDK only.
 *
 * <pre>
 * open ADDR PORT                 → ok ID LOCAL_PORT
 * send ID DST_ADDR DST_PORT HEX  → ok
 * recv TIMEOUT_MS ID[,ID...]     → packet ID SRC_ADDR SRC_PORT HEX | timeout
 * </pre>
 * Any failure answers {@code error TEXT}; end of input ends the process.
 */
public final class NetnsSockets {
    private final List<DatagramChannel> sockets = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(65_536);

    private NetnsSockets() {
    }

    public static void main(String[] args) throws IOException {
        NetnsSockets helper = new NetnsSockets();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        out.println("ready");
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String answer;
            try {
                answer = helper.command(line.strip().split(" "));
            } catch (IOException | RuntimeException e) {
                answer = "error " + e.toString().replace('\n', ' ');
            }
            out.println(answer);
        }
    }

    private String command(String[] words) throws IOException {
        switch (words[0]) {
            case "open": {
                DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET6);
                // The relay may share a port with a server bound to [::] if it binds first (dhcp6d makes
                // its port exclusive once started); the kernel delivers to the socket bound to the exact address.
                socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(words[1]), Integer.parseInt(words[2])));
                socket.configureBlocking(false);
                sockets.add(socket);
                return "ok " + (sockets.size() - 1) + " " + ((InetSocketAddress) socket.getLocalAddress()).getPort();
            }
            case "send": {
                byte[] datagram = HexFormat.of().parseHex(words[4]);
                sockets.get(Integer.parseInt(words[1])).send(ByteBuffer.wrap(datagram),
                        new InetSocketAddress(InetAddress.getByName(words[2]), Integer.parseInt(words[3])));
                return "ok";
            }
            case "recv":
                return receive(Long.parseLong(words[1]), words[2].split(","));
            default:
                return "error unknown command " + words[0];
        }
    }

    private String receive(long timeoutMillis, String[] ids) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            for (String id : ids) {
                buffer.clear();
                InetSocketAddress source = (InetSocketAddress) sockets.get(Integer.parseInt(id)).receive(buffer);
                if (source != null) {
                    buffer.flip();
                    byte[] datagram = new byte[buffer.remaining()];
                    buffer.get(datagram);
                    return "packet " + id + " " + source.getAddress().getHostAddress().replaceFirst("%.*", "") + " "
                            + source.getPort() + " " + HexFormat.of().formatHex(datagram);
                }
            }
            if (System.nanoTime() >= deadline) {
                return "timeout";
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "timeout";
            }
        }
    }
}
