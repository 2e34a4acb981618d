package io.tandem.common.config;

import io.tandem.common.wire.Addresses;
import java.net.Inet6Address;

/**
 * An IPv6 prefix such as {@code 2001:db8:1::/64}. The address is kept with its host bits cleared,
 * so {@code 2001:db8:1::5/64} and {@code 2001:db8:1::/64} are the same prefix (Kea accepts both).
 */
public record Prefix6(Inet6Address network, int length) implements Prefix<Inet6Address> {
    public static final ValueType<Prefix6> TYPE = new ValueType<>("an IPv6 prefix like 2001:db8:1::/64", Prefix6::parse);

    public Prefix6 {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("prefix length " + length + " is not from 0 to 128");
        }
        network = Addresses.inet6(masked(network.getAddress(), length));
    }

    /** Parses {@code address/length}; blanks around the parts are ignored, as Kea does. */
    public static Prefix6 parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("no /length");
        }
        Inet6Address address = Ipv6.parse(text.substring(0, slash).strip());
        String lengthText = text.substring(slash + 1).strip();
        if (!lengthText.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("prefix length " + ConfigNode.quote(lengthText) + " is not a number");
        }
        return new Prefix6(address, Integer.parseInt(lengthText));
    }

    private static byte[] masked(byte[] address, int length) {
        for (int bit = length; bit < 128; bit++) {
            address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return address;
    }

    public boolean contains(Inet6Address address) {
        return network.equals(Addresses.inet6(masked(address.getAddress(), length)));
    }

    /** Whether every address of {@code other} is in this prefix. */
    public boolean contains(Prefix6 other) {
        return other.length >= length && contains(other.network);
    }

    public boolean overlaps(Prefix6 other) {
        return contains(other) || other.contains(this);
    }

    /** The last address of the prefix (all host bits set). */
    public Inet6Address lastAddress() {
        byte[] last = network.getAddress();
        for (int bit = length; bit < 128; bit++) {
            last[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return Addresses.inet6(last);
    }

    public AddressRange6 range() {
        return new AddressRange6(network, lastAddress());
    }

    @Override
    public String toString() {
        return Addresses.text(network) + "/" + length;
    }
}
