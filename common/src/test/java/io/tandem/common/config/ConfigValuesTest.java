package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The value types of configurations: prefixes, pools, hex, listen addresses, CSV. */
class ConfigValuesTest {
    @Test
    void aPrefixClearsItsHostBitsAsKeaAccepts() {
        Prefix6 prefix = Prefix6.parse("2001:db8:1::5/64");
        assertEquals("2001:db8:1::/64", prefix.toString());
        assertTrue(prefix.contains(Addresses.parse6("2001:db8:1::ffff")));
        assertFalse(prefix.contains(Addresses.parse6("2001:db8:2::1")));
        assertTrue(prefix.contains(Prefix6.parse("2001:db8:1:0:1::/80")));
        assertFalse(prefix.contains(Prefix6.parse("2001:db8::/48")));
        assertTrue(prefix.overlaps(Prefix6.parse("2001:db8::/32")));
        assertFalse(prefix.overlaps(Prefix6.parse("2001:db8::/48")));
        assertEquals("2001:db8:1:0:ffff:ffff:ffff:ffff", Addresses.text(prefix.lastAddress()));
    }

    @Test
    void badPrefixesSayWhy() {
        assertEquals("no /length", assertThrows(IllegalArgumentException.class, () -> Prefix6.parse("2001:db8::")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Prefix6.parse("2001:db8::/x"));
        assertThrows(IllegalArgumentException.class, () -> Prefix6.parse("192.0.2.0/24"));
        assertThrows(IllegalArgumentException.class, () -> Prefix6.parse("fe80::1%eth0/64"));
    }

    @Test
    void poolsAreRangesOrPrefixes() {
        AddressRange6 range = AddressRange6.parsePool("2001:db8:1::10 - 2001:db8:1::ff");
        assertEquals("2001:db8:1::10 - 2001:db8:1::ff", range.toString());
        assertEquals(range, AddressRange6.parsePool("2001:db8:1::10-2001:db8:1::ff"));
        assertEquals("2001:db8:1:: - 2001:db8:1::ffff:ffff:ffff", AddressRange6.parsePool("2001:db8:1::/80").toString());
        assertTrue(range.contains(Addresses.parse6("2001:db8:1::ff")));
        assertFalse(range.contains(Addresses.parse6("2001:db8:1::100")));
        assertTrue(range.overlaps(AddressRange6.parsePool("2001:db8:1::ff - 2001:db8:1::1ff")));
        assertFalse(range.overlaps(AddressRange6.parsePool("2001:db8:1::100 - 2001:db8:1::1ff")));
        assertThrows(IllegalArgumentException.class, () -> AddressRange6.parsePool("2001:db8:1::ff - 2001:db8:1::10"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange6.parsePool("2001:db8:1::10"));
    }

    @Test
    void hexInKeasForms() {
        Bytes expected = Bytes.fromHex("01020a");
        for (String text : List.of("01:02:0a", "1:2:a", "01 02 0a", "01020a", "0x01020a", "01-02-0A")) {
            assertEquals(expected, HexText.decode(text), text);
        }
        assertEquals(Bytes.fromHex("0abc"), HexText.decode("abc"));
        assertTrue(HexText.hasOddDigitCount("0xabc"));
        assertFalse(HexText.hasOddDigitCount("01:2:3"));
        assertEquals(Bytes.utf8("somevalue"), HexText.decodeQuotedOrHex("'somevalue'"));
        assertThrows(IllegalArgumentException.class, () -> HexText.decode("01::02"));
        assertThrows(IllegalArgumentException.class, () -> HexText.decode("012:03"));
        assertThrows(IllegalArgumentException.class, () -> HexText.decode("0xzz"));
        assertThrows(IllegalArgumentException.class, () -> HexText.decodeQuotedOrHex("''"));
    }

    @Test
    void hardwareAddressesInEveryCommonSpelling() {
        Bytes mac = Bytes.fromHex("525400123456");
        for (String text : List.of("52:54:00:12:34:56", "52-54-00-12-34-56", "5254.0012.3456", "525400123456")) {
            assertEquals(mac, HexText.hardwareAddress(text), text);
        }
        assertEquals(20, HexText.hardwareAddress("00".repeat(20)).length());
        assertThrows(IllegalArgumentException.class, () -> HexText.hardwareAddress("00".repeat(21)));
        assertThrows(IllegalArgumentException.class, () -> HexText.hardwareAddress("525.400.123.456"));
        assertThrows(IllegalArgumentException.class, () -> HexText.hardwareAddress(""));
    }

    @Property
    void hexAsKeaPrintsItReadsBack(@ForAll @Size(min = 1, max = 40) byte[] bytes) {
        Bytes value = Bytes.of(bytes);
        assertEquals(value, HexText.decode(value.colonHex()));
        assertEquals(value, HexText.decode(value.hex()));
        assertEquals(value, HexText.decode("0x" + value.hex()));
    }

    @Property
    void aPrefixHoldsBothEndsOfItsRange(@ForAll @Size(16) byte[] address, @ForAll @IntRange(max = 128) int length) {
        Prefix6 prefix = new Prefix6(Addresses.inet6(address), length);
        assertTrue(prefix.contains(prefix.range().first()));
        assertTrue(prefix.contains(prefix.range().last()));
        assertEquals(prefix, Prefix6.parse(prefix.toString()));
    }

    @Test
    void listenAddresses() {
        assertEquals("[::]:69", ListenAddress.parse("[::]:69").toString());
        assertEquals("192.0.2.1:6315", ListenAddress.parse("192.0.2.1:6315").toString());
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("::1:69"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("localhost:69"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("[::]:70000"));
    }

    @Test
    void csvAsSpreadsheetsWriteIt() {
        List<CsvReader.Row> rows = CsvReader.read("""
                \uFEFFhw-address,ip-addresses,bootfile-url
                # a comment
                52:54:00:12:34:56 , 2001:db8::1,"http://x/?a=1,b=2"

                "52:54:00:12:34:57","2001:db8::2
                2001:db8::3",""\"quoted\"""
                """);
        assertEquals(3, rows.size());
        assertEquals(List.of("hw-address", "ip-addresses", "bootfile-url"), rows.get(0).fields());
        assertEquals(3, rows.get(1).line());
        assertEquals(List.of("52:54:00:12:34:56", "2001:db8::1", "http://x/?a=1,b=2"), rows.get(1).fields());
        assertEquals(5, rows.get(2).line());
        assertEquals(List.of("52:54:00:12:34:57", "2001:db8::2\n2001:db8::3", "\"quoted\""), rows.get(2).fields());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvReader.read("a\n\"b,c\n"));
        assertEquals("line 2: a quoted field is not closed", e.getMessage());
    }
}
