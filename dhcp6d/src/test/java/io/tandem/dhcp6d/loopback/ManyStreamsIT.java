package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Bytes;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d as an operator runs it, with 1,000 {@code GET /events} streams open and one reader that
 * never reads, while clients behind a scripted relay keep getting addresses: every client is
 * answered, and every reader that reads gets every event (or is told how many it lost). The
 * streams are plain non-blocking sockets read by one selector thread, so the test itself needs
 * only 1,001 descriptors.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ManyStreamsIT {
    private static final int STREAMS = 1000;
    private static final int CLIENTS = 60;
    private static final Inet6Address LOOPBACK = LoopbackDhcp6d.LOOPBACK;

    @TempDir
    Path directory;

    /** One event stream being read: its current line, and what it has seen. */
    private static final class Reader {
        final SocketChannel channel;
        final StringBuilder line = new StringBuilder();
        boolean snapshot;
        long live;
        long lost;
        boolean ended;

        Reader(SocketChannel channel) {
            this.channel = channel;
        }

        void take(ByteBuffer bytes) {
            while (bytes.hasRemaining()) {
                char c = (char) (bytes.get() & 0xff);
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                String text = line.toString();
                line.setLength(0);
                if (text.startsWith("data: {\"mac\"")) {
                    live++;
                } else if (text.startsWith("data: {\"lost\":")) {
                    lost += Long.parseLong(text.replaceAll("\\D", ""));
                } else if (text.startsWith("data: ")) {
                    snapshot = true;
                }
            }
        }
    }

    @Test
    void aThousandStreamsAndAStuckReaderDoNotSlowDhcp() throws Exception {
        int serverPort = LoopbackDhcp6d.freeUdpPort();
        int httpPort = LoopbackDhcp6d.freeTcpPort();
        Path config = Files.writeString(directory.resolve("dhcp6d.json"), """
                {"Dhcp6": {
                  "subnet6": [{"id": 2, "subnet": "2001:db8:2::/64", "relay": {"ip-addresses": ["2001:db8:2::1"]},
                               "mac-addressing": {"prefix": "2001:db8:2::/80"}}],
                  "lease-database": {"type": "memfile", "lfc-interval": 0},
                  "tftp": {"enabled": false},
                  "http": {"listen": "[::1]:%d"},
                  "events": {"channel": ""}
                }}
                """.formatted(httpPort));
        List<Reader> readers = new ArrayList<>();
        try (LoopbackDhcp6d dhcp6d = LoopbackDhcp6d.start(directory, config, serverPort);
             Selector selector = Selector.open(); ScriptedRelay relay = new ScriptedRelay(serverPort)) {
            dhcp6d.awaitLog("HTTP_LISTENING");
            long baselineMillis = bindClients(relay, 0x66, dhcp6d).stream().mapToLong(Long::longValue).sum();
            // What the streams must see is what dhcp6d publishes from now on (a client that had to
            // ask twice makes more events, so the count comes from dhcp6d, not from the test).
            long publishedBefore = published(httpPort);
            InetSocketAddress http = new InetSocketAddress(LOOPBACK, httpPort);
            byte[] request = "GET /events HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < STREAMS; i++) {
                SocketChannel channel = SocketChannel.open(http);
                channel.write(ByteBuffer.wrap(request));
                channel.configureBlocking(false);
                Reader reader = new Reader(channel);
                channel.register(selector, SelectionKey.OP_READ, reader);
                readers.add(reader);
            }
            // The stuck reader: a small receive buffer, never read.
            SocketChannel stuck = SocketChannel.open();
            stuck.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            stuck.connect(http);
            stuck.write(ByteBuffer.wrap(request));

            // One thread reads every stream, as fast as it can, while the test plays the clients.
            AtomicLong expected = new AtomicLong(Long.MAX_VALUE);
            AtomicInteger snapshots = new AtomicInteger();
            AtomicBoolean clientsDone = new AtomicBoolean();
            AtomicReference<Throwable> readFailure = new AtomicReference<>();
            Thread pumping = new Thread(() -> {
                try {
                    pump(selector, readers, snapshots, () -> clientsDone.get()
                            && readers.stream().allMatch(reader -> reader.live + reader.lost >= expected.get()));
                } catch (IOException | RuntimeException e) {
                    readFailure.set(e);
                }
            }, "sse-readers");
            pumping.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (snapshots.get() < STREAMS) {
                assertTrue(System.nanoTime() < deadline, "only " + snapshots.get() + " snapshots within 60 s");
                Thread.sleep(20);
            }

            long started = System.nanoTime();
            List<Long> answerMillis = bindClients(relay, 0x77, dhcp6d);
            long dhcpMillis = (System.nanoTime() - started) / 1_000_000;
            // Events are published before the reply leaves, so every event of these clients is out.
            expected.set(published(httpPort) - publishedBefore);
            clientsDone.set(true);
            pumping.join(TimeUnit.SECONDS.toMillis(120));
            assertTrue(!pumping.isAlive(), "the readers did not get every event within 120 s");
            assertEquals(null, readFailure.get());
            long totalLost = readers.stream().mapToLong(reader -> reader.lost).sum();
            answerMillis.sort(Long::compare);
            System.out.printf("ManyStreamsIT: %d clients bound in %d ms with no stream open; with %d streams + 1 stuck"
                    + " reader in %d ms (median %d ms, max %d ms per Solicit+Request); events lost by readers: %d%n",
                    CLIENTS, baselineMillis, STREAMS, dhcpMillis, answerMillis.get(answerMillis.size() / 2),
                    answerMillis.get(answerMillis.size() - 1), totalLost);
            for (Reader reader : readers) {
                assertEquals(expected.get(), reader.live + reader.lost, "each event delivered or counted as lost");
                assertTrue(!reader.ended, "no reading stream was cut off");
            }
            assertTrue(dhcp6d.process.isAlive(), dhcp6d.log());
            stuck.close();
        } finally {
            for (Reader reader : readers) {
                reader.channel.close();
            }
        }
    }

    /** dhcp6d's {@code tandem_events_published_total}, from {@code GET /metrics}. */
    private static long published(int httpPort) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://[::1]:" + httpPort
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("tandem_events_published_total "))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no tandem_events_published_total in\n" + metrics));
    }

    /** Binds {@value #CLIENTS} clients (MACs 52:54:00:{@code tag}:..), retrying lost answers; each one's time. */
    private static List<Long> bindClients(ScriptedRelay relay, int tag, LoopbackDhcp6d dhcp6d) throws IOException {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            MacAddress mac = new MacAddress(Bytes.of((byte) 0x52, (byte) 0x54, (byte) 0, (byte) tag, (byte) (i >> 8),
                    (byte) i));
            long before = System.nanoTime();
            Optional<Inet6Address> address = Optional.empty();
            for (int attempt = 0; attempt < 5 && address.isEmpty(); attempt++) {
                address = relay.bind(mac, 15_000);
            }
            assertTrue(address.isPresent(), "client " + mac + " got no address:\n" + dhcp6d.log());
            millis.add((System.nanoTime() - before) / 1_000_000);
        }
        return millis;
    }

    /** Reads whatever the streams have until {@code done} holds; counts the streams whose snapshot came. */
    private static void pump(Selector selector, List<Reader> readers, AtomicInteger snapshots, BooleanSupplier done)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            selector.select(50);
            for (SelectionKey key : selector.selectedKeys()) {
                Reader reader = (Reader) key.attachment();
                buffer.clear();
                int read = reader.channel.read(buffer);
                if (read < 0) {
                    reader.ended = true;
                    key.cancel();
                    continue;
                }
                buffer.flip();
                boolean before = reader.snapshot;
                reader.take(buffer);
                if (!before && reader.snapshot) {
                    snapshots.incrementAndGet();
                }
            }
            selector.selectedKeys().clear();
        }
    }
}
