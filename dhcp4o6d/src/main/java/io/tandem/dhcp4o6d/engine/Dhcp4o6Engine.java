package io.tandem.dhcp4o6d.engine;

import io.tandem.common.engine.Refused;
import io.tandem.common.lease.Lease4;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The DHCPv4 protocol logic of dhcp4o6d: a function from a datagram the partner (dhcp6d or
 * kea-dhcp6) handed over to the complete DHCPv6 answer (with the lease rows to record first), a
 * recorded change without an answer, or a drop with its reason. No sockets, no files: the
 * transport calls {@link #handle} on one thread, and tests call it directly.
 *
 * <p>The stages, in order, each of which may end the exchange with a counted reason:
 * <ol>
 * <li>unwrap: Relay-Forward layers, one DHCPV4-QUERY, exactly one DHCPv4 message, the magic cookie;
 * <li>sanity: a BOOTREQUEST with a DHCP message type that clients send;
 * <li>identify: the client by its client identifier, else its hardware address;
 * <li>select: the subnet, by {@link SubnetSelector4o6}'s rules;
 * <li>answer: the RFC 2131 state ({@link Exchange4}), with the server identifier of the subnet;
 * <li>wrap: the DHCPv6 response mirroring the query ({@link Response4o6}).
 * </ol>
 */
public final class Dhcp4o6Engine {
    /** How long an offered address is kept for the client it was offered to. */
    public static final Duration OFFER_HOLD = Duration.ofSeconds(30);
    /** Kea's default {@code hold-reclaimed-time}: expired leases are remembered this long, then forgotten. */
    public static final Duration HOLD_RECLAIMED = Duration.ofHours(1);

    private static final Set<MessageType4> SERVER_TYPES = Set.of(MessageType4.OFFER, MessageType4.ACK,
            MessageType4.NAK, MessageType4.FORCERENEW, MessageType4.LEASEUNASSIGNED, MessageType4.LEASEUNKNOWN,
            MessageType4.LEASEACTIVE, MessageType4.LEASEQUERYDONE, MessageType4.LEASEQUERYSTATUS);

    /** The queries whose client is looked up in a shared lease database when this server holds no lease of it. */
    private static final Set<MessageType4> LOOKED_UP = Set.of(MessageType4.DISCOVER, MessageType4.REQUEST,
            MessageType4.RELEASE, MessageType4.DECLINE);

    /** A configuration with the index of its reservations, swapped together. */
    record Snapshot(Dhcp4Config config, HostIndex hosts) {
        static Snapshot of(Dhcp4Config config) {
            return new Snapshot(config, new HostIndex(config));
        }
    }

    private final HostInterfaces interfaces;
    private final LeaseTable4 leases = new LeaseTable4();
    private final Allocator4 allocator = new Allocator4();
    private volatile Snapshot snapshot;
    /** Whether a client this server holds no lease of is looked up in a shared lease database first; never without one. */
    private volatile Predicate<Lease4.Owner> lookUpWanted = client -> false;

    /** @param interfaces this host's interface addresses, for server identifiers and shared networks */
    public Dhcp4o6Engine(Dhcp4Config config, HostInterfaces interfaces) {
        this.snapshot = Snapshot.of(config);
        this.interfaces = interfaces;
    }

    /** Swaps in a new configuration (SIGHUP); leases are kept. */
    public void reconfigure(Dhcp4Config config) {
        this.snapshot = Snapshot.of(config);
    }

    /**
     * With a shared lease database: a DHCPDISCOVER, DHCPREQUEST, DHCPRELEASE or DHCPDECLINE of a
     * client with no lease here (by client identifier or hardware address) is answered
     * {@link Outcome4.LookUp} when {@code wanted} says so, and served once the daemon looked it up
     * and its table learnt what was found.
     */
    public void lookUpStrangers(Predicate<Lease4.Owner> wanted) {
        this.lookUpWanted = wanted;
    }

    public Dhcp4Config config() {
        return snapshot.config();
    }

    /** The wall clock was stepped by {@code step} to {@code now}; see {@link LeaseTable4#clockStepped}. */
    public int clockStepped(Duration step, Instant now) {
        return leases.clockStepped(step, now);
    }

    /** Takes a row read back from the lease file, rows in file order: the last row of each address wins, a release ends it. */
    public void loadLease(Lease4 row, Instant now) {
        leases.load(row, now, HOLD_RECLAIMED);
    }

    /**
     * The shared lease database refused a row of {@code address}: it holds the address for
     * {@code holder}'s client (for nobody when empty), which replaces the lease and the offer of the
     * address here, so that the query answered again does not get it. On the packet path's thread.
     */
    public void learnHolder(InetAddress address, Optional<Lease4> holder) {
        if (address instanceof Inet4Address v4) {
            holder.ifPresentOrElse(leases::put, () -> leases.remove(v4));
        }
    }

    /** Forgets leases expired for longer than {@link #HOLD_RECLAIMED}; returns how many. Safe from any thread. */
    public int reclaimExpired(Instant now) {
        return leases.reclaimExpired(now, HOLD_RECLAIMED);
    }

    /** Every lease held, for a compaction of the lease file. Safe from any thread. */
    public List<Lease4> leases() {
        return leases.snapshot();
    }

    /** Answers one datagram of the partner; called on one thread at a time. */
    public Outcome4 handle(Dhcp4o6Ipc.Envelope envelope, Instant now) {
        try {
            Snapshot current = snapshot;
            Query4o6 query = Query4o6.of(envelope);
            MessageType4 type = sanityCheck(query.message());
            ClientIdentity client = ClientIdentity.of(query.message()).orElseThrow(() ->
                    new Refused(DropReason4.NO_CLIENT_IDENTITY, type + " with neither a client identifier nor chaddr"));
            if (LOOKED_UP.contains(type) && !leases.knowsOf(client)) {
                Lease4.Owner owner = new Lease4.Owner(client.clientId().orElse(Bytes.EMPTY), client.hwaddr());
                if (lookUpWanted.test(owner)) {
                    return new Outcome4.LookUp(owner);
                }
            }
            Optional<SubnetSelector4o6.Selection> selected = SubnetSelector4o6.select(current.config(), query, interfaces);
            if (selected.isEmpty() && type.equals(MessageType4.INFORM)) {
                return Exchange4.informWithoutSubnet(current, interfaces, query, client);
            }
            SubnetSelector4o6.Selection selection = selected.orElseThrow(() -> new Refused(DropReason4.NO_SUBNET,
                    type + " from " + client + " matches no subnet: " + where(query)));
            Exchange4 exchange = new Exchange4(current, leases, allocator, interfaces, query, client, selection, now);
            if (type.equals(MessageType4.DISCOVER)) {
                return exchange.discover();
            }
            if (type.equals(MessageType4.REQUEST)) {
                return exchange.request();
            }
            if (type.equals(MessageType4.DECLINE)) {
                return exchange.decline();
            }
            if (type.equals(MessageType4.RELEASE)) {
                return exchange.release();
            }
            if (type.equals(MessageType4.INFORM)) {
                return exchange.inform();
            }
            throw new Refused(DropReason4.UNSUPPORTED_TYPE, type + " is not served");
        } catch (Refused refused) {
            return new Outcome4.Drop(refused);
        }
    }

    /** RFC 2131 §4.1 and Kea: only a BOOTREQUEST carrying a client's DHCP message type is answered. */
    private static MessageType4 sanityCheck(Dhcp4Message message) throws Refused {
        if (!message.isRequest()) {
            throw new Refused(DropReason4.BOOTREPLY, "op " + message.op() + " is not BOOTREQUEST");
        }
        Optional<MessageType4> type = message.messageType();
        if (type.isEmpty()) {
            throw new Refused(DropReason4.NO_MESSAGE_TYPE, "a BOOTREQUEST without a DHCP message type (BOOTP)");
        }
        if (SERVER_TYPES.contains(type.get())) {
            throw new Refused(DropReason4.NOT_FOR_SERVER, "a " + type.get() + " in a query");
        }
        return type.get();
    }

    private static String where(Query4o6 query) {
        return "received on " + query.interfaceName() + " from " + Addresses.text(query.sourceAddress())
                + query.interfaceId().map(id -> ", Interface-ID " + id.colonHex()).orElse("")
                + query.firstUsableLinkAddress().map(link -> ", link-address " + Addresses.text(link)).orElse("");
    }
}
