package io.tandem.dhcp6d.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.common.daemon.ScratchLeases;
import io.tandem.common.daemon.WarmUpLoop;
import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventBus;
import io.tandem.common.event.EventDatagram;
import io.tandem.common.event.EventNames;
import io.tandem.common.event.EventTable;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.common.wire.dhcp4.Option4;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp4o6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.config.EventsConfig;
import io.tandem.dhcp6d.engine.Arrival;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * dhcp6d's packet path run on made-up Solicit-Request exchanges before its sockets open, so that
 * the JIT compiles it while no client waits: pinned to one core, a cold dhcp6d otherwise serves
 * its first seconds of load at a fraction of its speed while the compiler takes the same core.
 * Everything it touches is its own: an engine with its own bindings, a lease file of its own in
 * the temporary directory (deleted after), an event table as large as the daemon's that nobody
 * reads, counters nobody shows, a channel without a socket. It runs until the JIT compiler is idle
 * or its time is up ({@link WarmUpLoop}; with the launchers' C2 alone, always the time). The queries carry what clients send besides their IA (an Elapsed Time, an
 * Option Request): when they carried none, the first real queries met C2 code compiled for fewer
 * option types and threw it away (deoptimizations measured at the first packet). When paired with
 * dhcp4o6d, each made-up client also sends a DHCPV4-QUERY and dhcp4o6d's events for it are decoded.
 */
final class WarmUp {
    /** The made-up clients' MACs count up from here (locally administered). */
    private static final long FIRST_MAC = 0x02_57_55_00_00_00L;
    private static final InetSocketAddress SERVER_PORT = new InetSocketAddress(Addresses.parse6("ff02::1:2"), 547);
    private static final InetSocketAddress RELAY = new InetSocketAddress(Addresses.parse6("2001:db8:ffff::1"), 547);
    /** What a DHCPV4-QUERY carries; dhcp6d hands it over as it came, so any DHCPv4 message does. */
    private static final Bytes DHCPV4_DISCOVER = Dhcp4Codec.encodeToBytes(Dhcp4Message.builder()
            .hardwareAddress(Dhcp4Message.HTYPE_ETHERNET, MacAddress.fromLong(FIRST_MAC).bytes())
            .option(Option4.messageType(MessageType4.DISCOVER)).build(), Dhcp4Codec.MINIMUM_LENGTH);

    /** Where the made-up clients are: on a served interface, or behind a relay on a subnet's link. */
    sealed interface Link {
        record Direct(String interfaceName) implements Link {
        }

        record Relayed(Inet6Address linkAddress) implements Link {
        }
    }

    private WarmUp() {
    }

    /**
     * @param scratch an engine of its own, with the daemon's configuration; its bindings are thrown away after
     * @param budget  the longest it may run ({@link WarmUpLoop#budget()} for a daemon)
     */
    static WarmUpLoop.Result run(Dhcp6Engine scratch, Link link, Duration budget) {
        Dhcp6Counters counters = new Dhcp6Counters();
        Arrival arrival = link instanceof Link.Direct direct
                ? new Arrival(direct.interfaceName(), Arrival.Addressing.MULTICAST)
                : new Arrival("", Arrival.Addressing.RELAY_SOCKET);
        EventsConfig events = scratch.config().events();
        try (ScratchLeases<Lease6> leases = ScratchLeases.open("dhcp6d-warm-up-", LeaseCsv6.INSTANCE,
                scratch.config().leaseDatabase().durability(), "DHCP6")) {
            EventBus bus = new EventBus(new EventTable(events.maxMacs(), events.maxEventsPerMac()));
            LongAdder forwarded = new LongAdder();
            EmbeddedChannel channel = new EmbeddedChannel(new Dhcp6PacketHandler(scratch::handle, source -> arrival,
                    new ServingLoop(leases.commit(), counters), bus, datagram -> forwarded.increment(), counters,
                    Optional.empty()));
            try {
                return WarmUpLoop.run(number -> {
                    if (!exchange(channel, scratch.serverDuid(), link, number)) {
                        return 0;
                    }
                    if (number == 0 || forwarded.sum() > 0) {
                        dhcp4o6(channel, bus, link, number);
                    }
                    return 1;
                }, budget);
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    /**
     * One Solicit and one Request of exchange {@code number}'s client; false when the configuration
     * does not answer them, or gives the first client no address (a link without a subnet is answered
     * NoAddrsAvail, as by Kea; a pool that runs out later goes on being exercised). Every third
     * exchange is the client of the one before coming back, which finds its binding: the first
     * returning clients under load (a generator's clients coming round again, a rack booting a
     * second time) meet C2 code compiled for strangers only and throw it away (measured: the rate
     * fell from 39,000 to 10,000 SARR/s for a second, 65,536 exchanges into the load). That is for
     * tiered compilation, whose profiles start at once; with C2 alone the interpreter profiles a
     * method only after 3,300 calls, which the warm-up mostly does not reach. Transaction ids
     * {@code 2 * number} and {@code 2 * number + 1}, each used once.
     */
    private static boolean exchange(EmbeddedChannel channel, Duid server, Link link, int number) {
        MacAddress mac = MacAddress.fromLong(FIRST_MAC + (number % 3 == 2 ? number - 1 : number));
        Inet6Address source = mac.linkLocal();
        Duid client = Duid.ll(mac.bytes());
        Option6 clientId = new Option6.DuidOption(Dhcp6Options.CLIENTID, client);
        Optional<ClientServerMessage> advertise = ask(channel, link, source, new ClientServerMessage(MessageType6.SOLICIT,
                (2 * number) & 0xffffff, asClientsDo(number, clientId, new Option6.IaNa(1, 0, 0, Options6.NONE))));
        if (advertise.isEmpty() || advertise.get().type() != MessageType6.ADVERTISE) {
            return false;
        }
        List<Option6.IaNa> offered = advertise.get().options().iaNas();
        if (number == 0 && (offered.isEmpty() || offered.get(0).options().iaAddresses().isEmpty())) {
            return false;
        }
        Optional<ClientServerMessage> reply = ask(channel, link, source, new ClientServerMessage(MessageType6.REQUEST,
                (2 * number + 1) & 0xffffff, asClientsDo(number, clientId, new Option6.DuidOption(Dhcp6Options.SERVERID,
                server), offered.isEmpty() ? new Option6.IaNa(1, 0, 0, Options6.NONE) : offered.get(0))));
        return reply.isPresent() && reply.get().type() == MessageType6.REPLY;
    }

    /**
     * {@code options} and what clients send besides: an Elapsed Time always, and every other client
     * an Option Request for the DNS servers and domain search list (as dhclient does; a load generator
     * often sends none), so that both kinds of query are in the profiles C2 compiles from.
     */
    private static Options6 asClientsDo(int number, Option6... options) {
        List<Option6> all = new ArrayList<>(List.of(options));
        all.add(Option6.elapsedTime(0));
        if (number % 2 == 0) {
            all.add(Option6.oro(Dhcp6Options.DNS_SERVERS, Dhcp6Options.DOMAIN_SEARCH));
        }
        return new Options6(all);
    }

    /**
     * dhcp6d's share of a DHCPv4-over-DHCPv6 exchange, which a paired dhcp6d also serves: a client's
     * DHCPV4-QUERY handed over to the port pair (here to nobody: {@code forwarded} counts it), and the
     * events dhcp4o6d sends back decoded from the events channel's datagram and published, as
     * {@link EventChannelReceiver} does. Measured in the pair before: the events' JSON, the port
     * pair's encoding and the forwarding were compiled under load.
     */
    private static void dhcp4o6(EmbeddedChannel channel, EventBus bus, Link link, int number) {
        MacAddress mac = MacAddress.fromLong(FIRST_MAC + number);
        send(channel, link, mac.linkLocal(), new Dhcp4o6Message(MessageType6.DHCPV4_QUERY, 0,
                Options6.of(new Option6.Raw(Dhcp6Options.DHCPV4_MESSAGE, DHCPV4_DISCOVER))));
        Instant now = Instant.now();
        List<BootEvent> events = List.of(EventNames.OFFERED_4O6, EventNames.ACKED_4O6).stream()
                .map(name -> BootEvent.of(mac, name, now).with("address", "10.0.0.10").with("mac-source", "chaddr")
                        .with("ipv6-source", Addresses.text(mac.linkLocal())).with("interface", "warm-up"))
                .toList();
        for (byte[] datagram : EventDatagram.encode(events)) {
            EventDatagram.decodeAll(datagram, datagram.length).forEach(bus::observe);
        }
    }

    /** Sends {@code query} as the link's client would and returns the answer, unwrapped from its Relay-Reply. */
    private static Optional<ClientServerMessage> ask(EmbeddedChannel channel, Link link, Inet6Address client,
                                                     ClientServerMessage query) {
        send(channel, link, client, query);
        DatagramPacket answer = channel.readOutbound();
        if (answer == null) {
            return Optional.empty();
        }
        try {
            Dhcp6Message message = Dhcp6Codec.decode(ByteBufUtil.getBytes(answer.content()));
            while (message instanceof RelayMessage relay && relay.relayed().isPresent()) {
                message = relay.relayed().get();
            }
            return message instanceof ClientServerMessage reply ? Optional.of(reply) : Optional.empty();
        } catch (DecodeException e) {
            throw new IllegalStateException("dhcp6d's own answer does not decode", e);
        } finally {
            answer.release();
        }
    }

    private static void send(EmbeddedChannel channel, Link link, Inet6Address client, Dhcp6Message query) {
        Dhcp6Message sent = query;
        InetSocketAddress sender = new InetSocketAddress(client, 546);
        if (link instanceof Link.Relayed relayed) {
            sent = new RelayMessage(MessageType6.RELAY_FORW, 0, relayed.linkAddress(), client,
                    new Options6(List.of(new Option6.RelayedMessage(query))));
            sender = RELAY;
        }
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(Dhcp6Codec.encode(sent)), SERVER_PORT, sender));
    }
}
