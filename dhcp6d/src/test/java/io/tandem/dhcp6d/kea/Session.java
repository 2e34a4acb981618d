package io.tandem.dhcp6d.kea;

import io.tandem.common.config.Prefix6;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.IOException;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * One scenario run against one server: each step builds the client's message, sends it by its
 * route (relayed from the scripted relay's socket, or direct from the client's socket by multicast
 * or unicast) and writes one line into the transcript, the {@link AnswerText} of the answer or
 * {@code no answer}. Kea's and dhcp6d's transcripts of the same scenario are then compared.
 *
 * <p>To know that no answer is coming without a long wait, every message is followed by a barrier,
 * an Information-Request through the file's barrier route: the servers answer in order, so once the
 * barrier is answered (and a short while more for a reply that waited for its lease write), an
 * answer to the message would have arrived.
 */
final class Session {
    /** How long a step waits for an answer both servers give within milliseconds. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMillis(1500);
    /** How long after the barrier's answer a late answer to the message is still waited for. */
    private static final Duration QUIET_AFTER_BARRIER = Duration.ofMillis(300);
    /** The Server Identifier of a server that is neither of the two. */
    private static final Duid OTHER_SERVER = Duid.fromHex("000100012a2b2c2d020000000001");
    private static final Duid BARRIER_CLIENT = Duid.fromHex("00030001020000ba5e01");

    /**
     * A running server and the client-side sockets it is reached from: the relay's socket (its
     * port goes into the Relay Source Port option) and the direct clients' socket on port 546.
     */
    record Endpoint(ServerProcess server, Duid serverDuid, RelaySockets.Socket relay, RelaySockets.Socket direct) {
    }

    /** What the client-side sockets reach besides an endpoint's own: fixed-port relay sockets and the server's link-local address. */
    record Link(RelaySockets sockets, IntFunction<RelaySockets.Socket> fixedPort, String serverLinkLocal) {
    }

    /** A client of the scenario: the same DUID and link-local address against both servers. */
    private record Client(Duid duid, Inet6Address linkLocal) {
    }

    private final Endpoint endpoint;
    private final Link link;
    private final ConformanceFile file;
    private final String scenarioName;
    private final AnswerText text;
    private final Map<String, Client> clients = new LinkedHashMap<>();
    /** Per client, per IA ("na 1", "pd 2"): the addresses or prefixes its last answer with some held. */
    private final Map<String, List<String>> lastHeld = new HashMap<>();
    private final Map<String, String> transcript = new LinkedHashMap<>();

    Session(Endpoint endpoint, Link link, ConformanceFile file, ConformanceFile.Scenario scenario) {
        this.endpoint = endpoint;
        this.link = link;
        this.file = file;
        this.scenarioName = scenario.fullName();
        this.text = scenario.literalAddresses() ? new AnswerText(List.of(), List.of())
                : new AnswerText(file.pools(), file.pdPools());
    }

    /** Runs every step; a step that cannot run ends the transcript with the reason. */
    Map<String, String> run(ConformanceFile.Scenario scenario) {
        try {
            for (ConformanceFile.Step step : scenario.steps()) {
                step(step);
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            record("script stopped", e.toString());
        }
        if (!endpoint.server().isAlive()) {
            record("server died", endpoint.server().logTail(20));
        }
        return transcript;
    }

    private void step(ConformanceFile.Step step) throws IOException {
        Client client = client(step);
        ClientServerMessage message = message(step, client);
        ConformanceFile.Route route = file.routes().get(step.route());
        Outgoing outgoing = outgoing(message, route, client);
        ClientServerMessage barrier = probe();
        Outgoing barrierOutgoing = outgoing(barrier, file.routes().get(file.barrierRoute()), client);
        link.sockets().send(outgoing.from(), outgoing.destination(), endpoint.server().port,
                Dhcp6Codec.encode(outgoing.datagram()));
        link.sockets().send(barrierOutgoing.from(), barrierOutgoing.destination(), endpoint.server().port,
                Dhcp6Codec.encode(barrierOutgoing.datagram()));
        List<RelaySockets.Socket> listen = new ArrayList<>(outgoing.listen());
        if (!listen.contains(barrierOutgoing.from())) {
            listen.add(barrierOutgoing.from());
        }
        String line = "no answer";
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RelaySockets.Received> received = link.sockets().receive(
                    Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), listen);
            if (received.isEmpty()) {
                break;
            }
            Dhcp6Message answer = decode(received.get().datagram());
            if (answer == null) {
                continue;
            }
            if (transactionId(answer) == message.transactionId() && outgoing.listen().contains(received.get().socket())) {
                String where = outgoing.listen().size() > 1 ? "to port " + port(received.get().socket()) + ": " : "";
                line = where + text.describe(answer, outgoing.datagram());
                remember(step.client(), Dhcp6Messages.innermost(answer));
                break;
            }
            if (transactionId(answer) == barrier.transactionId()) {
                deadline = Math.min(deadline, System.nanoTime() + QUIET_AFTER_BARRIER.toNanos());
            }
        }
        record(step.name(), line);
    }

    /** A datagram to send, the socket it leaves from and the sockets its answer may come to. */
    private record Outgoing(Dhcp6Message datagram, RelaySockets.Socket from, String destination,
            List<RelaySockets.Socket> listen) {
    }

    private Outgoing outgoing(ClientServerMessage message, ConformanceFile.Route route, Client client) {
        if (route instanceof ConformanceFile.Relayed relayed) {
            return relayedOutgoing(message, relayed, client);
        }
        String destination = switch ((ConformanceFile.Direct) route) {
            case MULTICAST -> "ff02::1:2%" + Netns.RELAY_LINK;
            case UNICAST_GLOBAL -> Netns.SERVER_ADDRESS;
            case UNICAST_LINK_LOCAL -> link.serverLinkLocal();
        };
        return new Outgoing(message, endpoint.direct(), destination, List.of(endpoint.direct()));
    }

    private Outgoing relayedOutgoing(ClientServerMessage message, ConformanceFile.Relayed relayed, Client client) {
        RelaySockets.Socket from = relayed.sourcePort() ? endpoint.relay() : link.fixedPort().apply(547);
        Dhcp6Message current = message;
        List<ConformanceFile.Hop> hops = relayed.hops();
        for (int level = 0; level < hops.size(); level++) {
            ConformanceFile.Hop hop = hops.get(level);
            List<Option6> options = new ArrayList<>();
            hop.interfaceId().ifPresent(id -> options.add(Dhcp6Messages.interfaceId(id)));
            hop.remoteId().ifPresent(id -> options.add(new Option6.RemoteId(
                    Long.parseLong(id.substring(0, id.indexOf(':'))), Bytes.utf8(id.substring(id.indexOf(':') + 1)))));
            hop.subscriberId().ifPresent(id -> options.add(new Option6.Raw(38, Bytes.utf8(id))));
            if (relayed.sourcePort() && level == hops.size() - 1) {
                options.add(Dhcp6Messages.relaySourcePort(from.port()));
            }
            Inet6Address peer = hop.peer().orElse(level == 0 ? client.linkLocal() : Addresses.parse6("fe80::1"));
            current = Dhcp6Messages.relayForward(current, hop.hopCount().orElse(level), hop.link(), peer,
                    options.toArray(Option6[]::new));
        }
        List<RelaySockets.Socket> listen = relayed.sourcePort() ? List.of(from)
                : List.of(from, link.fixedPort().apply(endpoint.server().port));
        return new Outgoing(current, from, Netns.SERVER_ADDRESS, listen);
    }

    private ClientServerMessage message(ConformanceFile.Step step, Client client) {
        Dhcp6Messages message = Dhcp6Messages.of(step.type());
        if (step.clientId()) {
            message.clientId(client.duid());
        }
        switch (step.serverId()) {
            case OURS -> message.serverId(endpoint.serverDuid());
            case OTHER -> message.serverId(OTHER_SERVER);
            case NONE -> { }
        }
        message.elapsedTime();
        for (ConformanceFile.Ia ia : step.iaNa()) {
            List<Option6> addresses = new ArrayList<>();
            for (String entry : entries(step.client(), "na", ia)) {
                addresses.add(new Option6.IaAddress(Addresses.parse6(entry), 0, 0, Options6.NONE));
            }
            message.with(new Option6.IaNa(ia.iaid(), 0, 0, new Options6(addresses)));
        }
        for (ConformanceFile.Ia ia : step.iaPd()) {
            List<Option6> prefixes = new ArrayList<>();
            for (String entry : entries(step.client(), "pd", ia)) {
                Prefix6 prefix = Prefix6.parse(entry);
                prefixes.add(new Option6.IaPrefix(0, 0, prefix.length(), prefix.network(), Options6.NONE));
            }
            message.with(new Option6.IaPd(ia.iaid(), 0, 0, new Options6(prefixes)));
        }
        if (!step.oro().isEmpty()) {
            message.oro(step.oro().stream().mapToInt(Integer::intValue).toArray());
        }
        if (step.rapidCommit()) {
            message.rapidCommit();
        }
        return message.build();
    }

    /**
     * The IA's entries with {@code last[:IAID][@CLIENT]} replaced by what the client (or the other
     * client named) last held in the IA with that IAID (by default the IA's own).
     */
    private List<String> entries(String clientName, String kind, ConformanceFile.Ia ia) {
        List<String> entries = new ArrayList<>();
        for (String entry : ia.entries()) {
            if (entry.startsWith("last")) {
                String owner = entry.contains("@") ? entry.substring(entry.indexOf('@') + 1) : clientName;
                String rest = entry.contains("@") ? entry.substring(0, entry.indexOf('@')) : entry;
                String iaid = rest.startsWith("last:") ? rest.substring(5) : Long.toString(ia.iaid());
                entries.addAll(lastHeld.getOrDefault(owner + " " + kind + " " + iaid, List.of()));
            } else {
                entries.add(entry);
            }
        }
        return entries;
    }

    private void remember(String clientName, ClientServerMessage answer) {
        for (Option6.IaNa ia : answer.options().iaNas()) {
            List<String> held = ia.options().iaAddresses().stream().filter(a -> a.validLifetime() > 0)
                    .map(a -> Addresses.text(a.address())).toList();
            if (!held.isEmpty()) {
                lastHeld.put(clientName + " na " + ia.iaid(), held);
            }
        }
        for (Option6.IaPd ia : answer.options().iaPds()) {
            List<String> held = ia.options().iaPrefixes().stream().filter(p -> p.validLifetime() > 0)
                    .map(p -> new Prefix6(p.prefix(), p.prefixLength()).toString()).toList();
            if (!held.isEmpty()) {
                lastHeld.put(clientName + " pd " + ia.iaid(), held);
            }
        }
    }

    /**
     * The client named in the step: a DUID-LL and an EUI-64 link-local address from a hash of the
     * scenario's full name and the client's place in it, so that adding a scenario moves no other
     * scenario's clients (and their lines in differences.json).
     */
    private Client client(ConformanceFile.Step step) {
        Client known = clients.get(step.client());
        if (known == null) {
            int index = clients.size() + 1;
            int hash = scenarioName.hashCode();
            byte[] mac = {0x02, (byte) (hash >> 24), (byte) (hash >> 16), (byte) (hash >> 8), (byte) hash, (byte) index};
            Duid duid = step.duid().orElse(Duid.ll(Bytes.of(mac)));
            byte[] linkLocal = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0,
                (byte) (mac[0] ^ 0x02), mac[1], mac[2], (byte) 0xff, (byte) 0xfe, mac[3], mac[4], mac[5]};
            Inet6Address address = step.linkLocal().map(Addresses::parse6)
                    .or(() -> step.sameLinkLocalAs().map(other -> clients.get(other).linkLocal()))
                    .orElse(Addresses.inet6(linkLocal));
            known = new Client(duid, address);
            clients.put(step.client(), known);
        }
        return known;
    }

    private void record(String step, String line) {
        if (transcript.putIfAbsent(step, line) != null) {
            throw new IllegalArgumentException("step " + step + " twice");
        }
    }

    private String port(RelaySockets.Socket socket) {
        return socket.port() == endpoint.server().port ? "server-port" : Integer.toString(socket.port());
    }

    private static int transactionId(Dhcp6Message message) {
        Dhcp6Message current = message;
        while (current instanceof RelayMessage relay && relay.relayed().isPresent()) {
            current = relay.relayed().get();
        }
        return current instanceof ClientServerMessage m ? m.transactionId() : -1;
    }

    private static Dhcp6Message decode(byte[] datagram) {
        try {
            return Dhcp6Codec.decode(datagram);
        } catch (DecodeException e) {
            return null;
        }
    }

    /** Sends the barrier alone and says whether it was answered within {@code timeout}: the server is up. */
    boolean probeAnswered(Duration timeout) throws IOException {
        Client client = new Client(BARRIER_CLIENT, Addresses.parse6("fe80::ba5e"));
        ClientServerMessage probe = probe();
        Outgoing outgoing = outgoing(probe, file.routes().get(file.barrierRoute()), client);
        link.sockets().send(outgoing.from(), outgoing.destination(), endpoint.server().port,
                Dhcp6Codec.encode(outgoing.datagram()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RelaySockets.Received> received = link.sockets().receive(
                    Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), outgoing.listen());
            if (received.isEmpty()) {
                return false;
            }
            Dhcp6Message answer = decode(received.get().datagram());
            if (answer != null && transactionId(answer) == probe.transactionId()) {
                return true;
            }
        }
        return false;
    }

    /** The barrier's message, also the probe that says a server has started: an Information-Request. */
    private static ClientServerMessage probe() {
        return Dhcp6Messages.informationRequest(BARRIER_CLIENT).elapsedTime().build();
    }

    @Override
    public String toString() {
        return endpoint.server().name + " session of " + scenarioName;
    }
}
