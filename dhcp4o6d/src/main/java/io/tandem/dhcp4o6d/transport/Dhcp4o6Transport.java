package io.tandem.dhcp4o6d.transport;

import io.netty.channel.EventLoopGroup;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.daemon.QueryQueue;
import io.tandem.common.daemon.UdpEndpoint;
import io.tandem.common.lease.Lease4;
import io.tandem.common.wire.Addresses;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import io.tandem.dhcp4o6d.engine.DropReason4;
import io.tandem.dhcp4o6d.event.EventSender;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dhcp4o6d's end of the DHCPv4-over-DHCPv6 port pair, in Kea's layout: bound to
 * {@code [::1]:P+1}, answering the partner (dhcp6d or kea-dhcp6) at {@code [::1]:P}, read by a
 * {@link Dhcp4o6PacketHandler} on one event loop, until the kernel has none left at each turn.
 * UDP on loopback queues nothing, so while the partner is away answers are lost and clients retry;
 * either side may restart at any time.
 */
public final class Dhcp4o6Transport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dhcp4o6Transport.class);
    /** Room for a burst from the partner (the kernel caps it at net.core.rmem_max). */
    private static final int RECEIVE_BUFFER = 1 << 20;
    private static final Inet6Address LOOPBACK = Addresses.parse6("::1");

    private final Dhcp4o6Engine engine;
    private final LeaseCommit<Lease4> leases;
    private final Clock clock;
    private final EventLoopGroup group = UdpEndpoint.newEventLoop();
    private final Dhcp4o6Counters counters = new Dhcp4o6Counters();
    private Optional<EventSender> events = Optional.empty();
    private Optional<ClientLookup<Lease4, Lease4.Owner>> lookup = Optional.empty();
    private volatile Optional<UdpEndpoint> endpoint = Optional.empty();

    /** @param leases where answers wait for their lease rows */
    public Dhcp4o6Transport(Dhcp4o6Engine engine, LeaseCommit<Lease4> leases, Clock clock) {
        this.engine = engine;
        this.leases = leases;
        this.clock = clock;
    }

    /** Sends the events of each committed exchange to dhcp6d through {@code sender} (before {@link #start}). */
    public void sendEventsTo(EventSender sender) {
        events = Optional.of(sender);
    }

    /**
     * With a shared lease database (before {@link #start}): a client the engine holds no lease of is
     * looked up in it before its query is answered.
     */
    public void lookUpStrangersIn(ClientLookup<Lease4, Lease4.Owner> clients) {
        lookup = Optional.of(clients);
        engine.lookUpStrangers(clients::wanted);
    }

    /**
     * Binds {@code [::1]:port+1}, the partner being at {@code [::1]:port}.
     *
     * @throws IOException when the port cannot be bound
     */
    public void start(int port) throws IOException {
        Dhcp4o6PacketHandler handler = new Dhcp4o6PacketHandler(engine::handle, new InetSocketAddress(LOOPBACK, port),
                leases, events, clock, counters, lookup);
        endpoint = Optional.of(UdpEndpoint.bind("the 4o6 port", new InetSocketAddress(LOOPBACK, port + 1),
                UdpEndpoint.Options.unicast(RECEIVE_BUFFER).readingUpTo(QueryQueue.READ_PER_WAKE_UP), group, handler));
        log.info("DHCP4O6_LISTENING [::1]:{}, answering the partner at [::1]:{}", port + 1, port);
    }

    /** The bound address of dhcp4o6d's end of the port pair, once started. */
    public Optional<InetSocketAddress> localAddress() {
        return endpoint.map(UdpEndpoint::localAddress);
    }

    public long received() {
        return counters.received();
    }

    public long answered() {
        return counters.answered();
    }

    public long recorded() {
        return counters.recorded();
    }

    /** Datagrams the engine threw on: bugs, each logged with its stack as DHCP4O6_ENGINE_FAILURE. */
    public long engineFailures() {
        return counters.engineFailures();
    }

    /** Answers sent so far, by DHCPv4 message type code. */
    public long[] answeredByType() {
        return counters.answeredByType();
    }

    /** Datagrams dropped so far, by reason; reasons that never happened are left out. */
    public Map<DropReason4, Long> drops() {
        return counters.drops();
    }

    @Override
    public void close() {
        endpoint.ifPresent(UdpEndpoint::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
