package io.tandem.tftpd.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.tftpd.transfer.MemorySource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** netascii (RFC 764 as RFC 1350 uses it): LF → CR LF, CR → CR NUL, readable by position. */
class TftpNetasciiTest {
    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The conversion done the obvious way, to compare with. */
    private static byte[] converted(byte[] octets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte octet : octets) {
            if (octet == '\n') {
                out.write('\r');
                out.write('\n');
            } else if (octet == '\r') {
                out.write('\r');
                out.write(0);
            } else {
                out.write(octet);
            }
        }
        return out.toByteArray();
    }

    private static byte[] readAll(NetasciiBlockSource source, int blockSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long offset = 0; ; offset += blockSize) {
            byte[] block = source.read(offset, blockSize).toArray();
            out.writeBytes(block);
            if (block.length < blockSize) {
                return out.toByteArray();
            }
        }
    }

    @Test
    void linesEndInCrLfAndLoneCrIsFollowedByNul() throws IOException {
        NetasciiBlockSource source = new NetasciiBlockSource(new MemorySource(ascii("one\ntwo\r\nthree\rfour")));
        assertArrayEquals(ascii("one\r\ntwo\r\0\r\nthree\r\0four"), readAll(source, 512));
    }

    @Test
    void blockBoundariesMayFallInsideAPair() throws IOException {
        byte[] octets = ascii("\n\r\n\rx\n\n\r");
        for (int blockSize = 1; blockSize <= 6; blockSize++) {
            NetasciiBlockSource source = new NetasciiBlockSource(new MemorySource(octets));
            assertArrayEquals(converted(octets), readAll(source, blockSize), "block size " + blockSize);
        }
    }

    @Test
    void aWindowReadAgainGivesTheSameBytes() throws IOException {
        byte[] octets = new byte[100_000];
        new Random(7).nextBytes(octets);
        byte[] expected = converted(octets);
        NetasciiBlockSource source = new NetasciiBlockSource(new MemorySource(octets));
        int blockSize = 512;
        long offset = 0;
        Random random = new Random(8);
        while (offset < expected.length) {
            // Forward one block at a time, sometimes back a few blocks as a timed-out window is.
            int back = random.nextInt(10) == 0 ? random.nextInt(8) : 0;
            long at = Math.max(0, offset - (long) back * blockSize);
            byte[] block = source.read(at, blockSize).toArray();
            int length = (int) Math.min(blockSize, expected.length - at);
            byte[] wanted = new byte[length];
            System.arraycopy(expected, (int) at, wanted, 0, length);
            assertArrayEquals(wanted, block, "at " + at);
            offset = at + blockSize;
        }
    }

    @Test
    void evenAPositionLongForgottenIsFoundAgain() throws IOException {
        byte[] octets = ascii("x\n".repeat(5000));
        byte[] expected = converted(octets);
        NetasciiBlockSource source = new NetasciiBlockSource(new MemorySource(octets));
        assertEquals(expected.length, readAll(source, 8).length);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 1000, 1008), source.read(1000, 8).toArray());
    }
}
