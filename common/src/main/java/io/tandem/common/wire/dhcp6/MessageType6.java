package io.tandem.common.wire.dhcp6;

import java.util.Locale;

/**
 * A DHCPv6 message type (RFC 9915 §7.3 and the IANA registry). Open: a type nobody defined keeps
 * its code and round-trips; {@link #of(int)} returns the named constant when there is one.
 */
public record MessageType6(int code, String name) {
    public static final MessageType6 SOLICIT = new MessageType6(1, "SOLICIT");
    public static final MessageType6 ADVERTISE = new MessageType6(2, "ADVERTISE");
    public static final MessageType6 REQUEST = new MessageType6(3, "REQUEST");
    public static final MessageType6 CONFIRM = new MessageType6(4, "CONFIRM");
    public static final MessageType6 RENEW = new MessageType6(5, "RENEW");
    public static final MessageType6 REBIND = new MessageType6(6, "REBIND");
    public static final MessageType6 REPLY = new MessageType6(7, "REPLY");
    public static final MessageType6 RELEASE = new MessageType6(8, "RELEASE");
    public static final MessageType6 DECLINE = new MessageType6(9, "DECLINE");
    public static final MessageType6 RECONFIGURE = new MessageType6(10, "RECONFIGURE");
    public static final MessageType6 INFORMATION_REQUEST = new MessageType6(11, "INFORMATION-REQUEST");
    public static final MessageType6 RELAY_FORW = new MessageType6(12, "RELAY-FORW");
    public static final MessageType6 RELAY_REPL = new MessageType6(13, "RELAY-REPL");
    public static final MessageType6 LEASEQUERY = new MessageType6(14, "LEASEQUERY");
    public static final MessageType6 LEASEQUERY_REPLY = new MessageType6(15, "LEASEQUERY-REPLY");
    public static final MessageType6 LEASEQUERY_DONE = new MessageType6(16, "LEASEQUERY-DONE");
    public static final MessageType6 LEASEQUERY_DATA = new MessageType6(17, "LEASEQUERY-DATA");
    public static final MessageType6 RECONFIGURE_REQUEST = new MessageType6(18, "RECONFIGURE-REQUEST");
    public static final MessageType6 RECONFIGURE_REPLY = new MessageType6(19, "RECONFIGURE-REPLY");
    public static final MessageType6 DHCPV4_QUERY = new MessageType6(20, "DHCPV4-QUERY");
    public static final MessageType6 DHCPV4_RESPONSE = new MessageType6(21, "DHCPV4-RESPONSE");
    public static final MessageType6 ACTIVELEASEQUERY = new MessageType6(22, "ACTIVELEASEQUERY");
    public static final MessageType6 STARTTLS = new MessageType6(23, "STARTTLS");
    public static final MessageType6 BNDUPD = new MessageType6(24, "BNDUPD");
    public static final MessageType6 BNDREPLY = new MessageType6(25, "BNDREPLY");
    public static final MessageType6 POOLREQ = new MessageType6(26, "POOLREQ");
    public static final MessageType6 POOLRESP = new MessageType6(27, "POOLRESP");
    public static final MessageType6 UPDREQ = new MessageType6(28, "UPDREQ");
    public static final MessageType6 UPDREQALL = new MessageType6(29, "UPDREQALL");
    public static final MessageType6 UPDDONE = new MessageType6(30, "UPDDONE");
    public static final MessageType6 CONNECT = new MessageType6(31, "CONNECT");
    public static final MessageType6 CONNECTREPLY = new MessageType6(32, "CONNECTREPLY");
    public static final MessageType6 DISCONNECT = new MessageType6(33, "DISCONNECT");
    public static final MessageType6 STATE = new MessageType6(34, "STATE");
    public static final MessageType6 CONTACT = new MessageType6(35, "CONTACT");
    public static final MessageType6 ADDR_REG_INFORM = new MessageType6(36, "ADDR-REG-INFORM");
    public static final MessageType6 ADDR_REG_REPLY = new MessageType6(37, "ADDR-REG-REPLY");

    private static final MessageType6[] KNOWN = {
        null, SOLICIT, ADVERTISE, REQUEST, CONFIRM, RENEW, REBIND, REPLY, RELEASE, DECLINE, RECONFIGURE,
        INFORMATION_REQUEST, RELAY_FORW, RELAY_REPL, LEASEQUERY, LEASEQUERY_REPLY, LEASEQUERY_DONE,
        LEASEQUERY_DATA, RECONFIGURE_REQUEST, RECONFIGURE_REPLY, DHCPV4_QUERY, DHCPV4_RESPONSE,
        ACTIVELEASEQUERY, STARTTLS, BNDUPD, BNDREPLY, POOLREQ, POOLRESP, UPDREQ, UPDREQALL, UPDDONE,
        CONNECT, CONNECTREPLY, DISCONNECT, STATE, CONTACT, ADDR_REG_INFORM, ADDR_REG_REPLY,
    };

    public MessageType6 {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("message type " + code + " is not a byte");
        }
    }

    public static MessageType6 of(int code) {
        if (code > 0 && code < KNOWN.length) {
            return KNOWN[code];
        }
        return new MessageType6(code, "TYPE-" + code);
    }

    /** Relay-Forward and Relay-Reply have their own header (RFC 9915 §9). */
    public boolean isRelay() {
        return code == 12 || code == 13;
    }

    /** DHCPV4-QUERY and -RESPONSE carry 24 bits of flags where others have a transaction id (RFC 7341 §6). */
    public boolean isDhcp4o6() {
        return code == 20 || code == 21;
    }

    /** The name in lower case, as logs and JSON show it ({@code solicit}, {@code relay-forw}). */
    public String label() {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name;
    }
}
