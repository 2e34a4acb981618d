package io.tandem.tftpd.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.tftpd.transfer.MemorySource;
import io.tandem.tftpd.transfer.TransferOutcome;
import io.tandem.tftpd.wire.Ack;
import io.tandem.tftpd.wire.Data;
import io.tandem.tftpd.wire.ErrorCode;
import io.tandem.tftpd.wire.OptionAck;
import io.tandem.tftpd.wire.ReadRequest;
import io.tandem.tftpd.wire.TftpError;
import io.tandem.tftpd.wire.TftpOption;
import io.tandem.tftpd.wire.WriteRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole server on {@code [::1]} and a free port, against commons-net's {@link TFTPClient}
 * (an independent RFC 1350 client) and a raw-socket client for options, windows and misbehaviour.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TftpServerTest {
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
    private static final byte[] IPXE = MemorySource.pattern(1_048_576 + 333);

    @TempDir
    Path top;
    Path root;
    private final BlockingQueue<TransferReport> reports = new LinkedBlockingQueue<>();
    private final List<TftpServer> servers = new ArrayList<>();
    private TftpServer server;

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectories(top.resolve("root"));
        Files.write(root.resolve("ipxe.efi"), IPXE);
        server = start(settings());
    }

    private TftpServerSettings settings() {
        return TftpServerSettings.of(root, new InetSocketAddress("::1", 0));
    }

    private TftpServer start(TftpServerSettings settings) throws IOException {
        TftpServer started = TftpServer.start(settings, reports::add);
        servers.add(started);
        return started;
    }

    @AfterEach
    void stop() {
        servers.forEach(TftpServer::close);
    }

    private InetSocketAddress address() {
        return server.localAddress();
    }

    private TransferReport nextReport() throws InterruptedException {
        TransferReport report = reports.poll(5, TimeUnit.SECONDS);
        if (report == null) {
            throw new AssertionError("no transfer report");
        }
        return report;
    }

    private byte[] commonsNetGet(String file, int mode) throws IOException {
        TFTPClient client = new TFTPClient();
        client.setDefaultTimeout(Duration.ofSeconds(2));
        client.open();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            client.receiveFile(file, mode, out, address().getAddress(), address().getPort());
            return out.toByteArray();
        } finally {
            client.close();
        }
    }

    private static ReadRequest rrq(String file, String... options) {
        List<TftpOption> list = new ArrayList<>();
        for (int i = 0; i < options.length; i += 2) {
            list.add(new TftpOption(options[i], options[i + 1]));
        }
        return new ReadRequest(file, "octet", list);
    }

    private static TftpError error(RawTftpClient.Received received) {
        return assertInstanceOf(TftpError.class, received.packet(), String.valueOf(received.packet()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 511, 512, 513, 1_048_576})
    void commonsNetDownloadsFilesOfEverySize(int size) throws Exception {
        byte[] file = MemorySource.pattern(size);
        Files.write(root.resolve("file-" + size), file);
        assertArrayEquals(file, commonsNetGet("file-" + size, TFTP.BINARY_MODE));
        TransferReport report = nextReport();
        assertEquals(TransferOutcome.COMPLETED, report.outcome());
        assertEquals(size, report.bytes());
        assertEquals("file-" + size, report.file());
        assertEquals(Optional.empty(), report.mac());
        assertEquals(0, server.activeTransfers());
    }

    @Test
    void commonsNetDownloadsInNetascii() throws Exception {
        // Line ends only: commons-net turns CR NUL back into CR NUL, not CR (tftp-hpa gets that right).
        String text = "#!ipxe\nchain http://[2001:db8::1]/boot\n\nexit\n";
        Files.writeString(root.resolve("boot.ipxe"), text);
        byte[] received = commonsNetGet("boot.ipxe", TFTP.ASCII_MODE);
        assertEquals(text, new String(received, StandardCharsets.US_ASCII));
        assertEquals(TransferOutcome.COMPLETED, nextReport().outcome());
    }

    @Test
    void theMacPathServesTheRootFileAndReportsTheMac() throws Exception {
        assertArrayEquals(IPXE, commonsNetGet("52:54:00:12:34:56/ipxe.efi", TFTP.BINARY_MODE));
        TransferReport report = nextReport();
        assertEquals(Optional.of(MAC), report.mac());
        assertEquals("52:54:00:12:34:56/ipxe.efi", report.requested());
        assertEquals("ipxe.efi", report.file());
        assertEquals(IPXE.length, report.bytes());
        assertEquals(TransferOutcome.COMPLETED, report.outcome());
        assertArrayEquals(IPXE, commonsNetGet("/52-54-00-12-34-56/ipxe.efi", TFTP.BINARY_MODE));
        assertEquals(Optional.of(MAC), nextReport().mac());
    }

    @Test
    void optionsBlksizeTsizeAndWindowsize() throws Exception {
        try (RawTftpClient client = new RawTftpClient()) {
            RawTftpClient.Download download = client.download(address(),
                    rrq("ipxe.efi", "blksize", "1400", "tsize", "0", "windowsize", "8", "unknown", "1"));
            assertEquals(Optional.of(new OptionAck(new TftpOption("blksize", "1400"),
                    new TftpOption("tsize", Integer.toString(IPXE.length)), new TftpOption("windowsize", "8"))),
                    download.optionAck());
            assertArrayEquals(IPXE, download.bytes());
            assertNotEquals(address().getPort(), download.transferId().getPort(), "a transfer has its own port");
        }
        assertEquals(TransferOutcome.COMPLETED, nextReport().outcome());
    }

    @Test
    void blksizeIsCappedToTheMtuAndOutOfRangeOptionsAreNotEchoed() throws Exception {
        try (RawTftpClient client = new RawTftpClient()) {
            RawTftpClient.Download download = client.download(address(),
                    rrq("ipxe.efi", "blksize", "65464", "timeout", "0", "windowsize", "65536", "tsize", "-1"));
            assertEquals(Optional.of(new OptionAck(new TftpOption("blksize", "1448"))), download.optionAck());
            assertArrayEquals(IPXE, download.bytes());
        }
        server.close();
        server = start(settings().withMtu(1280));
        try (RawTftpClient client = new RawTftpClient()) {
            RawTftpClient.Download download = client.download(address(), rrq("ipxe.efi", "blksize", "1500"));
            assertEquals(Optional.of(new OptionAck(new TftpOption("blksize", "1228"))), download.optionAck());
        }
    }

    @Test
    void onlyOutOfRangeOptionsMeansNoOack() throws Exception {
        try (RawTftpClient client = new RawTftpClient()) {
            RawTftpClient.Download download = client.download(address(), rrq("ipxe.efi", "blksize", "7"));
            assertEquals(Optional.empty(), download.optionAck());
            assertArrayEquals(IPXE, download.bytes());
        }
    }

    @Test
    void edk2ProbesTheSizeAbortsThenDownloads() throws Exception {
        Files.write(root.resolve("ipxe.efi"), MemorySource.pattern(200_000));
        try (RawTftpClient client = new RawTftpClient()) {
            client.send(rrq("52:54:00:12:34:56/ipxe.efi", "blksize", "1228", "tsize", "0", "windowsize", "4"),
                    address());
            RawTftpClient.Received oack = client.receive();
            assertEquals(new OptionAck(new TftpOption("blksize", "1228"), new TftpOption("tsize", "200000"),
                    new TftpOption("windowsize", "4")), oack.packet());
            client.send(new TftpError(ErrorCode.OPTION_REFUSED, "User aborted the transfer"), oack.from());
            TransferReport probe = nextReport();
            assertEquals(TransferOutcome.OPTIONS_ONLY, probe.outcome());
            assertEquals(Optional.of(MAC), probe.mac());
            assertTrue(probe.outcome().isNormal());

            RawTftpClient.Download download = client.download(address(),
                    rrq("52:54:00:12:34:56/ipxe.efi", "blksize", "1228", "windowsize", "4"));
            assertEquals(Optional.of(new OptionAck(new TftpOption("blksize", "1228"),
                    new TftpOption("windowsize", "4"))), download.optionAck());
            assertArrayEquals(MemorySource.pattern(200_000), download.bytes());
            TransferReport done = nextReport();
            assertEquals(TransferOutcome.COMPLETED, done.outcome());
            assertEquals(Optional.of(MAC), done.mac());
        }
    }

    @Test
    void aNewRequestFromTheSamePortReplacesTheTransferButARepeatIsIgnored() throws Exception {
        try (RawTftpClient client = new RawTftpClient()) {
            client.send(rrq("ipxe.efi", "tsize", "0"), address());
            RawTftpClient.Received first = client.receive();
            assertInstanceOf(OptionAck.class, first.packet());
            client.send(rrq("ipxe.efi", "tsize", "0"), address());
            assertEquals(Optional.empty(), client.receive(Duration.ofMillis(300)), "a repeated request is ignored");
            assertEquals(1, server.activeTransfers());

            RawTftpClient.Download download = client.download(address(), rrq("ipxe.efi"));
            assertArrayEquals(IPXE, download.bytes());
            assertEquals(TransferOutcome.SUPERSEDED, nextReport().outcome());
            assertEquals(TransferOutcome.COMPLETED, nextReport().outcome());
        }
    }

    @Test
    void aWriteRequestIsAnAccessViolation() throws Exception {
        try (RawTftpClient client = new RawTftpClient()) {
            client.send(new WriteRequest("upload.bin", "octet"), address());
            RawTftpClient.Received received = client.receive();
            assertEquals(ErrorCode.ACCESS_VIOLATION, error(received).code());
        }
        TransferReport report = nextReport();
        assertEquals(TransferOutcome.REFUSED, report.outcome());
        assertTrue(Files.notExists(root.resolve("upload.bin")));

        TFTPClient client = new TFTPClient();
        client.setDefaultTimeout(Duration.ofSeconds(2));
        client.open();
        try {
            IOException e = assertThrows(IOException.class, () -> client.sendFile("upload.bin", TFTP.BINARY_MODE,
                    new ByteArrayInputStream(new byte[10]), address().getAddress(), address().getPort()));
            assertTrue(e.getMessage().contains("2"), e.getMessage());
        } finally {
            client.close();
        }
    }

    @Test
    void aMissingFileIsNotFound() throws Exception {
        IOException e = assertThrows(IOException.class, () -> commonsNetGet("missing.efi", TFTP.BINARY_MODE));
        assertTrue(e.getMessage().contains("1"), e.getMessage());
        try (RawTftpClient client = new RawTftpClient()) {
            client.send(rrq("52:54:00:12:34:56/missing.efi"), address());
            assertEquals(new TftpError(ErrorCode.FILE_NOT_FOUND, "File not found"), client.receive().packet());
        }
        nextReport();
        TransferReport report = nextReport();
        assertEquals(TransferOutcome.REFUSED, report.outcome());
        assertEquals(Optional.of(MAC), report.mac());
    }

    @Test
    void nothingOutsideTheRootIsServed() throws Exception {
        Path secret = Files.writeString(top.resolve("secret"), "not for clients");
        Files.createSymbolicLink(root.resolve("escape"), secret);
        Files.createSymbolicLink(root.resolve("system"), Path.of("/etc"));
        try (RawTftpClient client = new RawTftpClient()) {
            for (String path : List.of("../secret", "../../../../../etc/passwd", "escape", "system/passwd",
                    "52:54:00:12:34:56/../secret")) {
                client.send(rrq(path), address());
                assertEquals(ErrorCode.ACCESS_VIOLATION, error(client.receive()).code(), path);
            }
            for (String path : List.of(secret.toString(), "/etc/passwd")) {
                client.send(rrq(path), address());
                assertEquals(ErrorCode.FILE_NOT_FOUND, error(client.receive()).code(), path);
            }
        }
        for (int i = 0; i < 7; i++) {
            assertEquals(TransferOutcome.REFUSED, nextReport().outcome());
        }
    }

    @Test
    void anUnknownModeIsAnIllegalOperation() throws Exception {
        try (RawTftpClient client = new RawTftpClient()) {
            client.send(new ReadRequest("ipxe.efi", "mail"), address());
            assertEquals(ErrorCode.ILLEGAL_OPERATION, error(client.receive()).code());
        }
    }

    @Test
    void aForeignTransferIdGetsError5AndTheTransferGoesOn() throws Exception {
        try (RawTftpClient client = new RawTftpClient(); RawTftpClient intruder = new RawTftpClient()) {
            client.send(rrq("ipxe.efi"), address());
            RawTftpClient.Received first = client.receive();
            assertEquals(1, ((Data) first.packet()).block());
            intruder.send(new Ack(1), first.from());
            RawTftpClient.Received rejected = intruder.receive();
            assertEquals(ErrorCode.UNKNOWN_TRANSFER_ID, error(rejected).code());
            assertEquals(first.from(), rejected.from());
            assertEquals(Optional.empty(), client.receive(Duration.ofMillis(100)), "the intruder's ACK moved nothing");

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(((Data) first.packet()).data().toArray());
            int block = 1;
            while (true) {
                client.send(new Ack(block), first.from());
                if (bytes.size() == IPXE.length) {
                    break;
                }
                Data data = (Data) client.receive().packet();
                assertEquals((block + 1) & 0xffff, data.block());
                bytes.writeBytes(data.data().toArray());
                block = data.block();
                if (data.data().length() < 512) {
                    client.send(new Ack(block), first.from());
                    break;
                }
            }
            assertArrayEquals(IPXE, bytes.toByteArray());
        }
        assertEquals(TransferOutcome.COMPLETED, nextReport().outcome());
        assertEquals(1, server.stats().foreignTransferIds());
    }

    @Test
    void aSilentClientGetsRetransmissionsThenIsGivenUp() throws Exception {
        server = start(settings().withTimeout(Duration.ofMillis(150)).withMaxRetries(2));
        try (RawTftpClient client = new RawTftpClient()) {
            client.send(rrq("ipxe.efi", "blksize", "1024"), address());
            RawTftpClient.Received oack = client.receive();
            assertInstanceOf(OptionAck.class, oack.packet());
            client.send(new Ack(0), oack.from());
            RawTftpClient.Received first = client.receive();
            for (int retry = 1; retry <= 2; retry++) {
                RawTftpClient.Received again = client.receive();
                assertEquals(first, again, "retransmission " + retry);
            }
            assertEquals(Optional.empty(), client.receive(Duration.ofMillis(400)));
        }
        TransferReport report = nextReport();
        assertEquals(TransferOutcome.TIMED_OUT, report.outcome());
        assertEquals(0, report.bytes());
        assertEquals(0, server.activeTransfers());
    }

    @Test
    void requestsOverTheLimitAreAnsweredBusyAndServedOnceASlotIsFree() throws Exception {
        Files.write(root.resolve("small"), MemorySource.pattern(1000));
        server = start(settings().withMaxTransfers(1));
        try (RawTftpClient first = new RawTftpClient(); RawTftpClient second = new RawTftpClient()) {
            first.send(rrq("small"), address());
            RawTftpClient.Received data1 = first.receive();
            second.send(rrq("small"), address());
            RawTftpClient.Received busy = second.receive();
            assertEquals(new TftpError(ErrorCode.NOT_DEFINED, "Busy, retry later"), busy.packet());
            assertNotEquals(address(), busy.from(), "the answer comes from a transfer ID, not the request port");
            assertEquals(1, server.stats().busy());
            TransferReport report = nextReport();
            assertEquals(TransferOutcome.BUSY, report.outcome());
            assertEquals(second.port(), report.client().getPort());

            first.send(new Ack(1), data1.from());
            first.receive();
            first.send(new Ack(2), data1.from());
            assertEquals(TransferOutcome.COMPLETED, nextReport().outcome());

            RawTftpClient.Download download = second.download(address(), rrq("small"));
            assertArrayEquals(MemorySource.pattern(1000), download.bytes());
        }
    }

    @Test
    void abandonedRequestsDoNotLockTheirAddressOut() throws Exception {
        List<RawTftpClient> abandoned = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawTftpClient client = new RawTftpClient();
                abandoned.add(client);
                client.send(rrq("ipxe.efi"), address());
                assertInstanceOf(Data.class, client.receive().packet(), "request " + (i + 1) + " is served");
            }
            assertEquals(TftpServerSettings.DEFAULT_MAX_TRANSFERS_PER_CLIENT, server.activeTransfers());
            try (RawTftpClient again = new RawTftpClient()) {
                assertArrayEquals(IPXE, again.download(address(), rrq("ipxe.efi")).bytes(), "the 21st request");
            }
            // The oldest gave way first, and its port was told.
            RawTftpClient.Received told = abandoned.get(0).receive();
            while (!(told.packet() instanceof TftpError)) {
                told = abandoned.get(0).receive();
            }
            assertEquals(new TftpError(ErrorCode.NOT_DEFINED, "Ended by a newer request from this host"),
                    told.packet());
        } finally {
            abandoned.forEach(RawTftpClient::close);
        }
        int superseded = 20 + 1 - TftpServerSettings.DEFAULT_MAX_TRANSFERS_PER_CLIENT;
        assertEquals(superseded, server.stats().superseded(), server.stats().toString());
        assertEquals(0, server.stats().busy());
        List<TransferOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < superseded + 1; i++) {
            outcomes.add(nextReport().outcome());
        }
        assertEquals(superseded, outcomes.stream().filter(TransferOutcome.SUPERSEDED::equals).count(),
                outcomes.toString());
        assertTrue(outcomes.contains(TransferOutcome.COMPLETED), outcomes.toString());
    }

    @Test
    void floodsAndGarbageNeitherCrashNorPileUp() throws Exception {
        server = start(settings().withMaxTransfers(16).withTimeout(Duration.ofSeconds(1)).withMaxRetries(0));
        List<RawTftpClient> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                RawTftpClient client = new RawTftpClient();
                flood.add(client);
                client.send(rrq("ipxe.efi", "blksize", "1400"), address());
            }
            // The last request holds a running transfer: the older ones from [::1] gave way to newer ones.
            InetSocketAddress transferPort = flood.get(flood.size() - 1).receive().from();
            assertTrue(server.activeTransfers() <= TftpServerSettings.DEFAULT_MAX_TRANSFERS_PER_CLIENT,
                    "one client address holds at most 8 transfers, not " + server.activeTransfers());
            Random random = new Random(11);
            RawTftpClient garbage = flood.get(0);
            for (int i = 0; i < 2000; i++) {
                byte[] noise = new byte[random.nextInt(1600)];
                random.nextBytes(noise);
                if (noise.length > 1 && random.nextBoolean()) {
                    noise[0] = 0;
                    noise[1] = (byte) (1 + random.nextInt(6));
                }
                garbage.sendRaw(noise, random.nextBoolean() ? address() : transferPort);
            }
            // Bigger than any request should be: cut to the receive buffer, then malformed.
            garbage.sendRaw(new byte[60_000], address());
        } finally {
            flood.forEach(RawTftpClient::close);
        }
        assertTrue(server.stats().superseded() >= 100 - TftpServerSettings.DEFAULT_MAX_TRANSFERS_PER_CLIENT,
                server.stats().toString());
        assertTrue(server.stats().malformed() > 0, server.stats().toString());
        // The abandoned transfers time out and free their slots; the server still serves.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.activeTransfers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, server.activeTransfers());
        // A fresh socket on [::1]: commons-net's client would take any stray packet's port as the server's.
        try (RawTftpClient client = new RawTftpClient()) {
            assertArrayEquals(IPXE, client.download(address(), rrq("ipxe.efi", "blksize", "1400")).bytes());
        }
    }

    @Test
    void hundredsOfUnknownOptionsAreLeftOutOfTheOack() throws Exception {
        List<String> options = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            options.add("x" + i);
            options.add("1");
        }
        options.addAll(List.of("blksize", "1024", "blksize", "2048"));
        try (RawTftpClient client = new RawTftpClient()) {
            RawTftpClient.Download download = client.download(address(), rrq("ipxe.efi", options.toArray(String[]::new)));
            assertEquals(Optional.of(new OptionAck(new TftpOption("blksize", "1024"))), download.optionAck());
            assertArrayEquals(IPXE, download.bytes());
        }
    }

    @Test
    void blockNumbersWrapInALongTransfer() throws Exception {
        byte[] file = MemorySource.pattern(65_536 * 8 + 5);
        Files.write(root.resolve("long"), file);
        try (RawTftpClient client = new RawTftpClient()) {
            RawTftpClient.Download download = client.download(address(),
                    rrq("long", "blksize", "8", "windowsize", "64"));
            assertArrayEquals(file, download.bytes());
            assertTrue(download.packets() >= 65_537, "blocks 1..65535, 0, 1");
        }
        assertEquals(TransferOutcome.COMPLETED, nextReport().outcome());
    }

    @Test
    void closingTellsRunningClients() throws Exception {
        try (RawTftpClient client = new RawTftpClient()) {
            client.send(rrq("ipxe.efi"), address());
            RawTftpClient.Received first = client.receive();
            server.close();
            RawTftpClient.Received last = client.receive();
            assertEquals(new TftpError(ErrorCode.NOT_DEFINED, "Server is stopping"), last.packet());
            assertEquals(first.from(), last.from());
        }
        assertEquals(TransferOutcome.CANCELLED, nextReport().outcome());
    }
}
