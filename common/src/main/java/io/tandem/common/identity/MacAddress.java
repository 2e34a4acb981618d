package io.tandem.common.identity;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet6Address;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A 48-bit MAC address: the one identity of a machine that survives UEFI firmware, iPXE, the
 * installer and the OS, each of which sends its own DUID. Printed as Kea prints it,
 * {@code 52:54:00:12:34:56}.
 */
public record MacAddress(Bytes bytes) implements Comparable<MacAddress> {
    public static final int LENGTH = 6;
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    public MacAddress {
        if (bytes.length() != LENGTH) {
            throw new IllegalArgumentException("a MAC address is 6 bytes, not " + bytes.length());
        }
    }

    /** The MAC in the low 48 bits of {@code value} (higher bits are ignored): 0x525400123456 is 52:54:00:12:34:56. */
    public static MacAddress fromLong(long value) {
        byte[] bytes = new byte[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return new MacAddress(Bytes.of(bytes));
    }

    /** The MAC as a 48-bit number, the inverse of {@link #fromLong}. */
    public long toLong() {
        long value = 0;
        for (int i = 0; i < LENGTH; i++) {
            value = value << 8 | bytes.get(i);
        }
        return value;
    }

    /**
     * Parses the common spellings: {@code 52:54:00:12:34:56}, {@code 52-54-00-12-34-56},
     * {@code 5254.0012.3456}, {@code 525400123456}, in either case.
     */
    public static MacAddress parse(String text) {
        // By hand, not by regular expressions: dhcp6d parses the MAC of every event dhcp4o6d sends
        // it, and two regular expressions a MAC were an eighth of its CPU in the pair (JFR)
        String trimmed = text.trim();
        long value = 0;
        int digits = 0;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ':' || c == '.' || c == '-') {
                continue;
            }
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0 || digits == 2 * LENGTH) {
                throw notAMac(text);
            }
            value = value << 4 | digit;
            digits++;
        }
        if (digits != 2 * LENGTH) {
            throw notAMac(text);
        }
        return fromLong(value);
    }

    private static IllegalArgumentException notAMac(String text) {
        return new IllegalArgumentException("not a MAC address: '" + text + "'");
    }

    public static Optional<MacAddress> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The MAC if {@code bytes} is one (6 bytes), for link-layer addresses of any source. */
    public static Optional<MacAddress> of(Bytes bytes) {
        return bytes.length() == LENGTH ? Optional.of(new MacAddress(bytes)) : Optional.empty();
    }

    /**
     * The MAC inside a modified EUI-64 interface identifier (RFC 4291 appendix A): recognised by
     * {@code ff:fe} in the middle, with the universal/local bit flipped back. Universally and
     * locally administered MACs alike: virtual machines use locally administered ones.
     */
    public static Optional<MacAddress> fromEui64(Inet6Address address) {
        byte[] a = address.getAddress();
        if ((a[11] & 0xff) != 0xff || (a[12] & 0xff) != 0xfe) {
            return Optional.empty();
        }
        return Optional.of(new MacAddress(Bytes.of((byte) (a[8] ^ 0x02), a[9], a[10], a[13], a[14], a[15])));
    }

    /** The link-local address with this MAC's EUI-64 interface identifier ({@code fe80::5054:ff:fe12:3456}). */
    public Inet6Address linkLocal() {
        byte[] a = new byte[16];
        a[0] = (byte) 0xfe;
        a[1] = (byte) 0x80;
        a[8] = (byte) (bytes.get(0) ^ 0x02);
        a[9] = (byte) bytes.get(1);
        a[10] = (byte) bytes.get(2);
        a[11] = (byte) 0xff;
        a[12] = (byte) 0xfe;
        a[13] = (byte) bytes.get(3);
        a[14] = (byte) bytes.get(4);
        a[15] = (byte) bytes.get(5);
        return Addresses.inet6(a);
    }

    /** Locally administered (the U/L bit set), as qemu's {@code 52:54:00:...} and most virtual NICs are. */
    public boolean isLocallyAdministered() {
        return (bytes.get(0) & 0x02) != 0;
    }

    @Override
    public int compareTo(MacAddress other) {
        return bytes.compareTo(other.bytes);
    }

    @Override
    public String toString() {
        return COLONS.formatHex(bytes.toArray());
    }
}
