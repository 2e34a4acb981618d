package io.tandem.dhcp6d.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.common.daemon.UdpEndpoint;
import io.tandem.common.event.EventBus;
import io.tandem.common.wire.Addresses;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import io.tandem.dhcp6d.engine.DropReason6;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dhcp6d's sockets: one IPv6 UDP socket on the server port that has joined ff02::1:2 on every
 * served interface, read by a {@link Dhcp6PacketHandler}; and, when paired, the 4o6 port read by
 * a {@link Dhcp4o6Bridge}. Both are served by one event loop. A direct client's link-local
 * source arrives with the arrival interface as its scope, which is how the interface is known and
 * how the reply leaves by the same link.
 */
public final class Dhcp6Transport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dhcp6Transport.class);
    public static final InetAddress ALL_DHCP_RELAY_AGENTS_AND_SERVERS = Addresses.parse6("ff02::1:2");
    /**
     * The socket's receive buffer: about 4,000 queries, so that a burst arriving during a garbage
     * collection pause waits instead of being dropped by the kernel (the default, about 200 kB,
     * overflowed within 50 ms under perfdhcp). Capped by net.core.rmem_max.
     */
    static final int RECEIVE_BUFFER = 4 << 20;

    private final Dhcp6Engine engine;
    private final LeaseQueue leases;
    private final EventBus events;
    private final InterfaceDirectory interfaces;
    private final EventLoopGroup group = UdpEndpoint.newEventLoop();
    private final Dhcp6Counters counters = new Dhcp6Counters();
    /** Added to while starting, read by metrics from another thread. */
    private final List<UdpEndpoint> endpoints = new CopyOnWriteArrayList<>();
    private UdpEndpoint dhcp6;
    private volatile Optional<Dhcp4o6Bridge> dhcp4o6 = Optional.empty();

    /** @param leaseWriter where replies wait for their lease rows; empty to keep leases in memory only */
    public Dhcp6Transport(Dhcp6Engine engine, Optional<LeaseWriter> leaseWriter, EventBus events,
                          InterfaceDirectory interfaces) {
        this.engine = engine;
        this.leases = leaseWriter.<LeaseQueue>map(writer -> writer).orElse(LeaseQueue.IN_MEMORY);
        this.events = events;
        this.interfaces = interfaces;
    }

    /**
     * Binds {@code [bindAddress]:port} and joins the DHCPv6 multicast group on each interface.
     *
     * @throws IOException when the port cannot be bound or an interface does not exist
     */
    public void start(InetAddress bindAddress, int port, List<String> interfaces) throws IOException {
        Dhcp6PacketHandler handler = new Dhcp6PacketHandler(engine::handle,
                new ArrivalInterface(this.interfaces, interfaces), leases, events,
                datagram -> dhcp4o6.ifPresent(bridge -> bridge.forward(datagram)), counters);
        dhcp6 = open("the DHCPv6 port", new InetSocketAddress(bindAddress, port),
                UdpEndpoint.Options.multicast(ALL_DHCP_RELAY_AGENTS_AND_SERVERS, interfaces, RECEIVE_BUFFER), handler);
        log.info("DHCP6_LISTENING [{}]:{} on {}", Addresses.text(bindAddress), port,
                interfaces.isEmpty() ? "unicast only" : String.join(", ", interfaces));
    }

    /** Opens dhcp6d's end of the port pair with dhcp4o6d ({@code [::1]:port}). */
    public void pairWithDhcp4o6(int port) throws IOException {
        Dhcp4o6Bridge bridge = new Dhcp4o6Bridge(port, this::sendToClient);
        open("the 4o6 port", new InetSocketAddress(Addresses.parse6("::1"), port), UdpEndpoint.Options.unicast(0),
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

    /** An answer of dhcp4o6d, out of the DHCPv6 port. */
    private void sendToClient(byte[] datagram, InetSocketAddress destination) {
        dhcp6.send(datagram, destination);
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

    /** The sockets' bound addresses: the DHCPv6 port, then the 4o6 port when paired. */
    public List<InetSocketAddress> localAddresses() {
        return endpoints.stream().map(UdpEndpoint::localAddress).toList();
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return dhcp6.localAddress().getPort();
    }

    @Override
    public void close() {
        endpoints.forEach(UdpEndpoint::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
