package io.tandem.common.wire.dhcp6;

/**
 * DHCPV4-QUERY or DHCPV4-RESPONSE (RFC 7341 §6): the three bytes after the type are flags,
 * not a transaction id; the DHCPv4 message travels in option 87.
 */
public record Dhcp4o6Message(MessageType6 type, int flags, Options6 options) implements Dhcp6Message {
    /** RFC 7341 §6.1: set when the DHCPv4 message would have been unicast (RENEWING). */
    public static final int UNICAST_FLAG = 0x800000;

    public Dhcp4o6Message {
        if (!type.isDhcp4o6()) {
            throw new IllegalArgumentException(type + " is not a DHCPv4-over-DHCPv6 message");
        }
        if (flags >>> 24 != 0) {
            throw new IllegalArgumentException("flags " + flags + " are not 24 bits");
        }
        Dhcp6Options.requireRecords(Dhcp6Options.DHCP6, options, false);
    }

    public boolean unicast() {
        return (flags & UNICAST_FLAG) != 0;
    }
}
