package io.tandem.common.wire;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Addresses as logs and URLs write them: compressed, in brackets with a port. */
class AddressesTest {
    @Test
    void ipv6IsCompressedAndBracketed() {
        assertEquals("2001:db8::1", Addresses.text(Addresses.parse6("2001:db8:0:0:0:0:0:1")));
        assertEquals("[::]:69", Addresses.text(new InetSocketAddress(Addresses.parse6("::"), 69)));
        assertEquals("[2001:db8:1::1]:6315", Addresses.text(new InetSocketAddress(Addresses.parse6("2001:db8:1::1"), 6315)));
    }

    @Test
    void ipv4IsPlainAndAnUnresolvedNameKeepsItsSpelling() {
        assertEquals("192.0.2.1:67", Addresses.text(new InetSocketAddress("192.0.2.1", 67)));
        assertEquals("netboot.target:80", Addresses.text(InetSocketAddress.createUnresolved("netboot.target", 80)));
    }

    /** The quick path for the usual form reads what the JDK reads; every other text goes the checked way. */
    @Test
    void dottedQuadsReadAsTheJdkReadsThem() throws UnknownHostException {
        Random random = new Random(4);
        for (int i = 0; i < 10_000; i++) {
            byte[] raw = new byte[4];
            random.nextBytes(raw);
            InetAddress expected = InetAddress.getByAddress(raw);
            assertEquals(expected, Addresses.parse4(expected.getHostAddress()));
        }
        assertEquals(InetAddress.getByName("0.0.0.0"), Addresses.parse4("0.0.0.0"));
        for (String invalid : List.of("", "1.2.3", "1.2.3.4.", ".1.2.3", "1..2.3", "256.1.1.1", "1.2.3.4.5", "1.2.3.1000",
                "1.2.3.a", "1.2.3.-1", " 1.2.3.4")) {
            assertThrows(IllegalArgumentException.class, () -> Addresses.parse4(invalid), invalid);
        }
    }
}
