package io.tandem.common.wire.dhcp4;

import static io.tandem.common.wire.dhcp4.Dhcp4CodecVectorTest.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.DecodeException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each malformed datagram fails with a DecodeException that says what is wrong and where. */
class Dhcp4CodecMalformedTest {
    /** Where the first option starts: after the 236-byte header and the 4-byte cookie. */
    private static final int OPTIONS = 240;

    private static DecodeException rejects(byte[] datagram, int offset, String... fragments) {
        DecodeException e = assertThrows(DecodeException.class, () -> Dhcp4Codec.decode(datagram));
        assertEquals(offset, e.offset(), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
        }
        return e;
    }

    private static byte[] withOptions(String options) {
        return AnnotatedHex.parse(header() + options);
    }

    @Test
    void emptyDatagram() {
        rejects(new byte[0], 0, "op");
    }

    @Test
    void truncatedHeader() {
        byte[] discover = Dhcp4Vectors.bytes(Dhcp4Vectors.DISCOVER);
        rejects(Arrays.copyOf(discover, 100), 44, "sname", "needs 64 bytes, 56 left");
        rejects(Arrays.copyOf(discover, 27), 24, "giaddr");
    }

    @Test
    void bootpWithoutCookie() {
        byte[] discover = Dhcp4Vectors.bytes(Dhcp4Vectors.DISCOVER);
        rejects(Arrays.copyOf(discover, 236), 236, "magic cookie", "0 left");
        rejects(Arrays.copyOf(discover, 238), 236, "magic cookie", "2 left");
    }

    @Test
    void badCookie() {
        byte[] discover = Dhcp4Vectors.bytes(Dhcp4Vectors.DISCOVER);
        discover[239] = 0x64;
        rejects(discover, 236, "magic cookie 63825364");
    }

    @Test
    void optionLengthPastTheEnd() {
        rejects(withOptions("35 01 01  0c 10 \"ab\""), OPTIONS + 3, "option 12 (host-name)", "length 16 exceeds the 2 bytes left");
    }

    @Test
    void optionWithoutLengthByte() {
        rejects(withOptions("35 01 01  0c"), OPTIONS + 3, "option 12 (host-name)", "no length byte");
    }

    @Test
    void addressOfFiveBytes() {
        rejects(withOptions("35 01 01  36 05 c000020101 ff"), OPTIONS + 3,
                "option 54 (dhcp-server-identifier)", "length 5, expected 4");
    }

    @Test
    void fixedLengthsAreExact() {
        rejects(withOptions("01 03 ffffff ff"), OPTIONS, "option 1 (subnet-mask)", "length 3, expected 4");
        rejects(withOptions("33 03 000e10 ff"), OPTIONS, "option 51 (dhcp-lease-time)", "length 3, expected 4");
        rejects(withOptions("39 01 05 ff"), OPTIONS, "option 57 (dhcp-max-message-size)", "length 1, expected 2");
        rejects(withOptions("35 00 ff"), OPTIONS, "option 53 (dhcp-message-type)", "length 0, expected 1");
        rejects(withOptions("02 02 0000 ff"), OPTIONS, "option 2 (time-offset)", "length 2, expected 4");
        rejects(withOptions("5e 02 0103 ff"), OPTIONS, "option 94 (client-ndi)", "length 2, expected 3");
    }

    @Test
    void listsHoldWholeItems() {
        rejects(withOptions("03 06 c0000201 c000 ff"), OPTIONS, "option 3 (routers)", "length 6 is not a multiple of 4");
        rejects(withOptions("5d 03 000700 ff"), OPTIONS, "option 93 (client-system)", "length 3 is not a multiple of 2");
    }

    @Test
    void shortIdentifiers() {
        rejects(withOptions("3d 01 01 ff"), OPTIONS, "option 61 (dhcp-client-identifier)", "length 1, at least 2");
        rejects(withOptions("61 00 ff"), OPTIONS, "option 97 (uuid-guid)", "length 0, at least 1");
    }

    @Test
    void twoInstancesOfAOneByteOptionMakeTwoBytes() {
        rejects(withOptions("35 01 01  0c 01 \"a\"  35 01 03 ff"), OPTIONS,
                "option 53 (dhcp-message-type)", "length 2, expected 1");
    }

    @Test
    void overloadValueOutOfRange() {
        rejects(withOptions("35 01 01  34 01 04 ff"), OPTIONS + 3, "option 52 (dhcp-option-overload)", "value 4");
        rejects(withOptions("35 01 01  34 01 00 ff"), OPTIONS + 3, "option 52", "value 0");
        rejects(withOptions("34 02 0303 ff"), OPTIONS, "option 52", "length 2, expected 1");
    }

    @Test
    void overloadPointingToGarbage() {
        byte[] datagram = withOptions("34 01 01 ff");
        int file = 108;
        datagram[file] = 0x0c;
        datagram[file + 1] = 0x7f;
        rejects(datagram, file, "option 12 (host-name)", "length 127 exceeds the 126 bytes left in the file field");

        byte[] sname = withOptions("34 01 02 ff");
        Arrays.fill(sname, 44, 108, (byte) 0x41);
        rejects(sname, 44, "option 65", "length 65 exceeds the 62 bytes left in the sname field");

        byte[] cut = withOptions("34 01 02 ff");
        Arrays.fill(cut, 44, 107, (byte) 0);
        cut[107] = 0x0c;
        rejects(cut, 107, "option 12 (host-name)", "no length byte before the end of the sname field");
    }

    @Test
    void overloadInsideAnOverloadedField() {
        byte[] datagram = withOptions("34 01 01 ff");
        datagram[108] = 0x34;
        datagram[109] = 0x01;
        datagram[110] = 0x02;
        rejects(datagram, 108, "option 52", "in the file field");
    }

    @Test
    void badlyTypedOptionInTheFileFieldPointsIntoIt() {
        byte[] datagram = withOptions("34 01 01 ff");
        byte[] body = {0x36, 0x02, 1, 2, (byte) 0xff};
        System.arraycopy(body, 0, datagram, 108, body.length);
        rejects(datagram, 108, "option 54 (dhcp-server-identifier)", "length 2, expected 4");
    }

    @Test
    void relayAgentSubOptions() {
        rejects(withOptions("52 04 01 05 0a0b ff"), OPTIONS + 2,
                "option 82 (dhcp-agent-options) sub-option 1 (circuit-id)", "length 5 exceeds the 2 bytes left");
        rejects(withOptions("52 03 01 00 02 ff"), OPTIONS + 4, "sub-option 2 (remote-id)", "no length byte");
        rejects(withOptions("52 05 05 03 c63364 ff"), OPTIONS + 2,
                "sub-option 5 (link-selection)", "length 3, expected 4");
        rejects(withOptions("52 03 98 01 00 ff"), OPTIONS + 2,
                "sub-option 152 (virtual-subnet-select-ctrl)", "length 1, expected 0");
    }

    @Test
    void aSubOptionErrorInASecondInstancePointsAtItsBytes() {
        // The second instance of 82 starts at OPTIONS + 7; its data at + 9, where link-selection begins.
        rejects(withOptions("52 05 01 03 0a0b0c  52 05 05 03 c63364 ff"), OPTIONS + 9,
                "sub-option 5 (link-selection)", "length 3, expected 4");
    }
}
