package io.tandem.load;

/**
 * One kind of exchange as pre-built packet templates patched in place: the first query (Solicit,
 * or DISCOVER in a DHCPV4-QUERY), the answer to it (Advertise, OFFER), the second query (Request,
 * REQUEST) built from that answer, and the final answer (Reply, ACK). Holds mutable buffers and the
 * offsets found in the last answer read: one instance belongs to the generator's one thread.
 */
abstract sealed class Exchange permits SarrExchange, DoraExchange {
    /** What {@link #read} found. */
    static final int OTHER = 0;
    static final int FIRST_ANSWER = 1;
    static final int FINAL_ANSWER = 2;
    /** An answer that ends the exchange without success (NoAddrsAvail, DHCPNAK, no server id). */
    static final int REFUSED = 3;

    /** The exchange's name in reports. */
    abstract String name();

    /** How many bits of the transaction id the generator may use (DHCPv6: 24, DHCPv4: 32). */
    abstract int xidBits();

    /** The first query for client {@code mac} with {@code xid}: its bytes, valid up to the returned length. */
    abstract byte[] firstQuery();

    abstract int patchFirst(int xid, long mac);

    /** Reads an answer in {@code bytes[0, length)}: one of the kinds above; {@link #xid()} is then its transaction id. */
    abstract int read(byte[] bytes, int length);

    /** The transaction id of the answer last read. */
    abstract int xid();

    /** The second query's bytes (after {@link #patchSecond}; it may be rebuilt, so fetch it after patching). */
    abstract byte[] secondQuery();

    /** Patches the second query for {@code mac}, {@code xid} from the first answer last read; its length. */
    abstract int patchSecond(int xid, long mac, byte[] answer);

    /** The length of the address an answer gives (4 or 16). */
    abstract int addressLength();

    /** Copies the address the answer last read gives (yiaddr, or the IA_NA's address) to {@code into[at]}. */
    abstract void copyAddress(byte[] answer, byte[] into, int at);

    /** The Relay-Forward layer's fields, or null for a direct client. */
    record Relay(java.net.Inet6Address linkAddress, java.net.Inet6Address peerAddress, String interfaceId) {
    }
}
