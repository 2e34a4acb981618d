package io.tandem.dhcp6d.loopback;

import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.testing.Launcher;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * dhcp6d started by {@code scripts/dhcp6d} as an operator starts it, on a server port of [::1],
 * with its lease file and log in the test's directory and no pid file; stopped by SIGTERM (and
 * SIGKILL if it does not stop) when closed.
 */
final class LoopbackDhcp6d implements AutoCloseable {
    static final Inet6Address LOOPBACK = Addresses.parse6("::1");

    final Process process;
    final Path log;

    private LoopbackDhcp6d(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static LoopbackDhcp6d start(Path directory, Path config, int serverPort) throws IOException {
        Path log = directory.resolve("dhcp6d.log");
        Process process = new ProcessBuilder(Launcher.repository().resolve("scripts/dhcp6d").toString(), "-cf",
                config.toString(), "--no-pid", "-lf", directory.resolve("leases6.csv").toString(), "-p",
                Integer.toString(serverPort)).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new LoopbackDhcp6d(process, log);
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits (bounded) until the log holds {@code text}; fails if dhcp6d ends first. */
    void awaitLog(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!log().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("dhcp6d never said " + text + ":\n" + log());
            }
            Thread.sleep(50);
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return probe.getLocalPort();
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
