package io.tandem.tftpd.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.Launcher;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/tftpd is a stable interface: it starts the packaged daemon from any working directory. */
class TftpdLauncherIT {
    @TempDir
    Path elsewhere;

    @Test
    void startsThePackagedDaemonFromAnyWorkingDirectory() throws Exception {
        Launcher.Result version = Launcher.run("tftpd", elsewhere, "--version");
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().startsWith("tftpd (Tandem) "), version.output());
        assertTrue(!version.output().contains("development build"), "runs the packaged jar: " + version.output());

        Launcher.Result help = Launcher.run("tftpd", elsewhere, "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("Usage: tftpd"), help.output());
        assertTrue(help.output().contains("--max-transfers"), help.output());
        assertTrue(help.output().contains("--mtu"), help.output());
    }

    @Test
    void rejectsAnUnknownOptionWithUsage() throws Exception {
        Launcher.Result result = Launcher.run("tftpd", elsewhere, "--root", elsewhere.toString(), "--no-such-option");
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("Unknown option"), result.output());
    }

    @Test
    void rejectsBadValuesWithUsage() throws Exception {
        Launcher.Result mtu = Launcher.run("tftpd", elsewhere, "--root", elsewhere.toString(), "--mtu", "100");
        assertEquals(2, mtu.exitCode(), mtu.output());
        assertTrue(mtu.output().contains("MTU 100"), mtu.output());
        Launcher.Result listen = Launcher.run("tftpd", elsewhere, "--root", elsewhere.toString(), "--listen", "::1:69");
        assertEquals(2, listen.exitCode(), listen.output());
        assertTrue(listen.output().contains("--listen"), listen.output());
    }

    @Test
    void aMissingRootIsAnErrorExit() throws Exception {
        Launcher.Result result = Launcher.run("tftpd", elsewhere, "--root", elsewhere.resolve("missing").toString(),
                "--listen", "[::1]:" + freePort());
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("missing"), result.output());
    }

    @Test
    void servesUntilSigterm() throws Exception {
        byte[] file = new byte[100_000];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) (i * 31);
        }
        Files.write(elsewhere.resolve("ipxe.efi"), file);
        int port = freePort();
        Process daemon = new ProcessBuilder(Launcher.repository().resolve("scripts/tftpd").toString(),
                "--root", elsewhere.toString(), "--listen", "[::1]:" + port)
                .directory(elsewhere.toFile()).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        CountDownLatch listening = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    if (line.contains("TFTP_LISTENING")) {
                        listening.countDown();
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        });
        reader.start();
        try {
            assertTrue(listening.await(30, TimeUnit.SECONDS), output.toString());
            TFTPClient client = new TFTPClient();
            client.setDefaultTimeout(Duration.ofSeconds(2));
            client.open();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                client.receiveFile("52:54:00:12:34:56/ipxe.efi", TFTP.BINARY_MODE, received,
                        InetAddress.getByName("::1"), port);
            } finally {
                client.close();
            }
            assertArrayEquals(file, received.toByteArray());
        } finally {
            daemon.toHandle().destroy();
        }
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), output.toString());
        reader.join(5000);
        assertEquals(0, daemon.exitValue(), output.toString());
        assertTrue(output.toString().contains("TFTP_XFER_DONE ipxe.efi"), output.toString());
        assertTrue(output.toString().contains("mac 52:54:00:12:34:56"), output.toString());
        assertTrue(output.toString().contains("TFTP_STOPPED"), output.toString());
    }

    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("::1", 0))) {
            return socket.getLocalPort();
        }
    }
}
