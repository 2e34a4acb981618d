package io.tandem.dhcp6d.engine;

import io.tandem.common.config.ConfiguredOption6;
import io.tandem.common.event.BootEvent;
import io.tandem.common.lease.Lease6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.config.Dhcp6Config;
import io.tandem.dhcp6d.config.Reservation6;
import io.tandem.dhcp6d.config.Subnet6;
import io.tandem.dhcp6d.netboot.BootOptions;
import io.tandem.dhcp6d.netboot.BootStage;
import java.net.Inet6Address;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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

    /** Kea's default {@code hold-reclaimed-time}. */
    static final long HOLD_RECLAIMED_SECONDS = 3600;

    private final Settings settings;
    private final BindingTable bindings = new BindingTable();
    private final Function<String, List<Inet6Address>> interfaceAddresses;
    private final Clock clock;
    private volatile Dhcp6Config config;

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

    /** Swaps in a new configuration (SIGHUP); bindings are kept. */
    public void reconfigure(Dhcp6Config newConfig) {
        this.config = newConfig;
    }

    public Dhcp6Config config() {
        return config;
    }

    public Duid serverDuid() {
        return settings.serverDuid();
    }

    /** Takes the bindings read back from the lease file at start; the last row of each binding wins. */
    public void loadLeases(Collection<Lease6> rows) {
        bindings.load(rows, clock.instant());
    }

    /**
     * Forgets bindings expired for longer than Kea's default {@code hold-reclaimed-time} (an
     * hour); returns how many. Safe to call from any thread.
     */
    public int reclaimExpired() {
        return bindings.reclaimExpired(clock.instant(), HOLD_RECLAIMED_SECONDS);
    }

    /** Every binding held, for a compaction of the lease file and for status queries. */
    public List<Lease6> leases() {
        return bindings.snapshot();
    }

    public Outcome6 handle(Inbound6 inbound) {
        Dhcp6Message received;
        try {
            received = Dhcp6Codec.decode(inbound.datagram());
        } catch (DecodeException e) {
            return new Outcome6.Drop(DropReason.MALFORMED, e.getMessage());
        }
        if (received instanceof RelayMessage relay && relay.type() != MessageType6.RELAY_FORW) {
            return new Outcome6.Drop(DropReason.NOT_FOR_SERVER, relay.type().name());
        }
        Optional<ClientMessage> unwrapped = ClientMessage.unwrap(received);
        if (unwrapped.isEmpty()) {
            return new Outcome6.Drop(DropReason.RELAY_WITHOUT_MESSAGE, "a relay layer holds no relay-msg");
        }
        ClientMessage client = unwrapped.get();
        for (RelayMessage relay : client.relays()) {
            if (relay.type() != MessageType6.RELAY_FORW) {
                return new Outcome6.Drop(DropReason.NOT_FOR_SERVER, "a " + relay.type() + " inside a Relay-Forward");
            }
        }
        MessageType6 type = client.message().type();
        if (type.equals(MessageType6.DHCPV4_QUERY)) {
            return forwardToDhcp4o6(inbound, received, client);
        }
        Optional<ClientServerMessage> request = client.clientServer();
        if (request.isEmpty() || isServerMessage(type)) {
            return new Outcome6.Drop(DropReason.NOT_FOR_SERVER, type.name());
        }
        Optional<Outcome6.Drop> invalid = validate(request.get());
        if (invalid.isPresent()) {
            return invalid.get();
        }
        return answer(inbound, client, request.get(), clock.instant());
    }

    /** RFC 7341 §6.2 and Kea: a query with exactly one DHCPv4 message goes to dhcp4o6d as received. */
    private Outcome6 forwardToDhcp4o6(Inbound6 inbound, Dhcp6Message received, ClientMessage client) {
        if (settings.dhcp4o6Port() == 0) {
            return new Outcome6.Drop(DropReason.DHCP4O6_DISABLED, "DHCPv4-over-DHCPv6 is off (no -4o6 or dhcp4o6-port)");
        }
        if (client.message().options().count(Dhcp6Options.DHCPV4_MESSAGE) != 1) {
            return new Outcome6.Drop(DropReason.DHCPV4_QUERY_WITHOUT_MESSAGE, "DHCPV4-QUERY with "
                    + client.message().options().count(Dhcp6Options.DHCPV4_MESSAGE) + " DHCPv4 Message options");
        }
        return new Outcome6.ForwardToDhcp4o6(Dhcp4o6Ipc.encode(new Dhcp4o6Ipc.Envelope(received,
                inbound.interfaceName(), inbound.source(), inbound.sourcePort())));
    }

    private static boolean isServerMessage(MessageType6 type) {
        return type.equals(MessageType6.ADVERTISE) || type.equals(MessageType6.REPLY)
                || type.equals(MessageType6.RECONFIGURE) || type.equals(MessageType6.DHCPV4_RESPONSE);
    }

    /** RFC 9915 §16: which messages need or forbid a Client and a Server Identifier. */
    private Optional<Outcome6.Drop> validate(ClientServerMessage request) {
        MessageType6 type = request.type();
        Options6 options = request.options();
        boolean information = type.equals(MessageType6.INFORMATION_REQUEST);
        if (!information && options.clientId().isEmpty()) {
            return drop(DropReason.MISSING_CLIENT_ID, type.name() + " without a Client Identifier");
        }
        if (type.equals(MessageType6.SOLICIT) || type.equals(MessageType6.REBIND) || type.equals(MessageType6.CONFIRM)) {
            if (options.has(Dhcp6Options.SERVERID)) {
                return drop(DropReason.UNEXPECTED_SERVER_ID, type.name() + " with a Server Identifier");
            }
        } else if (type.equals(MessageType6.REQUEST) || type.equals(MessageType6.RENEW)
                || type.equals(MessageType6.RELEASE) || type.equals(MessageType6.DECLINE)) {
            if (options.serverId().isEmpty()) {
                return drop(DropReason.MISSING_SERVER_ID, type.name() + " without a Server Identifier");
            }
        } else if (!information) {
            return drop(DropReason.UNSUPPORTED_TYPE, type.name());
        }
        if (options.serverId().isPresent() && !options.serverId().get().equals(settings.serverDuid())) {
            return drop(DropReason.OTHER_SERVER, type.name() + " for server " + options.serverId().get());
        }
        if (information && (!options.iaNas().isEmpty() || !options.iaPds().isEmpty())) {
            return drop(DropReason.INFORMATION_REQUEST_WITH_IA, "Information-Request with an IA");
        }
        return Optional.empty();
    }

    private static Optional<Outcome6.Drop> drop(DropReason reason, String detail) {
        return Optional.of(new Outcome6.Drop(reason, detail));
    }

    private Outcome6 answer(Inbound6 inbound, ClientMessage client, ClientServerMessage request, Instant now) {
        Dhcp6Config current = config;
        MessageType6 type = request.type();
        Optional<Subnet6> subnet = SubnetSelector.select(current.subnets(), client, inbound.interfaceName(),
                interfaceAddresses);
        if (subnet.isEmpty() && !type.equals(MessageType6.INFORMATION_REQUEST)) {
            return new Outcome6.Drop(DropReason.NO_SUBNET, type.name() + " from a link with no subnet"
                    + client.nearestRelay().map(r -> " (relay link-address " + Addresses.text(r.linkAddress()) + ")")
                            .orElse(" (interface " + inbound.interfaceName() + ")"));
        }
        Optional<ClientMac> mac = MacFinder.find(client, inbound.source(), current.macSources());
        Optional<Reservation6> reservation = HostFinder.find(current.hostReservationIdentifiers(), subnet,
                current.globalReservations(), client, mac);
        BootStage stage = BootStage.of(request.options());
        if (type.equals(MessageType6.INFORMATION_REQUEST)) {
            List<Option6> boot = bootOptions(current, subnet, mac, reservation, stage, request, inbound, client);
            return reply(inbound, client, request, MessageType6.REPLY,
                    withConfigured(boot, informationReply(current, subnet, request)), List.of(), List.of());
        }
        Exchange exchange = new Exchange(current, bindings, now, client, request, subnet, mac, reservation);
        List<Option6> answer = new ArrayList<>();
        MessageType6 replyType = MessageType6.REPLY;
        if (type.equals(MessageType6.SOLICIT)) {
            boolean rapid = request.options().rapidCommit() && subnet.get().rapidCommit();
            answer.addAll(exchange.answerIas(rapid));
            if (rapid) {
                answer.add(new Option6.Empty(Dhcp6Options.RAPID_COMMIT));
            } else {
                replyType = MessageType6.ADVERTISE;
            }
        } else if (type.equals(MessageType6.REQUEST) || type.equals(MessageType6.RENEW)
                || type.equals(MessageType6.REBIND)) {
            answer.addAll(exchange.answerIas(true));
        } else if (type.equals(MessageType6.RELEASE)) {
            answer.addAll(exchange.release());
            answer.add(Option6.StatusCode.of(Option6.StatusCode.SUCCESS, "release processed"));
        } else if (type.equals(MessageType6.DECLINE)) {
            answer.addAll(exchange.decline());
            answer.add(Option6.StatusCode.of(Option6.StatusCode.SUCCESS, "decline processed"));
        } else {
            Optional<Boolean> onLink = exchange.confirmOnLink();
            if (onLink.isEmpty()) {
                return new Outcome6.Drop(DropReason.CONFIRM_WITHOUT_ADDRESSES, "Confirm naming no address");
            }
            answer.add(onLink.get()
                    ? Option6.StatusCode.of(Option6.StatusCode.SUCCESS, "all addresses are on link")
                    : Option6.StatusCode.of(Option6.StatusCode.NOT_ON_LINK, "an address is not on this link"));
        }
        if (!type.equals(MessageType6.RELEASE) && !type.equals(MessageType6.DECLINE)
                && !type.equals(MessageType6.CONFIRM)) {
            List<Option6> boot = bootOptions(current, subnet, mac, reservation, stage, request, inbound, client);
            answer.addAll(withConfigured(boot, exchange.configuredOptions()));
        }
        List<BootEvent> events = mac.map(found -> ExchangeEvents.of(request, !exchange.rows.isEmpty(), found, stage, answer,
                client.nearestRelay(), now)).orElse(List.of());
        return reply(inbound, client, request, replyType, answer, exchange.rows, events);
    }

    /**
     * The boot options of the client's boot stage, unless its reservation names its own
     * {@code bootfile-url} (per-host boot, as provisioning systems need), which then comes with
     * the configured options.
     */
    private List<Option6> bootOptions(Dhcp6Config current, Optional<Subnet6> subnet,
            Optional<ClientMac> mac, Optional<Reservation6> reservation, BootStage stage, ClientServerMessage request,
            Inbound6 inbound, ClientMessage client) {
        boolean hostBootUrl = reservation.stream().flatMap(r -> r.options().stream())
                .anyMatch(option -> option.code() == Dhcp6Options.BOOTFILE_URL);
        if (mac.isEmpty() || hostBootUrl) {
            return List.of();
        }
        Optional<Inet6Address> server = current.netboot().serverAddress()
                .or(() -> client.relayed() ? Optional.empty() : globalAddressOf(inbound.interfaceName()));
        Inet6Address base = subnet.map(s -> s.macAddressing().map(m -> m.prefix().network()).orElse(s.prefix().network()))
                .orElse(Addresses.parse6("::"));
        return BootOptions.forClient(current.netboot(), stage, request.options(), mac.get().mac(), server, base);
    }

    /** Boot options, then the configured options they do not replace. */
    private static List<Option6> withConfigured(List<Option6> boot, List<Option6> configured) {
        List<Option6> combined = new ArrayList<>(boot);
        for (Option6 option : configured) {
            if (boot.stream().noneMatch(given -> given.code() == option.code())) {
                combined.add(option);
            }
        }
        return combined;
    }

    private Optional<Inet6Address> globalAddressOf(String interfaceName) {
        return interfaceAddresses.apply(interfaceName).stream()
                .filter(address -> !address.isLinkLocalAddress() && !address.isLoopbackAddress()).findFirst();
    }

    private static List<Option6> informationReply(Dhcp6Config current, Optional<Subnet6> subnet,
            ClientServerMessage request) {
        List<List<ConfiguredOption6>> levels = new ArrayList<>();
        levels.add(current.options());
        subnet.ifPresent(s -> levels.add(s.options()));
        return OptionSelector.select(levels, request.options().requestedOptions());
    }

    /** The reply with Server and Client Identifier first, wrapped back through every relay. */
    private Outcome6 reply(Inbound6 inbound, ClientMessage client, ClientServerMessage request, MessageType6 type,
            List<Option6> body, List<Lease6> rows, List<BootEvent> events) {
        List<Option6> options = new ArrayList<>(body.size() + 2);
        options.add(new Option6.DuidOption(Dhcp6Options.SERVERID, settings.serverDuid()));
        request.options().get(Dhcp6Options.CLIENTID).ifPresent(options::add);
        options.addAll(body);
        Dhcp6Message message = new ClientServerMessage(type, request.transactionId(), new Options6(options));
        for (int i = client.relays().size() - 1; i >= 0; i--) {
            RelayMessage hop = client.relays().get(i);
            List<Option6> relayOptions = new ArrayList<>(3);
            // Kea echoes both: the relay needs its Interface-ID back (RFC 9915 §19.3) and its port.
            hop.options().get(Dhcp6Options.INTERFACE_ID).ifPresent(relayOptions::add);
            hop.options().get(Dhcp6Options.RELAY_SOURCE_PORT).ifPresent(relayOptions::add);
            relayOptions.add(new Option6.RelayedMessage(message));
            message = new RelayMessage(MessageType6.RELAY_REPL, hop.hopCount(), hop.linkAddress(), hop.peerAddress(),
                    new Options6(relayOptions));
        }
        int port;
        if (client.relayed()) {
            // RFC 8357: a relay that sent from another port than 547 says so, and is answered there.
            boolean ownPort = client.relays().get(0).options().has(Dhcp6Options.RELAY_SOURCE_PORT);
            port = ownPort ? inbound.sourcePort() : settings.serverPort();
        } else {
            port = settings.clientPort();
        }
        return new Outcome6.Reply(message, inbound.source(), port, inbound.interfaceName(), rows, events);
    }
}
