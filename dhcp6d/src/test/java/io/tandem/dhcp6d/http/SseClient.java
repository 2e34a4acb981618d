package io.tandem.dhcp6d.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An event-stream reader on java.net.http: its lines, each waited for with a bound. */
final class SseClient implements AutoCloseable {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    SseClient(HttpClient client, URI uri) throws Exception {
        response = client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        reader = new Thread(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // Closed by the test, or by the server.
            }
        }, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    /** The next line as sent: data, comment, field or blank. */
    String nextLine(Duration wait) throws InterruptedException {
        String line = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(line, "no line within " + wait);
        return line;
    }

    /** The payload of the next {@code data:} line, skipping blank lines and comments. */
    String nextData(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String line = nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        response.body().close();
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }
}
