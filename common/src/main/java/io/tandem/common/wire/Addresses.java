package io.tandem.common.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Address values without DNS look-ups and without Java's IPv4-mapped surprise. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * An {@link Inet6Address} for 16 bytes. {@code InetAddress.getByAddress} would turn
     * {@code ::ffff:a.b.c.d} into an {@link Inet4Address}; an IPv6 field must stay IPv6.
     */
    public static Inet6Address inet6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException impossible) {
            throw new AssertionError("16 bytes are always an IPv6 address", impossible);
        }
    }

    /** Parses a literal IPv6 address (no names are resolved). */
    public static Inet6Address parse6(String literal) {
        if (literal.indexOf(':') < 0) {
            throw new IllegalArgumentException("not an IPv6 address: " + literal);
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            return address instanceof Inet6Address v6 ? v6 : inet6(mapped(address.getAddress()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + literal, e);
        }
    }

    /** Parses a dotted-quad IPv4 address (no names are resolved). */
    public static Inet4Address parse4(String literal) {
        byte[] plain = plainDottedQuad(literal);
        if (plain != null) {
            try {
                return (Inet4Address) InetAddress.getByAddress(plain);
            } catch (UnknownHostException impossible) {
                throw new AssertionError("4 bytes are always an IPv4 address", impossible);
            }
        }
        String[] octets = literal.split("\\.", -1);
        if (octets.length != 4 || !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || Arrays.stream(octets).anyMatch(octet -> Integer.parseInt(octet) > 255)) {
            // Checked here: InetAddress.getByName would try a DNS look-up for "192.0.2.256".
            throw new IllegalArgumentException("not an IPv4 address: " + literal);
        }
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + literal, e);
        }
    }

    /**
     * The four bytes of the usual form, four decimal numbers 0 to 255 without leading zeros
     * separated by dots, read without a regular expression (a lease file has a million); null for
     * any other text, which {@link #parse4} then checks and reads the slow way.
     */
    private static byte[] plainDottedQuad(String literal) {
        byte[] bytes = new byte[4];
        int octet = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= literal.length(); i++) {
            char c = i < literal.length() ? literal.charAt(i) : '.';
            if (c >= '0' && c <= '9' && !(digits == 1 && value == 0)) {
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == '.' && digits > 0 && value <= 255 && octet < 4) {
                bytes[octet++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
            if (digits > 3) {
                return null;
            }
        }
        return octet == 4 ? bytes : null;
    }

    private static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    /**
     * {@code [2001:db8::1]:547} or {@code 192.0.2.1:67}: a socket address as logs and URLs write
     * it (Java's own form is {@code /[2001:db8:0:0:0:0:0:1]:547}).
     */
    public static String text(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        String host = text(ip);
        return (ip instanceof Inet4Address ? host : "[" + host + "]") + ":" + address.getPort();
    }

    /** The compressed text form without a scope, e.g. {@code 2001:db8::1}. */
    public static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (word(b, i) == 0) {
                int j = i;
                while (j < 8 && word(b, j) == 0) {
                    j++;
                }
                if (j - i > bestLength && j - i > 1) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            appendHex(out, word(b, i));
        }
        return out.toString();
    }

    /** {@code Integer.toHexString} without a String per group: addresses are written for every event. */
    private static void appendHex(StringBuilder out, int word) {
        for (int shift = 12; shift > 0; shift -= 4) {
            if (word >>> shift != 0) {
                out.append(Character.forDigit(word >>> shift & 0xf, 16));
            }
        }
        out.append(Character.forDigit(word & 0xf, 16));
    }

    private static int word(byte[] b, int index) {
        return (b[2 * index] & 0xff) << 8 | b[2 * index + 1] & 0xff;
    }
}
