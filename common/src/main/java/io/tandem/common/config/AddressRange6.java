package io.tandem.common.config;

import io.tandem.common.wire.Addresses;
import java.net.Inet6Address;

/** An inclusive range of IPv6 addresses, the shape of Kea's {@code pool} values. */
public record AddressRange6(Inet6Address first, Inet6Address last)
        implements AddressRange<Inet6Address, AddressRange6> {
    public static final ValueType<AddressRange6> POOL_TYPE = new ValueType<>(
            "an address range like 2001:db8:1::10 - 2001:db8:1::ff or a prefix like 2001:db8:1::/80",
            AddressRange6::parsePool);

    public AddressRange6 {
        if (Ipv6.compare(first, last) > 0) {
            throw new IllegalArgumentException(Addresses.text(first) + " is after " + Addresses.text(last));
        }
    }

    /** Parses a Kea pool: {@code first - last} (blanks optional) or {@code prefix/length}. */
    public static AddressRange6 parsePool(String text) {
        if (text.indexOf('/') >= 0) {
            return Prefix6.parse(text).range();
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("neither first - last nor a prefix");
        }
        return new AddressRange6(Ipv6.parse(text.substring(0, dash)), Ipv6.parse(text.substring(dash + 1)));
    }

    public boolean contains(Inet6Address address) {
        return Ipv6.compare(first, address) <= 0 && Ipv6.compare(address, last) <= 0;
    }

    public boolean overlaps(AddressRange6 other) {
        return Ipv6.compare(first, other.last) <= 0 && Ipv6.compare(other.first, last) <= 0;
    }

    @Override
    public String toString() {
        return Addresses.text(first) + " - " + Addresses.text(last);
    }
}
