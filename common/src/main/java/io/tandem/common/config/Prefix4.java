package io.tandem.common.config;

import io.tandem.common.wire.Addresses;
import java.net.Inet4Address;

/**
 * An IPv4 prefix such as {@code 192.0.2.0/24}, the shape of Kea's {@code subnet4} {@code subnet}.
 * The address is kept with its host bits cleared, so {@code 192.0.2.7/24} and {@code 192.0.2.0/24}
 * are the same prefix.
 */
public record Prefix4(Inet4Address network, int length) implements Prefix<Inet4Address> {
    public static final ValueType<Prefix4> TYPE = new ValueType<>("an IPv4 prefix like 192.0.2.0/24", Prefix4::parse);

    public Prefix4 {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is not from 0 to 32");
        }
        network = Ipv4.fromLong(Ipv4.toLong(network) & maskBits(length));
    }

    /** Parses {@code address/length}; blanks around the parts are ignored, as Kea does. */
    public static Prefix4 parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("no /length");
        }
        Inet4Address address = Ipv4.parse(text.substring(0, slash));
        String lengthText = text.substring(slash + 1).strip();
        if (!lengthText.matches("\\d{1,2}")) {
            throw new IllegalArgumentException("prefix length " + ConfigNode.quote(lengthText) + " is not a number");
        }
        return new Prefix4(address, Integer.parseInt(lengthText));
    }

    private static long maskBits(int length) {
        return length == 0 ? 0 : 0xffffffffL << (32 - length) & 0xffffffffL;
    }

    /** The subnet mask, as option 1 (RFC 2132 §3.3) carries it. */
    public Inet4Address mask() {
        return Ipv4.fromLong(maskBits(length));
    }

    public boolean contains(Inet4Address address) {
        return (Ipv4.toLong(address) & maskBits(length)) == Ipv4.toLong(network);
    }

    /** Whether every address of {@code other} is in this prefix. */
    public boolean contains(Prefix4 other) {
        return other.length >= length && contains(other.network);
    }

    public boolean overlaps(Prefix4 other) {
        return contains(other) || other.contains(this);
    }

    /** The last address of the prefix (all host bits set). */
    public Inet4Address lastAddress() {
        return Ipv4.fromLong(Ipv4.toLong(network) | ~maskBits(length) & 0xffffffffL);
    }

    public AddressRange4 range() {
        return new AddressRange4(network, lastAddress());
    }

    @Override
    public String toString() {
        return Addresses.text(network) + "/" + length;
    }
}
