package io.tandem.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MacAddressTest {
    private static final MacAddress QEMU = MacAddress.parse("52:54:00:12:34:56");

    @Test
    void parsesEveryCommonSpelling() {
        for (String spelling : new String[] {"52:54:00:12:34:56", "52-54-00-12-34-56", "5254.0012.3456",
            "525400123456", "52:54:00:12:34:56".toUpperCase(), " 52:54:00:12:34:56 "}) {
            assertEquals(QEMU, MacAddress.parse(spelling), spelling);
        }
        assertEquals("52:54:00:12:34:56", QEMU.toString());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("52:54:00:12:34"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("not a mac"));
        assertEquals(Optional.empty(), MacAddress.tryParse("52:54:00:12:34:5g"));
        assertEquals(Optional.empty(), MacAddress.tryParse("52:54:00:12:34:56:78"), "too many digits");
        assertEquals(Optional.empty(), MacAddress.tryParse("52:54:00:12:34:\uff15\uff16"), "digits of other scripts");
        assertEquals(Optional.empty(), MacAddress.tryParse("52 54 00 12 34 56"), "spaces between");
        assertEquals(Optional.empty(), MacAddress.tryParse(""));
        assertEquals(Optional.of(QEMU), MacAddress.tryParse("5-2:5.4:0-0:1.2:3-4:5.6"), "separators anywhere, as before");
    }

    @Test
    void isA48BitNumberBothWays() {
        assertEquals(0x5254_0012_3456L, MacAddress.parse("52:54:00:12:34:56").toLong());
        assertEquals(MacAddress.parse("ff:ff:ff:ff:ff:ff"), MacAddress.fromLong(-1));
        assertEquals(MacAddress.parse("00:00:00:00:00:00"), MacAddress.fromLong(1L << 48), "bits above 48 are ignored");
    }

    @Test
    void readsLocallyAdministeredMacsFromEui64LinkLocals() {
        assertEquals(Optional.of(QEMU), MacAddress.fromEui64(Addresses.parse6("fe80::5054:ff:fe12:3456")));
        assertTrue(QEMU.isLocallyAdministered(), "qemu's MACs are locally administered");
        assertEquals(Addresses.parse6("fe80::5054:ff:fe12:3456"), QEMU.linkLocal());
    }

    @Test
    void readsUniversallyAdministeredMacsFromEui64LinkLocals() {
        MacAddress universal = MacAddress.parse("00:00:5e:00:53:01");
        assertFalse(universal.isLocallyAdministered());
        assertEquals(Optional.of(universal), MacAddress.fromEui64(Addresses.parse6("fe80::200:5eff:fe00:5301")));
        assertEquals(Addresses.parse6("fe80::200:5eff:fe00:5301"), universal.linkLocal());
    }

    @Test
    void aStablePrivacyLinkLocalHoldsNoMac() {
        assertEquals(Optional.empty(), MacAddress.fromEui64(Addresses.parse6("fe80::1c2b:3a4d:5e6f:7081")));
    }
}
