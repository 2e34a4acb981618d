package io.tandem.dhcp6d.transport;

/**
 * The DHCPv4 transaction id inside a port-pair datagram, read straight from the bytes: through
 * Relay-Forward/Relay-Reply layers (RFC 9915 §9) to the DHCPV4-QUERY or DHCPV4-RESPONSE, to its
 * DHCPv4 Message option (RFC 7341 §8), whose bytes 4 to 7 are {@code xid} (RFC 2131 §2). It pairs a
 * query with its answer for the round-trip time without decoding either, so it allocates nothing.
 */
final class Dhcp4o6Xid {
    /** No transaction id found (in practice: a damaged datagram, which the decoder refuses anyway). */
    static final int NONE = 0;
    private static final int RELAY_FORW = 12;
    private static final int RELAY_REPL = 13;
    private static final int RELAY_HEADER = 34;
    private static final int DHCP4O6_HEADER = 4;
    private static final int OPTION_RELAY_MSG = 9;
    private static final int OPTION_DHCPV4_MSG = 87;
    private static final int MAX_DEPTH = 10;

    private Dhcp4o6Xid() {
    }

    static int of(byte[] datagram) {
        int start = 0;
        int end = datagram.length;
        for (int depth = 0; depth < MAX_DEPTH && start < end; depth++) {
            int type = datagram[start] & 0xff;
            boolean relay = type == RELAY_FORW || type == RELAY_REPL;
            int at = start + (relay ? RELAY_HEADER : DHCP4O6_HEADER);
            int wanted = relay ? OPTION_RELAY_MSG : OPTION_DHCPV4_MSG;
            int found = -1;
            int length = 0;
            while (at + 4 <= end) {
                int code = (datagram[at] & 0xff) << 8 | datagram[at + 1] & 0xff;
                length = (datagram[at + 2] & 0xff) << 8 | datagram[at + 3] & 0xff;
                if (at + 4 + length > end) {
                    return NONE;
                }
                if (code == wanted) {
                    found = at + 4;
                    break;
                }
                at += 4 + length;
            }
            if (found < 0) {
                return NONE;
            }
            if (!relay) {
                return length < 8 ? NONE : (datagram[found + 4] & 0xff) << 24 | (datagram[found + 5] & 0xff) << 16
                        | (datagram[found + 6] & 0xff) << 8 | datagram[found + 7] & 0xff;
            }
            start = found;
            end = found + length;
        }
        return NONE;
    }
}
