package io.tandem.tftpd.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.tftpd.transfer.MemorySource;
import io.tandem.tftpd.transfer.TransferOutcome;
import io.tandem.tftpd.wire.ReadRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code tftp-hpa} client ({@code tftp}) as a second real client. It always exits 0, so
 * failures are read from what it prints. Needs the {@code tftp-hpa} package.
 */
@Tag("system")
class TftpHpaClientTest {
    private static final Path TFTP = Path.of("/usr/bin/tftp");

    @TempDir
    Path top;
    Path root;
    Path downloads;
    private final BlockingQueue<TransferReport> reports = new LinkedBlockingQueue<>();
    private TftpServer server;

    @BeforeEach
    void start() throws IOException {
        assertTrue(Files.isExecutable(TFTP), "tftp-hpa is not installed (scripts/install-test-deps installs it)");
        root = Files.createDirectories(top.resolve("root"));
        downloads = Files.createDirectories(top.resolve("downloads"));
        server = TftpServer.start(TftpServerSettings.of(root, new InetSocketAddress("::1", 0)), reports::add);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs {@code tftp -6 -l -m MODE ::1 PORT -c COMMAND...}; returns what it printed. */
    private String tftp(String mode, String... command) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(TFTP.toString(), "-6", "-l", "-m", mode, "::1",
                Integer.toString(server.localAddress().getPort()), "-c"));
        arguments.addAll(List.of(command));
        Process process = new ProcessBuilder(arguments).directory(downloads.toFile()).redirectErrorStream(true)
                .start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("tftp did not finish: " + arguments);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private TransferReport nextReport() throws InterruptedException {
        TransferReport report = reports.poll(5, TimeUnit.SECONDS);
        if (report == null) {
            throw new AssertionError("no transfer report");
        }
        return report;
    }

    @Test
    void downloadsFilesOfEverySizeInOctetMode() throws Exception {
        for (int size : new int[] {0, 511, 512, 513, 1_048_576 + 333}) {
            byte[] file = MemorySource.pattern(size);
            Files.write(root.resolve("file-" + size), file);
            String output = tftp("octet", "get", "file-" + size, "got-" + size);
            assertEquals("", output.strip(), output);
            assertArrayEquals(file, Files.readAllBytes(downloads.resolve("got-" + size)), "size " + size);
            assertEquals(TransferOutcome.COMPLETED, nextReport().outcome());
        }
    }

    @Test
    void downloadsTheEdk2PathAndTheMacIsReported() throws Exception {
        byte[] file = MemorySource.pattern(300_000);
        Files.write(root.resolve("ipxe.efi"), file);
        tftp("octet", "get", "52:54:00:12:34:56/ipxe.efi", "ipxe.efi");
        assertArrayEquals(file, Files.readAllBytes(downloads.resolve("ipxe.efi")));
        TransferReport report = nextReport();
        assertEquals(Optional.of(MacAddress.parse("52:54:00:12:34:56")), report.mac());
        assertEquals("ipxe.efi", report.file());
    }

    @Test
    void netasciiRoundTripsLineEndsAndLoneCarriageReturns() throws Exception {
        String text = "#!ipxe\nchain http://[2001:db8::1]/boot\nlone\rcarriage return\n\n";
        Files.writeString(root.resolve("boot.ipxe"), text);
        tftp("netascii", "get", "boot.ipxe", "boot.ipxe");
        assertEquals(text, Files.readString(downloads.resolve("boot.ipxe")));
        TransferReport report = nextReport();
        // On the wire: every LF became CR LF and the lone CR became CR NUL.
        assertEquals(text.length() + 5, report.bytes());
    }

    @Test
    void refusalsArePrintedWithTheirCodes() throws Exception {
        Files.writeString(top.resolve("secret"), "not for clients");
        assertTrue(tftp("octet", "get", "missing.efi", "x").contains("Error code 1"));
        assertTrue(tftp("octet", "get", "../secret", "x").contains("Error code 2"));
        Path upload = Files.writeString(downloads.resolve("upload.txt"), "data");
        assertTrue(tftp("octet", "put", upload.toString(), "upload.txt").contains("Error code 2"));
        assertTrue(Files.notExists(root.resolve("upload.txt")));
    }

    @Test
    void twentyAbandonedRequestsThenTheSameAddressIsServed() throws Exception {
        byte[] file = MemorySource.pattern(300_000);
        Files.write(root.resolve("ipxe.efi"), file);
        List<RawTftpClient> abandoned = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawTftpClient client = new RawTftpClient();
                abandoned.add(client);
                client.send(new ReadRequest("ipxe.efi", "octet", List.of()), server.localAddress());
                client.receive();
            }
            String output = tftp("octet", "get", "ipxe.efi", "ipxe.efi");
            assertEquals("", output.strip(), output);
            assertArrayEquals(file, Files.readAllBytes(downloads.resolve("ipxe.efi")));
        } finally {
            abandoned.forEach(RawTftpClient::close);
        }
        assertEquals(20 + 1 - TftpServerSettings.DEFAULT_MAX_TRANSFERS_PER_CLIENT, server.stats().superseded());
    }

    @Test
    void overMaxTransfersTheClientIsToldBusy() throws Exception {
        server.close();
        server = TftpServer.start(TftpServerSettings.of(root, new InetSocketAddress("::1", 0)).withMaxTransfers(1),
                reports::add);
        Files.write(root.resolve("ipxe.efi"), MemorySource.pattern(300_000));
        try (RawTftpClient holder = new RawTftpClient()) {
            holder.send(new ReadRequest("ipxe.efi", "octet", List.of()), server.localAddress());
            holder.receive();
            String output = tftp("octet", "get", "ipxe.efi", "ipxe.efi");
            assertTrue(output.contains("Error code 0: Busy, retry later"), output);
        }
        assertEquals(1, server.stats().busy());
    }
}
