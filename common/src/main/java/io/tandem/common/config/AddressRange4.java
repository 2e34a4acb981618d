package io.tandem.common.config;

import io.tandem.common.wire.Addresses;
import java.net.Inet4Address;

/** An inclusive range of IPv4 addresses, the shape of Kea's {@code subnet4} {@code pool} values. */
public record AddressRange4(Inet4Address first, Inet4Address last)
        implements AddressRange<Inet4Address, AddressRange4> {
    public static final ValueType<AddressRange4> POOL_TYPE = new ValueType<>(
            "an address range like 192.0.2.10 - 192.0.2.200 or a prefix like 192.0.2.128/25",
            AddressRange4::parsePool);

    public AddressRange4 {
        if (Ipv4.compare(first, last) > 0) {
            throw new IllegalArgumentException(Addresses.text(first) + " is after " + Addresses.text(last));
        }
    }

    /** Parses a Kea pool: {@code first - last} (blanks optional) or {@code prefix/length}. */
    public static AddressRange4 parsePool(String text) {
        if (text.indexOf('/') >= 0) {
            return Prefix4.parse(text).range();
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("neither first - last nor a prefix");
        }
        return new AddressRange4(Ipv4.parse(text.substring(0, dash)), Ipv4.parse(text.substring(dash + 1)));
    }

    public boolean contains(Inet4Address address) {
        return Ipv4.compare(first, address) <= 0 && Ipv4.compare(address, last) <= 0;
    }

    public boolean overlaps(AddressRange4 other) {
        return Ipv4.compare(first, other.last) <= 0 && Ipv4.compare(other.first, last) <= 0;
    }

    /** How many addresses the range holds. */
    public long size() {
        return Ipv4.toLong(last) - Ipv4.toLong(first) + 1;
    }

    @Override
    public String toString() {
        return Addresses.text(first) + " - " + Addresses.text(last);
    }
}
