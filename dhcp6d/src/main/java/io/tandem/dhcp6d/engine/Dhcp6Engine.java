package io.tandem.dhcp6d.engine;

import io.tandem.common.engine.Refused;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.config.Dhcp6Config;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The DHCPv6 protocol logic of dhcp6d: a function from a received datagram to a reply (with the
 * lease rows to record first) or a drop with its reason. No sockets, no files: the transport
 * calls {@link #handle} on one thread, and tests call it directly.
 */
public final class Dhcp6Engine {
    /**
     * @param serverDuid the server's identifier, kept next to the lease file
     * @param serverPort the port relays are answered on (547, or {@code -p})
     * @param clientPort the port direct clients are answered on (546, or {@code -P})
     * @param dhcp4o6Port the port pair with dhcp4o6d ({@code -4o6} or {@code dhcp4o6-port}), 0 when off
     */
    public record Settings(Duid serverDuid, int serverPort, int clientPort, int dhcp4o6Port) {
    }

    /** The queries whose client is looked up in a shared lease database when this server holds nothing of it. */
    private static final Set<MessageType6> LOOKED_UP = Set.of(MessageType6.SOLICIT, MessageType6.REQUEST,
            MessageType6.RENEW, MessageType6.REBIND, MessageType6.RELEASE, MessageType6.DECLINE);

    /** Kea's default {@code hold-reclaimed-time}. */
    static final long HOLD_RECLAIMED_SECONDS = 3600;

    private final Settings settings;
    private final BindingTable bindings = new BindingTable();
    private final Function<String, List<Inet6Address>> interfaceAddresses;
    private final Clock clock;
    private volatile Dhcp6Config config;
    /** Whether a client this server holds nothing of is looked up in a shared lease database first; never without one. */
    private volatile Predicate<Bytes> lookUpWanted = duid -> false;

    /**
     * @param interfaceAddresses the addresses of a local interface, for choosing the subnet of a
     *                           direct client whose subnet names no interface
     */
    public Dhcp6Engine(Dhcp6Config config, Settings settings, Function<String, List<Inet6Address>> interfaceAddresses,
            Clock clock) {
        this.config = config;
        this.settings = settings;
        this.interfaceAddresses = interfaceAddresses;
        this.clock = clock;
    }

    /**
     * The wall clock was stepped by {@code step}: after a step forward, the bindings that had not
     * run out end that much later (none expires early); after a step back they end later on the
     * wall clock anyway. Returns how many bindings were shifted.
     */
    public int clockStepped(Duration step) {
        return step.isNegative() ? 0 : bindings.extendBy(step, clock.instant());
    }

    /** Swaps in a new configuration (SIGHUP); bindings are kept. */
    public void reconfigure(Dhcp6Config newConfig) {
        this.config = newConfig;
    }

    /**
     * With a shared lease database: a Solicit, Request, Renew, Rebind, Release or Decline of a
     * client (a DUID) with no binding here is answered {@link Outcome6.LookUp} when {@code wanted}
     * says so, and served once the daemon looked it up and its table learnt what was found.
     */
    public void lookUpStrangers(Predicate<Bytes> wanted) {
        this.lookUpWanted = wanted;
    }

    public Dhcp6Config config() {
        return config;
    }

    public Duid serverDuid() {
        return settings.serverDuid();
    }

    /** Takes a row read back from the lease file at start, rows in file order; the last row of each binding wins. */
    public void loadLease(Lease6 row) {
        bindings.load(row, clock.instant());
    }

    /**
     * The shared lease database refused a row of {@code address}: it holds the address for
     * {@code holder}'s client (for nobody when empty), which replaces every binding of the address
     * here, so that the query served again moves on to another. On the packet path's thread.
     */
    public void learnHolder(InetAddress address, Optional<Lease6> holder) {
        if (address instanceof Inet6Address v6) {
            bindings.learn(v6, holder);
        }
    }

    /**
     * Forgets bindings expired for longer than Kea's default {@code hold-reclaimed-time} (an
     * hour); returns how many. Safe to call from any thread.
     */
    public int reclaimExpired() {
        return bindings.reclaimExpired(clock.instant(), HOLD_RECLAIMED_SECONDS);
    }

    /**
     * The MAC of the machine that holds {@code address} now, from its binding: for a boot file
     * fetched without a {@code <mac>/} in its path. Safe to call from any thread.
     */
    public Optional<MacAddress> macAt(InetAddress address) {
        return address instanceof Inet6Address v6 ? bindings.macAt(v6, clock.instant()) : Optional.empty();
    }

    /** Every binding held, for a compaction of the lease file and for status queries. */
    public List<Lease6> leases() {
        return bindings.snapshot();
    }

    public Outcome6 handle(Inbound6 inbound) {
        try {
            return answer(inbound);
        } catch (Refused refused) {
            return new Outcome6.Drop(refused);
        }
    }

    private Outcome6 answer(Inbound6 inbound) throws Refused {
        Dhcp6Message received;
        try {
            received = Dhcp6Codec.decode(inbound.datagram());
        } catch (DecodeException e) {
            throw new Refused(DropReason6.MALFORMED, e.getMessage());
        }
        if (received instanceof RelayMessage relay && relay.type() != MessageType6.RELAY_FORW) {
            throw new Refused(DropReason6.NOT_FOR_SERVER, relay.type().name());
        }
        ClientMessage client = ClientMessage.unwrap(received).orElseThrow(() ->
                new Refused(DropReason6.RELAY_WITHOUT_MESSAGE, "a relay layer holds no relay-msg"));
        for (RelayMessage relay : client.relays()) {
            if (relay.type() != MessageType6.RELAY_FORW) {
                throw new Refused(DropReason6.NOT_FOR_SERVER, "a " + relay.type() + " inside a Relay-Forward");
            }
        }
        MessageType6 type = client.message().type();
        if (type.equals(MessageType6.DHCPV4_QUERY)) {
            return forwardToDhcp4o6(inbound, received, client);
        }
        ClientServerMessage request = client.clientServer().filter(message -> !isServerMessage(type))
                .orElseThrow(() -> new Refused(DropReason6.NOT_FOR_SERVER, type.name()));
        checkIdentifiers(request);
        checkMulticast(inbound, client, type);
        if (LOOKED_UP.contains(type)) {
            Bytes duid = request.options().clientId().orElseThrow().bytes();
            if (bindings.isStranger(duid) && lookUpWanted.test(duid)) {
                return new Outcome6.LookUp(duid);
            }
        }
        Exchange6 exchange = new Exchange6(config, settings, interfaceAddresses, bindings, inbound, client, request,
                clock.instant());
        try {
            return switch (type.code()) {
                case 1 -> exchange.solicit();
                case 3 -> exchange.request();
                case 4 -> exchange.confirm();
                case 5 -> exchange.renew();
                case 6 -> exchange.rebind();
                case 8 -> exchange.release();
                case 9 -> exchange.decline();
                case 11 -> exchange.informationRequest();
                default -> throw new Refused(DropReason6.UNSUPPORTED_TYPE, type.name());
            };
        } catch (Refused refused) {
            return exchange.dropped(refused);
        }
    }

    /** RFC 7341 §6.2 and Kea: a query with exactly one DHCPv4 message goes to dhcp4o6d as received. */
    private Outcome6 forwardToDhcp4o6(Inbound6 inbound, Dhcp6Message received, ClientMessage client) throws Refused {
        if (settings.dhcp4o6Port() == 0) {
            throw new Refused(DropReason6.DHCP4O6_DISABLED, "DHCPv4-over-DHCPv6 is off (no -4o6 or dhcp4o6-port)");
        }
        if (client.message().options().count(Dhcp6Options.DHCPV4_MESSAGE) != 1) {
            throw new Refused(DropReason6.DHCPV4_QUERY_WITHOUT_MESSAGE, "DHCPV4-QUERY with "
                    + client.message().options().count(Dhcp6Options.DHCPV4_MESSAGE) + " DHCPv4 Message options");
        }
        return new Outcome6.ForwardToDhcp4o6(Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(received,
                inbound.interfaceName(), inbound.source(), inbound.sourcePort())));
    }

    private static boolean isServerMessage(MessageType6 type) {
        return type.equals(MessageType6.ADVERTISE) || type.equals(MessageType6.REPLY)
                || type.equals(MessageType6.RECONFIGURE) || type.equals(MessageType6.DHCPV4_RESPONSE);
    }

    /**
     * RFC 9915 §16 (Kea's {@code testUnicast}): a direct client's Solicit, Confirm, Rebind or
     * Information-Request must come by multicast; one sent to a unicast address of the server is
     * discarded. Relayed messages come by unicast by nature. A datagram from the host itself
     * ({@code ::1}) is let through: Linux's {@code lo} has no multicast, so tools and tests on
     * loopback (a direct {@code dhcp-load --server ::1}) can only reach dhcp6d by unicast, and no
     * client on a real link can send from {@code ::1}.
     */
    private static void checkMulticast(Inbound6 inbound, ClientMessage client, MessageType6 type) throws Refused {
        if (client.relayed() || inbound.arrival().addressing() == Arrival.Addressing.MULTICAST
                || inbound.source().isLoopbackAddress()) {
            return;
        }
        if (type.equals(MessageType6.SOLICIT) || type.equals(MessageType6.CONFIRM) || type.equals(MessageType6.REBIND)
                || type.equals(MessageType6.INFORMATION_REQUEST)) {
            throw new Refused(DropReason6.SENT_BY_UNICAST, type.name() + " sent to a unicast address ("
                    + inbound.arrival().addressing().label() + " on " + inbound.interfaceName() + ")");
        }
    }

    /**
     * RFC 9915 §16: which messages need or forbid a Client and a Server Identifier. A type this
     * server does not serve goes no further than its Client Identifier: {@link #answer}'s switch
     * drops it.
     */
    private void checkIdentifiers(ClientServerMessage request) throws Refused {
        MessageType6 type = request.type();
        Options6 options = request.options();
        boolean information = type.equals(MessageType6.INFORMATION_REQUEST);
        if (!information && options.clientId().isEmpty()) {
            throw new Refused(DropReason6.MISSING_CLIENT_ID, type.name() + " without a Client Identifier");
        }
        if (type.equals(MessageType6.SOLICIT) || type.equals(MessageType6.REBIND) || type.equals(MessageType6.CONFIRM)) {
            if (options.has(Dhcp6Options.SERVERID)) {
                throw new Refused(DropReason6.UNEXPECTED_SERVER_ID, type.name() + " with a Server Identifier");
            }
        } else if (type.equals(MessageType6.REQUEST) || type.equals(MessageType6.RENEW)
                || type.equals(MessageType6.RELEASE) || type.equals(MessageType6.DECLINE)) {
            if (options.serverId().isEmpty()) {
                throw new Refused(DropReason6.MISSING_SERVER_ID, type.name() + " without a Server Identifier");
            }
        } else if (!information) {
            return;
        }
        if (options.serverId().isPresent() && !options.serverId().get().equals(settings.serverDuid())) {
            throw new Refused(DropReason6.OTHER_SERVER, type.name() + " for server " + options.serverId().get());
        }
        if (information && (!options.iaNas().isEmpty() || !options.iaPds().isEmpty())) {
            throw new Refused(DropReason6.INFORMATION_REQUEST_WITH_IA, "Information-Request with an IA");
        }
    }
}
