package io.tandem.load;

import io.tandem.client.ClientMessages;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import java.net.Inet6Address;

/**
 * One kind of exchange as pre-built packet templates patched in place: the first query (Solicit,
 * or DISCOVER in a DHCPV4-QUERY), the answer to it (Advertise, OFFER), the second query (Request,
 * REQUEST) built from that answer, and the final answer (Reply, ACK); and a query of one round trip
 * for a client that holds an address (Rebind, REQUEST in REBINDING state). Holds mutable buffers and what
 * it found in the last answer read: one instance belongs to the generator's one thread.
 */
abstract sealed class Exchange permits SarrExchange, DoraExchange {
    /** What {@link #read} found. */
    static final int OTHER = 0;
    static final int FIRST_ANSWER = 1;
    static final int FINAL_ANSWER = 2;
    /** An answer that ends the exchange without success (NoAddrsAvail, DHCPNAK, no server id). */
    static final int REFUSED = 3;

    /** The Relay-Forward layer's fields, or null for a direct client. */
    record Relay(Inet6Address linkAddress, Inet6Address peerAddress, String interfaceId) {
    }

    private final String name;
    private final int xidBits;
    private final int addressLength;
    private final Relay relay;
    /** The transaction id of the answer last read. */
    int answerXid;
    /** Where the address of the answer last read is (yiaddr, or the IA_NA's address). */
    int answerAddress;

    Exchange(String name, int xidBits, int addressLength, Relay relay) {
        this.name = name;
        this.xidBits = xidBits;
        this.addressLength = addressLength;
        this.relay = relay;
    }

    /** The exchange's name in reports. */
    final String name() {
        return relay == null ? name : name + "-relayed";
    }

    /** How many bits of the transaction id the generator may use (DHCPv6: 24, DHCPv4: 32). */
    final int xidBits() {
        return xidBits;
    }

    /** The transaction id of the answer last read. */
    final int xid() {
        return answerXid;
    }

    /** The length of the address an answer gives (4 or 16). */
    final int addressLength() {
        return addressLength;
    }

    /** Copies the address the answer last read gives to {@code into[at]}. */
    final void copyAddress(byte[] answer, byte[] into, int at) {
        System.arraycopy(answer, answerAddress, into, at, addressLength);
    }

    /** The datagram of {@code query}: inside a Relay-Forward (with the Relay Source Port option) for a relayed client. */
    final byte[] encode(Dhcp6Message query) {
        return Dhcp6Codec.encode(relay == null ? query : ClientMessages.relayForward(query, relay.linkAddress(),
                relay.peerAddress(), relay.interfaceId(), 0));
    }

    /** The first query's bytes, valid up to the length {@link #patchFirst} returns. */
    abstract byte[] firstQuery();

    /** Patches the first query for client {@code mac} with {@code xid}; its length. */
    abstract int patchFirst(int xid, long mac);

    /** Reads an answer in {@code bytes[0, length)}: one of the kinds above; {@link #xid()} is then its transaction id. */
    abstract int read(byte[] bytes, int length);

    /** The second query's bytes (after {@link #patchSecond}; it may be rebuilt, so fetch it after patching). */
    abstract byte[] secondQuery();

    /** Patches the second query for {@code mac}, {@code xid} from the first answer last read; its length. */
    abstract int patchSecond(int xid, long mac, byte[] answer);

    /**
     * The rebinding query's bytes (a client that holds an address and asks any server to extend
     * it), valid up to the length {@link #patchRebind} returns.
     */
    abstract byte[] rebindQuery();

    /** Patches the rebinding query for {@code mac}, holding {@code address[at, at + addressLength)}, with {@code xid}; its length. */
    abstract int patchRebind(int xid, long mac, byte[] address, int at);
}
