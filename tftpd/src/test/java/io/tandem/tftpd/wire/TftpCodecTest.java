package io.tandem.tftpd.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.Mutator;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The codec against the packet figures of RFC 1350 §5, RFC 2347 §2 and the examples of RFC
 * 2347 §4 and RFC 7440 §4, written out byte by byte; then malformed and hostile datagrams.
 */
class TftpCodecTest {
    /** Builds a datagram from a 16-bit opcode and then strings (each NUL-terminated) or raw byte arrays. */
    private static byte[] datagram(int opcode, Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(opcode >>> 8);
        out.write(opcode);
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
                out.write(0);
            } else {
                out.writeBytes((byte[]) part);
            }
        }
        return out.toByteArray();
    }

    private static void assertVector(TftpPacket packet, byte[] wire) throws DecodeException {
        assertEquals(packet, TftpCodec.decode(wire));
        assertArrayEquals(wire, TftpCodec.encode(packet));
    }

    @Test
    void readRequestOfRfc1350Figure5dash1() throws DecodeException {
        byte[] wire = {
            0x00, 0x01,                                     // opcode 1: RRQ
            'f', 'o', 'o', 'f', 'i', 'l', 'e', 0x00,        // filename, NUL
            'n', 'e', 't', 'a', 's', 'c', 'i', 'i', 0x00,   // mode, NUL
        };
        assertVector(new ReadRequest("foofile", "netascii"), wire);
    }

    @Test
    void writeRequestOfRfc1350Figure5dash1() throws DecodeException {
        byte[] wire = {
            0x00, 0x02,                                     // opcode 2: WRQ
            'u', 'p', 0x00,                                 // filename
            'o', 'c', 't', 'e', 't', 0x00,                  // mode
        };
        assertVector(new WriteRequest("up", "octet"), wire);
    }

    @Test
    void requestAndOackOfRfc2347Example() throws DecodeException {
        // RFC 2347 §4: |1|foofile|0|octet|0|blksize|0|1432|0|  and  |6|blksize|0|1432|0|
        byte[] request = {
            0x00, 0x01,
            'f', 'o', 'o', 'f', 'i', 'l', 'e', 0x00,
            'o', 'c', 't', 'e', 't', 0x00,
            'b', 'l', 'k', 's', 'i', 'z', 'e', 0x00,        // option name
            '1', '4', '3', '2', 0x00,                       // option value
        };
        assertVector(new ReadRequest("foofile", "octet", new TftpOption("blksize", "1432")), request);
        byte[] oack = {
            0x00, 0x06,                                     // opcode 6: OACK
            'b', 'l', 'k', 's', 'i', 'z', 'e', 0x00,
            '1', '4', '3', '2', 0x00,
        };
        assertVector(new OptionAck(new TftpOption("blksize", "1432")), oack);
    }

    @Test
    void edk2SizeProbe() throws DecodeException {
        // FIELD-NOTES: EDK2 asks "blksize=1228 tsize=0 windowsize=4" for a path without a leading slash.
        byte[] wire = datagram(1, "52:54:00:12:34:56/ipxe.efi", "octet", "blksize", "1228", "tsize", "0",
                "windowsize", "4");
        ReadRequest request = (ReadRequest) TftpCodec.decode(wire);
        assertEquals("52:54:00:12:34:56/ipxe.efi", request.filename());
        assertEquals(List.of(new TftpOption("blksize", "1228"), new TftpOption("tsize", "0"),
                new TftpOption("windowsize", "4")), request.options());
        assertEquals("4", request.option("WindowSize").orElseThrow().value());
        assertArrayEquals(wire, TftpCodec.encode(request));
    }

    @Test
    void dataOfRfc1350Figure5dash2() throws DecodeException {
        byte[] wire = {
            0x00, 0x03,                                     // opcode 3: DATA
            0x01, 0x02,                                     // block 258
            'h', 'e', 'l', 'l', 'o',                        // data
        };
        assertVector(new Data(258, Bytes.utf8("hello")), wire);
        assertVector(new Data(65535, Bytes.EMPTY), new byte[] {0x00, 0x03, (byte) 0xff, (byte) 0xff});
    }

    @Test
    void ackOfRfc1350Figure5dash3() throws DecodeException {
        assertVector(new Ack(0), new byte[] {0x00, 0x04, 0x00, 0x00});
        assertVector(new Ack(65535), new byte[] {0x00, 0x04, (byte) 0xff, (byte) 0xff});
    }

    @Test
    void errorOfRfc1350Figure5dash4() throws DecodeException {
        byte[] wire = {
            0x00, 0x05,                                     // opcode 5: ERROR
            0x00, 0x08,                                     // code 8 (RFC 2347)
            'U', 's', 'e', 'r', ' ', 'a', 'b', 'o', 'r', 't', 'e', 'd', 0x00,
        };
        assertVector(new TftpError(ErrorCode.OPTION_REFUSED, "User aborted"), wire);
    }

    @Test
    void errorWithoutItsNulOrMessageIsStillUnderstood() throws DecodeException {
        assertEquals(new TftpError(ErrorCode.ILLEGAL_OPERATION, "oops"),
                TftpCodec.decode(new byte[] {0, 5, 0, 4, 'o', 'o', 'p', 's'}));
        assertEquals(new TftpError(ErrorCode.NOT_DEFINED, ""), TftpCodec.decode(new byte[] {0, 5, 0, 0}));
        assertEquals(new TftpError(ErrorCode.of(99), "x"), TftpCodec.decode(new byte[] {0, 5, 0, 99, 'x', 0, 'y'}));
    }

    @Test
    void optionNamesKeepTheirSpellingAndCompareWithoutCase() throws DecodeException {
        ReadRequest request = (ReadRequest) TftpCodec.decode(datagram(1, "f", "OCTET", "BlkSize", "1024"));
        assertEquals("BlkSize", request.options().get(0).name());
        assertTrue(request.options().get(0).is("blksize"));
        assertEquals("OCTET", request.mode());
    }

    @Test
    void stringsAreUtf8() throws DecodeException {
        ReadRequest request = new ReadRequest("bööt/grüße.efi", "octet");
        assertEquals(request, TftpCodec.decode(TftpCodec.encode(request)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                       // nothing
        "00",                     // half an opcode
        "0000",                   // opcode 0
        "0007",                   // opcode 7
        "ffff",                   // opcode 65535
        "0001",                   // RRQ without a filename
        "000166",                 // filename without NUL
        "00016600",               // no mode
        "000166006f63746574",     // mode without NUL
        "0001660000",             // (empty mode is fine, but) ...
        "0001660000626c6b",       // option name without NUL
        "0001660000626c6b00",     // option without a value
        "0001660000626c6b003531",  // option value without NUL
        "0002",                   // WRQ without a filename
        "0003",                   // DATA without a block
        "000300",                 // DATA with half a block
        "0004",                   // ACK without a block
        "000400",                 // ACK with half a block
        "0004000000",             // ACK with a trailing byte
        "0005",                   // ERROR without a code
        "000500",                 // ERROR with half a code
        "000600",                 // OACK name without NUL
        "00066100",               // OACK option without a value
        "0001ff00006f6374657400", // filename that is not UTF-8
    })
    void malformedDatagramsFailWithDecodeException(String hex) {
        byte[] wire = Bytes.fromHex(hex).toArray();
        if (hex.equals("0001660000")) {
            // An empty mode decodes: the server refuses the mode, the codec does not judge it.
            try {
                assertEquals(new ReadRequest("f", ""), TftpCodec.decode(wire));
            } catch (DecodeException e) {
                throw new AssertionError(e);
            }
            return;
        }
        DecodeException e = assertThrows(DecodeException.class, () -> TftpCodec.decode(wire));
        assertTrue(e.offset() >= 0 && e.offset() <= wire.length, e.getMessage());
    }

    @Test
    void errorsSayWhatAndWhere() {
        DecodeException e = assertThrows(DecodeException.class,
                () -> TftpCodec.decode(datagram(1, "file", "octet", "blksize")));
        assertEquals("option 'blksize' has no value (at offset 13)", e.getMessage());
        e = assertThrows(DecodeException.class, () -> TftpCodec.decode(new byte[] {0, 9}));
        assertEquals("unknown opcode 9 (at offset 0)", e.getMessage());
    }

    @Test
    void aHugeOptionListCostsNoMoreThanItsDatagram() throws DecodeException {
        Object[] parts = new Object[2 + 2 * 4000];
        parts[0] = "f";
        parts[1] = "octet";
        for (int i = 2; i < parts.length; i++) {
            parts[i] = "";
        }
        ReadRequest request = (ReadRequest) TftpCodec.decode(datagram(1, parts));
        assertEquals(4000, request.options().size());
    }

    @Test
    void hostileBytesDecodeOrFailWithDecodeExceptionOnly() {
        List<byte[]> seeds = List.of(
                datagram(1, "52:54:00:12:34:56/ipxe.efi", "octet", "blksize", "1228", "tsize", "0", "windowsize", "4"),
                datagram(2, "upload", "netascii"),
                datagram(3, new byte[] {0, 1}, new byte[512]),
                datagram(4, new byte[] {0, 7}),
                datagram(5, new byte[] {0, 8}, "User aborted the transfer"),
                datagram(6, "blksize", "1228", "tsize", "1048576"));
        Random random = new Random(20240601L);
        for (int i = 0; i < 50_000; i++) {
            byte[] mutant = Mutator.mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
            TftpPacket packet;
            try {
                packet = TftpCodec.decode(mutant);
            } catch (DecodeException expected) {
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + i + ": " + Bytes.of(mutant).hex(), e);
            }
            try {
                assertEquals(packet, TftpCodec.decode(TftpCodec.encode(packet)), "iteration " + i);
            } catch (DecodeException e) {
                throw new AssertionError("a decoded packet does not re-encode: " + packet, e);
            }
        }
    }

    @Test
    void valuesRefuseWhatCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> new ReadRequest("a\0b", "octet"));
        assertThrows(IllegalArgumentException.class, () -> new TftpOption("blksize", "1\0"));
        assertThrows(IllegalArgumentException.class, () -> new Ack(65536));
        assertThrows(IllegalArgumentException.class, () -> new Data(-1, Bytes.EMPTY));
    }
}
