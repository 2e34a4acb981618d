package io.tandem.common.wire;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
