package io.tandem.common.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.common.wire.Bytes;
import org.junit.jupiter.api.Test;

class LeaseCsvTextTest {
    @Test
    void escapesTheSeparatorTheAmpersandAndControlCharactersAsKeaReadsThem() {
        assertEquals("plain.example.org", KeaText.escape("plain.example.org"));
        assertEquals("a&#x2cb&#x26c", KeaText.escape("a,b&c"));
        assertEquals("line&#x0anext&#x09tab&#x7f", KeaText.escape("line\nnext\ttab\u007f"));
        assertEquals("no&#x26#x2cescape", KeaText.escape("no&#x2cescape"));
    }

    @Test
    void unescapesAsKeasCsvRowTestExpects() {
        // Kea's csv_file_unittest.cc, CSVRowTest.escapeUnescape
        assertEquals(",FO^O\\,B?,AR,", KeaText.unescape("&#x2cFO&#x5eO\\&#x2cB&#x3f&#x2cAR&#x2c"));
        assertEquals("no&#xescape", KeaText.unescape("no&#xescape"));
        assertEquals("no&#x2cescape", KeaText.unescape(KeaText.escape("no&#x2cescape")));
    }

    @Test
    void unescapesEitherCaseBytesOfUtf8AndLeavesAnIncompleteTagAlone() {
        assertEquals("a,b", KeaText.unescape("a&#x2Cb"));
        assertEquals("caf\u00e9", KeaText.unescape("caf&#xc3&#xa9"));
        assertEquals("ends&#x4", KeaText.unescape("ends&#x4"));
        assertEquals("&#x", KeaText.unescape("&#x"));
        assertEquals("&#x&,", KeaText.unescape("&#x&#x26&#x2c"));
    }

    @Test
    void readsHardwareAddressesAsKeasColonSeparatedDecoder() {
        assertEquals(Bytes.fromHex("52540a000102"), KeaText.colonSeparatedHex("52:54:a:0:1:02"));
        assertEquals(Bytes.EMPTY, KeaText.colonSeparatedHex(""));
        assertThrows(IllegalArgumentException.class, () -> KeaText.colonSeparatedHex("52::54"));
        assertThrows(IllegalArgumentException.class, () -> KeaText.colonSeparatedHex("525:4"));
        assertThrows(IllegalArgumentException.class, () -> KeaText.colonSeparatedHex("5g:54"));
        assertThrows(IllegalArgumentException.class, () -> KeaText.colonSeparatedHex("52:54:"));
    }

    @Test
    void readsDuidsAndClientIdsAsKeasFormattedDecoder() {
        Bytes expected = Bytes.fromHex("000102");
        assertEquals(expected, KeaText.formattedHex("00:01:02"));
        assertEquals(expected, KeaText.formattedHex("00 01 02"));
        assertEquals(expected, KeaText.formattedHex("000102"));
        assertEquals(expected, KeaText.formattedHex("0x000102"));
        assertEquals(expected, KeaText.formattedHex("00102"));
        assertThrows(IllegalArgumentException.class, () -> KeaText.formattedHex("00-01-02"));
        assertThrows(IllegalArgumentException.class, () -> KeaText.formattedHex("00  01"));
    }
}
