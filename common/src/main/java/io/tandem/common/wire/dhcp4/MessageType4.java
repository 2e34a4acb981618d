package io.tandem.common.wire.dhcp4;

/**
 * A DHCPv4 message type (RFC 2132 §9.6 and the IANA "DHCP Message Type 53 Values" registry), named
 * as IANA names it. Open: a type nobody defined keeps its code and round-trips; {@link #of(int)}
 * returns the named constant when there is one.
 */
public record MessageType4(int code, String name) {
    public static final MessageType4 DISCOVER = new MessageType4(1, "DHCPDISCOVER");
    public static final MessageType4 OFFER = new MessageType4(2, "DHCPOFFER");
    public static final MessageType4 REQUEST = new MessageType4(3, "DHCPREQUEST");
    public static final MessageType4 DECLINE = new MessageType4(4, "DHCPDECLINE");
    public static final MessageType4 ACK = new MessageType4(5, "DHCPACK");
    public static final MessageType4 NAK = new MessageType4(6, "DHCPNAK");
    public static final MessageType4 RELEASE = new MessageType4(7, "DHCPRELEASE");
    public static final MessageType4 INFORM = new MessageType4(8, "DHCPINFORM");
    public static final MessageType4 FORCERENEW = new MessageType4(9, "DHCPFORCERENEW");
    public static final MessageType4 LEASEQUERY = new MessageType4(10, "DHCPLEASEQUERY");
    public static final MessageType4 LEASEUNASSIGNED = new MessageType4(11, "DHCPLEASEUNASSIGNED");
    public static final MessageType4 LEASEUNKNOWN = new MessageType4(12, "DHCPLEASEUNKNOWN");
    public static final MessageType4 LEASEACTIVE = new MessageType4(13, "DHCPLEASEACTIVE");
    public static final MessageType4 BULKLEASEQUERY = new MessageType4(14, "DHCPBULKLEASEQUERY");
    public static final MessageType4 LEASEQUERYDONE = new MessageType4(15, "DHCPLEASEQUERYDONE");
    public static final MessageType4 ACTIVELEASEQUERY = new MessageType4(16, "DHCPACTIVELEASEQUERY");
    public static final MessageType4 LEASEQUERYSTATUS = new MessageType4(17, "DHCPLEASEQUERYSTATUS");
    public static final MessageType4 TLS = new MessageType4(18, "DHCPTLS");

    private static final MessageType4[] KNOWN = {
        null, DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK, RELEASE, INFORM, FORCERENEW, LEASEQUERY,
        LEASEUNASSIGNED, LEASEUNKNOWN, LEASEACTIVE, BULKLEASEQUERY, LEASEQUERYDONE, ACTIVELEASEQUERY,
        LEASEQUERYSTATUS, TLS,
    };

    public MessageType4 {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("message type " + code + " is not a byte");
        }
    }

    public static MessageType4 of(int code) {
        if (code > 0 && code < KNOWN.length) {
            return KNOWN[code];
        }
        return new MessageType4(code, "TYPE-" + code);
    }

    @Override
    public String toString() {
        return name;
    }
}
