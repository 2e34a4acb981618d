package io.tandem.common.config;

import io.tandem.common.wire.Addresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 address helpers for configuration values: strict dotted quads, addresses as unsigned numbers. */
public final class Ipv4 {
    public static final ValueType<Inet4Address> ADDRESS = new ValueType<>("an IPv4 address like 192.0.2.1", Ipv4::parse);

    private Ipv4() {
    }

    /** A dotted-quad literal; names are never resolved. */
    public static Inet4Address parse(String text) {
        String trimmed = text.strip();
        for (String part : trimmed.split("\\.", -1)) {
            if (part.matches("\\d{1,3}") && Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException(part + " is over 255");
            }
        }
        return Addresses.parse4(trimmed);
    }

    /** The address as an unsigned 32-bit number. */
    public static long toLong(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xffL) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
    }

    /** The address of an unsigned 32-bit number. */
    public static Inet4Address fromLong(long value) {
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException(value + " is not a 32-bit address");
        }
        byte[] raw = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException impossible) {
            throw new AssertionError("4 bytes are always an IPv4 address", impossible);
        }
    }

    /** Compares addresses as unsigned numbers. */
    public static int compare(Inet4Address a, Inet4Address b) {
        return Long.compare(toLong(a), toLong(b));
    }
}
