package io.tandem.common.daemon;

import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Peek;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.MessageType6;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The queries read from a daemon's sockets and not served yet (dhcp6d's DHCPv6 sockets, dhcp4o6d's
 * end of the port pair), in two bounded lanes: the {@link Lane#ONGOING} exchanges (a Request,
 * Renew, Rebind, Release, Decline or Confirm, or a DHCPV4-QUERY carrying a DHCPREQUEST,
 * DHCPDECLINE or DHCPRELEASE: a client that holds or is getting a lease) are served before the
 * {@link Lane#NEW} ones (Solicit, Information-Request, a DHCPV4-QUERY carrying a DHCPDISCOVER or
 * DHCPINFORM, and anything else). Under overload the sockets are read faster
 * than queries are served, so the excess waits here, not in the kernel's first-in first-out
 * buffer; a full lane drops its oldest query (as Kea's packet queue, a ring of 64, does), and a
 * query that waited longer than a client waits before it retransmits is dropped when its turn
 * comes. A DHCPDISCOVER still waiting when its client's DHCPREQUEST of the same transaction is read
 * is dropped too: the client has chosen another server's offer (one of its own would have been
 * answered before), and serving the DISCOVER behind it would hold an address for a client bound
 * elsewhere until the offer ran out. Each drop is counted under its {@link Shed} reason. Without the lanes, twice the capacity offered loses
 * Solicits and Requests alike: a fraction p of each is served where p + p² = 1 (p ≈ 0.62), so
 * 38 % of the Advertises sent are wasted and about 76 % of the capacity completes; with them, the
 * Request of each Advertise sent goes first, and the Solicits take what is left.
 *
 * <p>Pure: the caller gives the time. Not thread-safe: one event loop's.
 *
 * @param <Q> the query
 */
public final class QueryQueue<Q> {
    /** Which queries go first. */
    public enum Lane {
        ONGOING, NEW
    }

    /** Why a query was dropped here. */
    public enum Shed {
        /** Its lane of waiting queries was full, and it was the oldest there. */
        QUEUE_FULL,
        /** It waited for its turn longer than a client waits before it retransmits. */
        WAITED_TOO_LONG,
        /** A DHCPDISCOVER whose client's DHCPREQUEST of the same transaction was read before its turn. */
        CLIENT_MOVED_ON
    }

    /** Ongoing exchanges that may wait: about 10 ms of work at dhcp6d's full speed. */
    public static final int ONGOING_CAPACITY = 1024;
    /**
     * New exchanges that may wait: fewer, since under overload they are the ones in excess, but as
     * many as 256 clients in flight (the largest window of {@code scripts/bench}'s max step) send
     * at once: at 128 the pair's lane of DHCPDISCOVERs shed some of them while the pair was
     * behind, and that window lost 4-10 %.
     */
    public static final int NEW_CAPACITY = 256;
    /**
     * The most datagrams a socket's turn reads: as many as the lanes hold, so that the backlog
     * waits in the lanes and not in the kernel's first-in first-out buffer. With one {@code recvmmsg}
     * (32) a turn read as many as a step served, so under overload the backlog never reached the
     * lanes: it waited in the kernel's buffer, where neither a Request's turn nor a query's age can
     * be seen, and the kernel dropped arrivals of both kinds once it was full (dhcp6d at twice its
     * capacity: up to 5.3 MB, 6,400 datagrams and 0.6-0.9 s of waiting there, nothing shed in the
     * lanes, 1,334 arrivals dropped by the kernel).
     */
    public static final int READ_PER_WAKE_UP = ONGOING_CAPACITY + NEW_CAPACITY;
    /**
     * The longest a query may wait: the first retransmission timeout of a Solicit and of a Request
     * (SOL_TIMEOUT, REQ_TIMEOUT, RFC 9915 §7.6); by then the client has sent it again. A DHCPV4-QUERY
     * gets no longer: it waited in dhcp6d's lanes already, and a 4o6 client is a DHCPv6 client.
     */
    public static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** {@code discover}: the datagram of a DHCPDISCOVER (in a DHCPV4-QUERY), null for any other. */
    private record Waiting<Q>(Q query, byte[] discover, int xid, long readAtNanos) {
    }

    /** RFC 9915 §9: a Relay-Forward's message type, hop count, link-address and peer-address. */
    private static final int RELAY_HEADER = 34;
    /** HOP_COUNT_LIMIT (RFC 9915 §7.6): no legitimate chain has more relay layers. */
    private static final int MAX_RELAY_LAYERS = 8;
    /** {@link #kind}'s offset of DHCPv4 message types, past every DHCPv6 one. */
    private static final int V4 = 256;

    private final ArrayDeque<Waiting<Q>> ongoing;
    private final ArrayDeque<Waiting<Q>> fresh;
    private final int ongoingCapacity;
    private final int newCapacity;
    private final long maxWaitNanos;
    private final Consumer<Shed> shed;

    /** The lanes both daemons serve from: {@link #ONGOING_CAPACITY}, {@link #NEW_CAPACITY}, {@link #MAX_WAIT_NANOS}. */
    public QueryQueue(Consumer<Shed> shed) {
        this(ONGOING_CAPACITY, NEW_CAPACITY, MAX_WAIT_NANOS, shed);
    }

    /**
     * @param maxWaitNanos how long a query may wait for its turn
     * @param shed         counts each query dropped here, by reason
     */
    public QueryQueue(int ongoingCapacity, int newCapacity, long maxWaitNanos, Consumer<Shed> shed) {
        this.ongoing = new ArrayDeque<>(ongoingCapacity);
        this.fresh = new ArrayDeque<>(newCapacity);
        this.ongoingCapacity = ongoingCapacity;
        this.newCapacity = newCapacity;
        this.maxWaitNanos = maxWaitNanos;
        this.shed = shed;
    }

    /**
     * Queues a query read at {@code nowNanos} in the lane of its {@code datagram} ({@link #laneOf});
     * when the lane is full, its oldest is dropped. A DHCPREQUEST drops the DHCPDISCOVER of its
     * transaction still waiting.
     */
    public void add(Q query, byte[] datagram, long nowNanos) {
        int kind = kind(datagram);
        Lane lane = laneOf(kind);
        if (kind == V4 + MessageType4.REQUEST.code() && !fresh.isEmpty()) {
            withdrawDiscover(datagram);
        }
        ArrayDeque<Waiting<Q>> queue = lane == Lane.ONGOING ? ongoing : fresh;
        if (queue.size() == (lane == Lane.ONGOING ? ongoingCapacity : newCapacity)) {
            queue.pollFirst();
            shed.accept(Shed.QUEUE_FULL);
        }
        boolean discover = kind == V4 + MessageType4.DISCOVER.code();
        queue.addLast(new Waiting<>(query, discover ? datagram : null, discover ? Dhcp4o6Peek.xid(datagram) : 0,
                nowNanos));
    }

    /**
     * Drops the waiting DHCPDISCOVERs of {@code request}'s transaction (a retransmission too), if
     * any; a look at each new query's xid.
     */
    private void withdrawDiscover(byte[] request) {
        int xid = Dhcp4o6Peek.xid(request);
        for (Iterator<Waiting<Q>> waiting = fresh.iterator(); waiting.hasNext(); ) {
            Waiting<Q> next = waiting.next();
            if (next.discover() != null && next.xid() == xid && Dhcp4o6Peek.sameTransaction(next.discover(), request)) {
                waiting.remove();
                shed.accept(Shed.CLIENT_MOVED_ON);
            }
        }
    }

    /** The next query to serve, ongoing exchanges first; null when none is left. Drops those that waited too long. */
    public Q next(long nowNanos) {
        while (true) {
            Waiting<Q> waiting = ongoing.isEmpty() ? fresh.pollFirst() : ongoing.pollFirst();
            if (waiting == null) {
                return null;
            }
            if (nowNanos - waiting.readAtNanos() <= maxWaitNanos) {
                return waiting.query();
            }
            shed.accept(Shed.WAITED_TOO_LONG);
        }
    }

    public boolean isEmpty() {
        return ongoing.isEmpty() && fresh.isEmpty();
    }

    /**
     * The lane of a datagram, by the message type inside its relay layers (looked up without
     * decoding the rest). What cannot be read goes with the new ones; the engine says why it drops it.
     */
    public static Lane laneOf(byte[] datagram) {
        return laneOf(kind(datagram));
    }

    private static Lane laneOf(int kind) {
        boolean ongoing = kind >= V4 ? ongoing4(kind - V4) : ongoing(kind);
        return ongoing ? Lane.ONGOING : Lane.NEW;
    }

    /**
     * The innermost message's DHCPv6 type; for a DHCPV4-QUERY, {@link #V4} plus its DHCPv4 message
     * type; -1 when it cannot be read.
     */
    private static int kind(byte[] datagram) {
        int at = 0;
        for (int layer = 0; layer <= MAX_RELAY_LAYERS && at < datagram.length; layer++) {
            int type = datagram[at] & 0xff;
            if (type == MessageType6.DHCPV4_QUERY.code()) {
                return V4 + Dhcp4o6Peek.messageType(datagram);
            }
            if (type != MessageType6.RELAY_FORW.code()) {
                return type;
            }
            at = relayedMessage(datagram, at);
        }
        return -1;
    }

    private static boolean ongoing(int type) {
        return type == MessageType6.REQUEST.code() || type == MessageType6.RENEW.code()
                || type == MessageType6.REBIND.code() || type == MessageType6.RELEASE.code()
                || type == MessageType6.DECLINE.code() || type == MessageType6.CONFIRM.code();
    }

    /** A DHCPREQUEST answers an offer sent (or renews); a DHCPDISCOVER starts anew. */
    private static boolean ongoing4(int type) {
        return type == MessageType4.REQUEST.code() || type == MessageType4.DECLINE.code()
                || type == MessageType4.RELEASE.code();
    }

    /** Where the Relay Message option's data of the Relay-Forward at {@code relay} starts; the datagram's length when it has none. */
    private static int relayedMessage(byte[] datagram, int relay) {
        int option = relay + RELAY_HEADER;
        while (option + 4 <= datagram.length) {
            int code = (datagram[option] & 0xff) << 8 | datagram[option + 1] & 0xff;
            int length = (datagram[option + 2] & 0xff) << 8 | datagram[option + 3] & 0xff;
            if (code == Dhcp6Options.RELAY_MSG) {
                return option + 4;
            }
            option += 4 + length;
        }
        return datagram.length;
    }
}
