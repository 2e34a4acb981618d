package io.tandem.dhcp6d.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-driven HTTP connection, for what java.net.http will not send (a {@code ..} in a path,
 * oversized headers) and for readers that read slowly or not at all.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket = new Socket();
    private final InputStream in;

    /** Connects with {@code receiveBuffer} bytes of socket receive buffer (0 for the default). */
    RawHttp(InetSocketAddress server, int receiveBuffer) throws IOException {
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout(10_000);
        socket.connect(server, 10_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** One line without its CR LF or LF, or null at the end of the stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** The status line and headers of the response, up to the blank line. */
    List<String> readHead() throws IOException {
        List<String> head = new ArrayList<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            head.add(line);
        }
        return head;
    }

    /** The status code of a response to {@code request}, sent on a fresh connection. */
    static int status(InetSocketAddress server, String request) throws IOException {
        try (RawHttp http = new RawHttp(server, 0)) {
            http.send(request);
            String statusLine = http.readHead().get(0);
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /** Reads and drops everything until the server closes; returns how many bytes that was. */
    long readToEnd() throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        } catch (java.net.SocketException e) {
            // A reset is as final as an orderly close.
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
