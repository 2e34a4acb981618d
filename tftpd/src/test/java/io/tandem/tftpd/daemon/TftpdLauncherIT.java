package io.tandem.tftpd.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.LaunchedDaemon;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.LauncherChecks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        Launcher.Result help = LauncherChecks.assertPackagedVersionAndHelp("tftpd", elsewhere);
        assertTrue(help.output().contains("--max-transfers"), help.output());
        assertTrue(help.output().contains("--mtu"), help.output());
    }

    @Test
    void rejectsAnUnknownOptionWithUsage() throws Exception {
        LauncherChecks.assertRejectsUnknownOption("tftpd", elsewhere, "--root", elsewhere.toString());
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
        Path root = Files.createDirectories(elsewhere.resolve("root"));
        Files.write(root.resolve("ipxe.efi"), file);
        int port = freePort();
        String output;
        try (LaunchedDaemon daemon = LaunchedDaemon.start("tftpd", "TFTP_LISTENING", elsewhere,
                elsewhere.resolve("tftpd.log"), "--root", root.toString(), "--listen", "[::1]:" + port)) {
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
            assertEquals(0, daemon.stop(), daemon.output());
            output = daemon.output();
        }
        assertTrue(output.contains("TFTP_XFER_DONE ipxe.efi"), output);
        assertTrue(output.contains("mac 52:54:00:12:34:56"), output);
        assertTrue(output.contains("TFTP_STOPPED"), output);
    }

    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("::1", 0))) {
            return socket.getLocalPort();
        }
    }
}
