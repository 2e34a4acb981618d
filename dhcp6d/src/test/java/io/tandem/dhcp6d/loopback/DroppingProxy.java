package io.tandem.dhcp6d.loopback;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on [::1] to one port of [::1] whose connections a test can drop: {@link #drop()}
 * closes every relayed connection and turns new ones away (accepted, then closed at once) until
 * {@link #restore()}, as a network that went away and came back.
 */
final class DroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;

    DroppingProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, LoopbackDhcp6d.LOOPBACK);
        daemon("proxy-accept", this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    void drop() {
        refusing = true;
        open.forEach(DroppingProxy::closeQuietly);
    }

    void restore() {
        refusing = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(LoopbackDhcp6d.LOOPBACK, target);
                open.add(client);
                open.add(upstream);
                daemon("proxy-up", () -> pump(client, upstream));
                daemon("proxy-down", () -> pump(upstream, client));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // One side went away: both close below.
        } finally {
            open.remove(from);
            open.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        drop();
    }
}
