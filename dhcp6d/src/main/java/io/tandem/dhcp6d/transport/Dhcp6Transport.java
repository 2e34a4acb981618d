package io.tandem.dhcp6d.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.daemon.QueryQueue;
import io.tandem.common.daemon.UdpEndpoint;
import io.tandem.common.daemon.WarmUpLoop;
import io.tandem.common.event.EventBus;
import io.tandem.common.lease.Lease6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.dhcp6d.config.ListenInterface;
import io.tandem.dhcp6d.engine.Arrival;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import io.tandem.dhcp6d.engine.DropReason6;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dhcp6d's sockets, all served by one event loop: on the server port those of a {@link SocketPlan}
 * (the relay-facing socket, and per served interface one on {@code [ff02::1:2%if]} and one on its
 * link-local address, as Kea and ISC dhcpd have), each read by its own {@link Dhcp6PacketHandler}
 * that knows how its datagrams arrived; and, when paired, the 4o6 port read by a
 * {@link Dhcp4o6Bridge}. A reply leaves by the socket its query came in on, so a link-local
 * reply has the interface's link-local source and leaves by that link.
 */
public final class Dhcp6Transport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dhcp6Transport.class);
    public static final InetAddress ALL_DHCP_RELAY_AGENTS_AND_SERVERS = Addresses.parse6("ff02::1:2");
    /** {@code IFF_UP} of {@code /sys/class/net/IF/flags}. */
    private static final long IFF_UP = 0x1;
    /**
     * The socket's receive buffer, so that what arrives while the event loop does not read (a
     * collection pause, the core taken by another process) waits instead of being dropped by the
     * kernel (the default, about 200 kB, overflowed within 50 ms under perfdhcp). The kernel grants
     * twice what is asked, capped by net.core.rmem_max, and counts a query as 832 bytes (measured on
     * a veth), so 4 MiB holds about 10,000 queries: 0.1 s at dhcp6d's full speed. Each turn of the
     * loop reads it empty ({@link QueryQueue#READ_PER_WAKE_UP}), so it is no queue under overload.
     */
    static final int RECEIVE_BUFFER = 4 << 20;

    private final Dhcp6Engine engine;
    private final EventBus events;
    private final InterfaceDirectory interfaces;
    private final EventLoopGroup group = UdpEndpoint.newEventLoop();
    private final Dhcp6Counters counters = new Dhcp6Counters();
    /** Serves the queries of all the DHCPv6 port's sockets, which share the one event loop. */
    private final ServingLoop serving;
    /** Added to while starting, read by metrics from another thread. */
    private final List<UdpEndpoint> endpoints = new CopyOnWriteArrayList<>();
    /** The relay-facing socket on the server port. */
    private UdpEndpoint relayFacing;
    /** By interface index: the socket a 4o6 answer to a link-local client of that link leaves by. */
    private final Map<Integer, UdpEndpoint> linkSockets = new ConcurrentHashMap<>();
    private volatile Optional<Dhcp4o6Bridge> dhcp4o6 = Optional.empty();
    private Optional<ClientLookup<Lease6, Bytes>> lookup = Optional.empty();

    /** @param leases where replies wait for their lease rows */
    public Dhcp6Transport(Dhcp6Engine engine, LeaseCommit<Lease6> leases, EventBus events,
                          InterfaceDirectory interfaces) {
        this.engine = engine;
        this.serving = new ServingLoop(leases, counters);
        this.events = events;
        this.interfaces = interfaces;
    }

    /**
     * With a shared lease database (before {@link #start}): a client the engine holds nothing of is
     * looked up in it before its query is served.
     */
    public void lookUpStrangersIn(ClientLookup<Lease6, Bytes> clients) {
        lookup = Optional.of(clients);
        engine.lookUpStrangers(clients::wanted);
    }

    /**
     * Opens the sockets of the server port: {@code [bindAddress]:port} for relays, and the sockets
     * of each served interface. The unicast ones are this daemon's alone once all are open, so a
     * second server on the port cannot start. An interface that is down is not served, one without
     * a link-local address yet gets its multicast socket only; each with a warning.
     *
     * @param served the interfaces, {@code "*"} already expanded
     * @throws IOException when a socket cannot be bound (the port is taken: another server), an
     *                     interface does not exist or lacks a configured address
     */
    public void start(InetAddress bindAddress, int port, List<ListenInterface> served) throws IOException {
        SocketPlan plan = SocketPlan.of(new InetSocketAddress(bindAddress, port), served, Dhcp6Transport::hostInterface);
        plan.warnings().forEach(warning -> log.warn("DHCP6_INTERFACE_INCOMPLETE {}", warning));
        List<String> names = served.stream().map(ListenInterface::name).distinct().toList();
        List<UdpEndpoint> unicast = new ArrayList<>();
        for (SocketPlan.Listener listener : plan.listeners()) {
            Function<Inet6Address, Arrival> arrival = listener.addressing() == Arrival.Addressing.RELAY_SOCKET
                    ? new RelaySocketArrival(interfaces, names) : constant(new Arrival(listener.interfaceName(),
                    listener.addressing()));
            Dhcp6PacketHandler handler = new Dhcp6PacketHandler(engine::handle, arrival, serving, events,
                    datagram -> dhcp4o6.ifPresent(bridge -> bridge.forward(datagram)), counters, lookup);
            String name = listener.interfaceName().isEmpty() ? "the DHCPv6 port"
                    : "the DHCPv6 port's " + listener.addressing().label() + " socket on " + listener.interfaceName();
            UdpEndpoint.Options options = listener.multicast()
                    ? UdpEndpoint.Options.multicast(ALL_DHCP_RELAY_AGENTS_AND_SERVERS, List.of(listener.interfaceName()),
                    RECEIVE_BUFFER) : UdpEndpoint.Options.unicastClaimedLater(RECEIVE_BUFFER);
            UdpEndpoint endpoint = open(name, listener.local(), options.readingUpTo(QueryQueue.READ_PER_WAKE_UP),
                    handler);
            if (listener.multicast()) {
                linkSockets.putIfAbsent(((Inet6Address) listener.local().getAddress()).getScopeId(), endpoint);
            } else {
                unicast.add(endpoint);
            }
            if (listener.addressing() == Arrival.Addressing.UNICAST_LINK_LOCAL) {
                linkSockets.put(((Inet6Address) listener.local().getAddress()).getScopeId(), endpoint);
            }
            if (listener.addressing() == Arrival.Addressing.RELAY_SOCKET) {
                relayFacing = endpoint;
            }
        }
        for (UdpEndpoint endpoint : unicast) {
            endpoint.claimPort();
        }
        log.info("DHCP6_LISTENING [{}]:{} on {}", Addresses.text(bindAddress), port,
                names.isEmpty() ? "unicast only" : String.join(", ", names));
        if (log.isDebugEnabled()) {
            plan.listeners().forEach(listener -> log.debug("DHCP6_SOCKET {} {} {}", Addresses.text(listener.local()),
                    listener.interfaceName(), listener.addressing().label()));
        }
    }

    /**
     * Runs the packet path on made-up exchanges before the sockets open ({@link WarmUp}), as the
     * first client of {@code served}'s first interface, or behind a relay on the first subnet's link
     * when no interface is served; logs what it ran.
     *
     * @param scratch an engine of its own with this daemon's configuration, thrown away after
     */
    public void warmUp(Dhcp6Engine scratch, List<ListenInterface> served) {
        Optional<WarmUp.Link> link = served.isEmpty()
                ? scratch.config().subnets().stream().findFirst().map(subnet -> new WarmUp.Link.Relayed(subnet.prefix().network()))
                : Optional.of(new WarmUp.Link.Direct(served.get(0).name()));
        WarmUpLoop.runAndLog(log, "DHCP6_WARMED_UP", "no subnet for made-up clients",
                budget -> link.map(where -> WarmUp.run(scratch, where, budget)));
    }

    private static Function<Inet6Address, Arrival> constant(Arrival arrival) {
        return source -> arrival;
    }

    /**
     * The interface as the host shows it now; start only (it enumerates every interface). Java
     * lists only interfaces that have an address, which a down one may not: such an interface is
     * known by its entry in {@code /sys/class/net}.
     */
    private static Optional<SocketPlan.HostInterface> hostInterface(String name) {
        try {
            NetworkInterface found = NetworkInterface.getByName(name);
            if (found == null) {
                return Files.isDirectory(Path.of("/sys/class/net").resolve(name))
                        ? Optional.of(new SocketPlan.HostInterface(name, 0, administrativelyUp(name), List.of()))
                        : Optional.empty();
            }
            return Optional.of(new SocketPlan.HostInterface(name, found.getIndex(), administrativelyUp(name),
                    Collections.list(found.getInetAddresses()).stream().filter(Inet6Address.class::isInstance)
                            .map(Inet6Address.class::cast).toList()));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the interface is set up ({@code IFF_UP}), carrier or not. Java's
     * {@code NetworkInterface.isUp} also wants a carrier ({@code IFF_RUNNING}), which a bridge
     * without a port yet, or a switch port whose machine is still powered off, does not have: such a
     * link is served, its machines are about to boot on it.
     */
    private static boolean administrativelyUp(String name) {
        try {
            return (Long.decode(Files.readString(Path.of("/sys/class/net", name, "flags")).trim()) & IFF_UP) != 0;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Opens dhcp6d's end of the port pair with dhcp4o6d ({@code [::1]:port}). */
    public void pairWithDhcp4o6(int port) throws IOException {
        Dhcp4o6Bridge bridge = new Dhcp4o6Bridge(port, interfaces, this::sendToClient);
        open("the 4o6 port", new InetSocketAddress(Addresses.parse6("::1"), port),
                UdpEndpoint.Options.unicast(Dhcp4o6Bridge.RECEIVE_BUFFER).readingUpTo(QueryQueue.READ_PER_WAKE_UP),
                bridge);
        dhcp4o6 = Optional.of(bridge);
        log.info("DHCP4O6_PAIRED [::1]:{} with dhcp4o6d at [::1]:{}", port, port + 1);
    }

    private UdpEndpoint open(String name, InetSocketAddress local, UdpEndpoint.Options options,
                             ChannelHandler handler) throws IOException {
        UdpEndpoint endpoint = UdpEndpoint.bind(name, local, options, group, handler);
        endpoints.add(endpoint);
        return endpoint;
    }

    /**
     * An answer of dhcp4o6d, out of the DHCPv6 port: to a link-local client by its link's own
     * socket, to anyone else by the relay-facing one.
     */
    private void sendToClient(byte[] datagram, InetSocketAddress destination) {
        UdpEndpoint socket = relayFacing;
        if (destination.getAddress() instanceof Inet6Address address && address.getScopeId() > 0) {
            socket = linkSockets.getOrDefault(address.getScopeId(), relayFacing);
        }
        socket.send(datagram, destination);
        counters.countSent(datagram[0]);
    }

    public long received() {
        return counters.received();
    }

    public long sent() {
        return counters.sent();
    }

    /** Datagrams the engine threw on: bugs, each logged with its stack as DHCP6_ENGINE_FAILURE. */
    public long engineFailures() {
        return counters.engineFailures();
    }

    /** Datagrams received so far, by their first byte (the message type); one count per possible byte. */
    public long[] receivedByType() {
        return counters.receivedByType();
    }

    /** Datagrams sent so far, by message type. */
    public long[] sentByType() {
        return counters.sentByType();
    }

    /** The 4o6 pairing, when there is one. */
    public Optional<Dhcp4o6Bridge.Stats> dhcp4o6() {
        return dhcp4o6.map(Dhcp4o6Bridge::stats);
    }

    /** Packets dropped so far, by reason; reasons that never happened are left out. */
    public Map<DropReason6, Long> drops() {
        return counters.drops();
    }

    /** The sockets' bound addresses: those of the DHCPv6 port, then the 4o6 port when paired. */
    public List<InetSocketAddress> localAddresses() {
        return endpoints.stream().map(UdpEndpoint::localAddress).toList();
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return relayFacing.localAddress().getPort();
    }

    @Override
    public void close() {
        endpoints.forEach(UdpEndpoint::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
