package io.tandem.common.wire.dhcp6;

import io.tandem.common.wire.dhcp4.Dhcp4Options;
import java.util.Arrays;

/**
 * What a DHCPv4-over-DHCPv6 datagram carries, read straight from its bytes without decoding it:
 * through Relay-Forward/Relay-Reply layers (RFC 9915 §9) to the DHCPV4-QUERY or DHCPV4-RESPONSE,
 * to its DHCPv4 Message option (RFC 7341 §8), whose bytes 4 to 7 are {@code xid} (RFC 2131 §2) and
 * whose options hold the DHCP message type. A port-pair datagram (Kea's metadata added to the
 * innermost message) reads the same. Allocates nothing: it runs per datagram on the hot path, to
 * time a round trip and to choose a query's lane.
 */
public final class Dhcp4o6Peek {
    /** No transaction id or message type found (in practice: a damaged datagram, which the decoder refuses anyway). */
    public static final int NONE = 0;
    private static final int RELAY_FORW = 12;
    private static final int RELAY_REPL = 13;
    private static final int RELAY_HEADER = 34;
    private static final int DHCP4O6_HEADER = 4;
    private static final int OPTION_RELAY_MSG = 9;
    private static final int OPTION_DHCPV4_MSG = 87;
    private static final int MAX_DEPTH = 10;
    /** RFC 2131 §3: the fixed header (op to file) and the magic cookie before the options. */
    private static final int DHCP4_OPTIONS_START = 236 + 4;
    private static final int DHCP4_PAD = 0;
    private static final int DHCP4_END = 255;
    private static final int XID = 4;
    private static final int CHADDR = 28;
    private static final int CHADDR_END = CHADDR + 16;

    private Dhcp4o6Peek() {
    }

    /** The DHCPv4 transaction id, or {@link #NONE}. */
    public static int xid(byte[] datagram) {
        long message = dhcpv4Message(datagram);
        if (message < 0 || length(message) < 8) {
            return NONE;
        }
        int at = start(message) + XID;
        return (datagram[at] & 0xff) << 24 | (datagram[at + 1] & 0xff) << 16
                | (datagram[at + 2] & 0xff) << 8 | datagram[at + 3] & 0xff;
    }

    /** The code of the DHCPv4 message's DHCP Message Type option (53), or {@link #NONE}. */
    public static int messageType(byte[] datagram) {
        long message = dhcpv4Message(datagram);
        if (message < 0) {
            return NONE;
        }
        int end = start(message) + length(message);
        int at = start(message) + DHCP4_OPTIONS_START;
        while (at < end) {
            int code = datagram[at] & 0xff;
            if (code == DHCP4_END) {
                return NONE;
            }
            if (code == DHCP4_PAD) {
                at++;
                continue;
            }
            if (at + 2 > end) {
                return NONE;
            }
            int length = datagram[at + 1] & 0xff;
            if (code == Dhcp4Options.MESSAGE_TYPE) {
                return length == 1 && at + 3 <= end ? datagram[at + 2] & 0xff : NONE;
            }
            at += 2 + length;
        }
        return NONE;
    }

    /**
     * Whether two DHCPv4-over-DHCPv6 datagrams carry messages of one client's one transaction: the
     * same {@code xid} and the same {@code chaddr} (RFC 2131 §2: bytes 28 to 43).
     */
    public static boolean sameTransaction(byte[] one, byte[] other) {
        long first = dhcpv4Message(one);
        long second = dhcpv4Message(other);
        if (first < 0 || second < 0 || length(first) < CHADDR_END || length(second) < CHADDR_END) {
            return false;
        }
        return Arrays.equals(one, start(first) + XID, start(first) + XID + 4, other, start(second) + XID,
                start(second) + XID + 4)
                && Arrays.equals(one, start(first) + CHADDR, start(first) + CHADDR_END, other, start(second) + CHADDR,
                start(second) + CHADDR_END);
    }

    private static int start(long message) {
        return (int) (message >>> 32);
    }

    private static int length(long message) {
        return (int) message;
    }

    /** Where the DHCPv4 Message option's data starts (high 32 bits) and its length (low 32 bits); -1 when not found. */
    private static long dhcpv4Message(byte[] datagram) {
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
                    return -1;
                }
                if (code == wanted) {
                    found = at + 4;
                    break;
                }
                at += 4 + length;
            }
            if (found < 0) {
                return -1;
            }
            if (!relay) {
                return (long) found << 32 | length;
            }
            start = found;
            end = found + length;
        }
        return -1;
    }
}
