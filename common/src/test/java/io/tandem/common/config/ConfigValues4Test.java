package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import org.junit.jupiter.api.Test;

/** IPv4 configuration values: prefixes, pools, addresses as numbers. */
class ConfigValues4Test {
    @Test
    void prefixes() {
        Prefix4 prefix = Prefix4.parse(" 192.0.2.77 / 24 ");
        assertEquals("192.0.2.0/24", prefix.toString());
        assertEquals(Addresses.parse4("255.255.255.0"), prefix.mask());
        assertEquals(Addresses.parse4("192.0.2.255"), prefix.lastAddress());
        assertTrue(prefix.contains(Addresses.parse4("192.0.2.1")));
        assertFalse(prefix.contains(Addresses.parse4("192.0.3.1")));
        assertTrue(prefix.overlaps(Prefix4.parse("192.0.2.128/25")));
        assertFalse(prefix.overlaps(Prefix4.parse("192.0.3.0/24")));
        assertEquals(Addresses.parse4("0.0.0.0"), Prefix4.parse("10.0.0.0/0").mask());
        assertTrue(Prefix4.parse("0.0.0.0/0").contains(Addresses.parse4("255.255.255.255")));
        assertEquals("no /length", assertThrows(IllegalArgumentException.class, () -> Prefix4.parse("192.0.2.1"))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Prefix4.parse("192.0.2.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Prefix4.parse("2001:db8::/64"));
    }

    @Test
    void pools() {
        AddressRange4 range = AddressRange4.parsePool("192.0.2.10-192.0.2.20");
        assertEquals("192.0.2.10 - 192.0.2.20", range.toString());
        assertEquals(11, range.size());
        assertTrue(range.contains(Addresses.parse4("192.0.2.20")));
        assertFalse(range.contains(Addresses.parse4("192.0.2.21")));
        assertEquals(AddressRange4.parsePool("192.0.2.128 - 192.0.2.255"), AddressRange4.parsePool("192.0.2.128/25"));
        assertTrue(range.overlaps(AddressRange4.parsePool("192.0.2.20 - 192.0.2.30")));
        assertEquals("192.0.2.20 is after 192.0.2.10", assertThrows(IllegalArgumentException.class,
                () -> AddressRange4.parsePool("192.0.2.20 - 192.0.2.10")).getMessage());
    }

    @Test
    void addressesAsNumbersNeverLookUpNames() {
        assertEquals(0xc0000201L, Ipv4.toLong(Addresses.parse4("192.0.2.1")));
        assertEquals(Addresses.parse4("255.255.255.255"), Ipv4.fromLong(0xffffffffL));
        assertTrue(Ipv4.compare(Addresses.parse4("192.0.2.1"), Addresses.parse4("10.0.0.1")) > 0);
        assertEquals("256 is over 255", assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("192.0.2.256"))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("localhost"));
    }
}
