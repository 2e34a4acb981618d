package io.tandem.load;

/**
 * Reading and writing DHCP fields in place in a datagram's bytes, with no allocation: the
 * generator's hot loop finds options in answers and patches its templates with these. Pure.
 */
final class Wire {
    /** DHCPv6: message type and 3-byte transaction id (or flags), then options. */
    static final int HEADER6 = 4;
    /** A Relay-Forward/Relay-Reply: type, hop count, link-address, peer-address, then options. */
    static final int RELAY_HEADER6 = 34;
    static final int RELAY_FORW = 12;
    static final int RELAY_REPL = 13;
    /** DHCPv4: the fixed header (236 bytes) and the magic cookie, then options. */
    static final int OPTIONS4 = 240;
    static final int XID4 = 4;
    static final int CIADDR4 = 12;
    static final int YIADDR4 = 16;
    static final int CHADDR4 = 28;

    private Wire() {
    }

    static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }

    static int u24(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 16 | (bytes[at + 1] & 0xff) << 8 | bytes[at + 2] & 0xff;
    }

    static int u32(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
                | bytes[at + 3] & 0xff;
    }

    static void putU16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    static void putU24(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 16);
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) value;
    }

    static void putU32(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    /** The 48-bit {@code mac} at {@code at}, most significant byte first. */
    static void putMac(byte[] bytes, int at, long mac) {
        for (int i = 5; i >= 0; i--) {
            bytes[at + i] = (byte) mac;
            mac >>>= 8;
        }
    }

    /**
     * The offset of the first DHCPv6 option {@code code} (its 4-byte header) among the options in
     * {@code [from, end)}, or -1 when absent or when an option runs past {@code end}.
     */
    static int option6(byte[] bytes, int from, int end, int code) {
        int at = from;
        while (at + 4 <= end) {
            int length = u16(bytes, at + 2);
            if (at + 4 + length > end) {
                return -1;
            }
            if (u16(bytes, at) == code) {
                return at;
            }
            at += 4 + length;
        }
        return -1;
    }

    /** The length of the DHCPv6 option whose header is at {@code at}. */
    static int length6(byte[] bytes, int at) {
        return u16(bytes, at + 2);
    }

    /**
     * The offset of the innermost client/server message of the DHCPv6 message in {@code [0, end)},
     * through Relay-Forward/Relay-Reply layers; -1 when a layer holds no Relay Message option.
     */
    static int innermost6(byte[] bytes, int end) {
        int at = 0;
        while (at < end && ((bytes[at] & 0xff) == RELAY_FORW || (bytes[at] & 0xff) == RELAY_REPL)) {
            int option = option6(bytes, at + RELAY_HEADER6, end, 9);
            if (option < 0) {
                return -1;
            }
            at = option + 4;
            end = option + 4 + length6(bytes, option);
        }
        return at < end ? at : -1;
    }

    /** The end of the innermost message at {@code inner} (from {@link #innermost6}) in a datagram of {@code end} bytes. */
    static int innermostEnd6(byte[] bytes, int inner, int end) {
        return inner == 0 ? end : inner + length6(bytes, inner - 4);
    }

    /**
     * The offset of DHCPv4 option {@code code} (its code byte) in the DHCPv4 message at
     * {@code [message, end)}, or -1 (pads skipped, the end option stops the walk).
     */
    static int option4(byte[] bytes, int message, int end, int code) {
        int at = message + OPTIONS4;
        while (at < end) {
            int found = bytes[at] & 0xff;
            if (found == 255) {
                return -1;
            }
            if (found == 0) {
                at++;
                continue;
            }
            if (at + 2 > end || at + 2 + (bytes[at + 1] & 0xff) > end) {
                return -1;
            }
            if (found == code) {
                return at;
            }
            at += 2 + (bytes[at + 1] & 0xff);
        }
        return -1;
    }
}
