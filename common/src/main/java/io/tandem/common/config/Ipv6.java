package io.tandem.common.config;

import io.tandem.common.wire.Addresses;
import java.net.Inet6Address;
import java.util.Arrays;

/** IPv6 address helpers for configuration values: strict literals, unsigned order. */
public final class Ipv6 {
    public static final ValueType<Inet6Address> ADDRESS = new ValueType<>("an IPv6 address like 2001:db8::1", Ipv6::parse);

    private Ipv6() {
    }

    /** A literal IPv6 address without a zone ({@code %eth0}); names are never resolved. */
    public static Inet6Address parse(String text) {
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("a zone index is not allowed here");
        }
        return Addresses.parse6(text.strip());
    }

    /** Compares addresses as unsigned 128-bit numbers. */
    public static int compare(Inet6Address a, Inet6Address b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }
}
