package io.tandem.dhcp6d.kea;

import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import java.io.IOException;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scripted client talking to one server through the scripted relay: every step sends a
 * message and writes one line into the transcript, the {@link AnswerText} of the answer or
 * {@code no answer}. Kea's and dhcp6d's transcripts of the same script are then compared.
 */
final class Session {
    /** How long a step waits for an answer both servers give within milliseconds. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(3);
    /** How long after the barrier's answer a late answer to a dropped message is still waited for. */
    static final Duration QUIET_AFTER_BARRIER = Duration.ofMillis(300);

    /** The relay in front of the client: its link-address picks the subnet. */
    record Relay(Inet6Address linkAddress, String interfaceId) {
    }

    final ServerProcess server;
    final Duid duid;
    final Inet6Address linkLocal;
    private final RelaySockets sockets;
    private final RelaySockets.Socket relaySocket;
    private final AnswerText text;
    private final Map<String, String> transcript;

    Session(ServerProcess server, RelaySockets sockets, RelaySockets.Socket relaySocket, AnswerText text, Duid duid,
            Inet6Address linkLocal) {
        this(server, sockets, relaySocket, text, duid, linkLocal, new LinkedHashMap<>());
    }

    private Session(ServerProcess server, RelaySockets sockets, RelaySockets.Socket relaySocket, AnswerText text,
            Duid duid, Inet6Address linkLocal, Map<String, String> transcript) {
        this.server = server;
        this.sockets = sockets;
        this.relaySocket = relaySocket;
        this.text = text;
        this.duid = duid;
        this.linkLocal = linkLocal;
        this.transcript = transcript;
    }

    /**
     * Another client in the same case, writing into the same transcript with the same labels:
     * {@code duid} and {@code linkLocal} are its own (the same for both servers).
     */
    Session another(Duid otherDuid, Inet6Address otherLinkLocal) {
        return new Session(server, sockets, relaySocket, text, otherDuid, otherLinkLocal, transcript);
    }

    RelaySockets sockets() {
        return sockets;
    }

    Map<String, String> transcript() {
        return transcript;
    }

    /** A message of this client: its Client Identifier and an Elapsed Time already in. */
    Dhcp6Messages message(MessageType6 type) {
        return Dhcp6Messages.of(type).clientId(duid).elapsedTime();
    }

    /** The client's message as the relay forwards it: Interface-ID and Relay Source Port, hop count 0. */
    RelayMessage relayed(ClientServerMessage message, Relay relay) {
        return Dhcp6Messages.relayForward(message, 0, relay.linkAddress(), linkLocal,
                Dhcp6Messages.interfaceId(relay.interfaceId()),
                Dhcp6Messages.relaySourcePort(relaySocket.port()));
    }

    /** Sends {@code message} through {@code relay} and returns the client/server message of the answer. */
    Optional<ClientServerMessage> ask(String step, ClientServerMessage message, Relay relay) throws IOException {
        return ask(step, relayed(message, relay)).map(Session::innermost);
    }

    /** Sends {@code forward} as it is from the relay's socket and returns the whole answer. */
    Optional<Dhcp6Message> ask(String step, Dhcp6Message forward) throws IOException {
        return ask(step, forward, relaySocket, List.of(relaySocket)).map(Answer::message);
    }

    /** An answer and the relay socket it came to. */
    record Answer(Dhcp6Message message, RelaySockets.Socket socket) {
    }

    /**
     * Sends {@code forward} from {@code from} and waits for the answer to it on any of
     * {@code listen}; the transcript line names the port it came to when several are listened on.
     */
    Optional<Answer> ask(String step, Dhcp6Message forward, RelaySockets.Socket from, List<RelaySockets.Socket> listen)
            throws IOException {
        int transactionId = transactionId(forward);
        sockets.send(from, Netns.SERVER_ADDRESS, server.port, Dhcp6Codec.encode(forward));
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RelaySockets.Received> received = sockets.receive(
                    Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), listen);
            if (received.isEmpty()) {
                break;
            }
            Dhcp6Message answer = decode(received.get().datagram());
            if (answer == null || transactionId(answer) != transactionId) {
                continue;
            }
            String where = listen.size() > 1 ? "to port " + port(received.get().socket()) + ": " : "";
            record(step, where + text.describe(answer, forward));
            return Optional.of(new Answer(answer, received.get().socket()));
        }
        record(step, "no answer");
        return Optional.empty();
    }

    /**
     * Sends {@code message} through {@code relay} expecting the server to drop it. To know that
     * no answer is coming without a long wait, an Information-Request follows as a barrier: the
     * servers answer in order, so once the barrier is answered (and a short while more for a reply
     * that waited for its lease write), an answer to the first message would have arrived.
     */
    void expectNoAnswer(String step, ClientServerMessage message, Relay relay) throws IOException {
        RelayMessage forward = relayed(message, relay);
        RelayMessage barrier = relayed(Dhcp6Messages.of(MessageType6.INFORMATION_REQUEST).clientId(duid)
                .elapsedTime().build(), relay);
        sockets.send(relaySocket, Netns.SERVER_ADDRESS, server.port, Dhcp6Codec.encode(forward));
        sockets.send(relaySocket, Netns.SERVER_ADDRESS, server.port, Dhcp6Codec.encode(barrier));
        String line = "no answer";
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        boolean barrierAnswered = false;
        while (System.nanoTime() < deadline) {
            Optional<RelaySockets.Received> received = sockets.receive(
                    Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), relaySocket);
            if (received.isEmpty()) {
                break;
            }
            Dhcp6Message answer = decode(received.get().datagram());
            if (answer == null) {
                continue;
            }
            if (transactionId(answer) == transactionId(forward)) {
                line = text.describe(answer, forward);
            } else if (transactionId(answer) == transactionId(barrier) && !barrierAnswered) {
                barrierAnswered = true;
                deadline = System.nanoTime() + QUIET_AFTER_BARRIER.toNanos();
            }
        }
        if (!barrierAnswered) {
            line += " (and no answer to the Information-Request sent after it)";
        }
        record(step, line);
    }

    /** Adds a line of the test's own to the transcript (a fact checked outside the answers). */
    void record(String step, String line) {
        if (transcript.putIfAbsent(step, line) != null) {
            throw new IllegalArgumentException("step " + step + " twice");
        }
    }

    private String port(RelaySockets.Socket socket) {
        return socket.port() == server.port ? "server-port" : Integer.toString(socket.port());
    }

    /** The label {@link AnswerText} gives this address in this session. */
    String label(Inet6Address address) {
        return text.address(address);
    }

    static ClientServerMessage innermost(Dhcp6Message message) {
        Dhcp6Message current = message;
        while (current instanceof RelayMessage relay) {
            current = relay.relayed().orElseThrow();
        }
        return (ClientServerMessage) current;
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

    /** The addresses with a valid lifetime in the IA_NA {@code iaid} of {@code reply}. */
    static List<Inet6Address> addresses(ClientServerMessage reply, long iaid) {
        List<Inet6Address> found = new ArrayList<>();
        for (Option6.IaNa ia : reply.options().iaNas()) {
            if (ia.iaid() == iaid) {
                ia.options().iaAddresses().stream().filter(a -> a.validLifetime() > 0)
                        .forEach(a -> found.add(a.address()));
            }
        }
        return found;
    }

    /** The first address with a valid lifetime in the IA_NA {@code iaid}; fails the step if there is none. */
    static Inet6Address address(ClientServerMessage reply, long iaid) {
        List<Inet6Address> found = addresses(reply, iaid);
        if (found.isEmpty()) {
            throw new AssertionError("no address in IA_NA " + iaid + " of " + reply);
        }
        return found.get(0);
    }

    /** The first prefix with a valid lifetime in the IA_PD {@code iaid}; fails the step if there is none. */
    static Option6.IaPrefix prefix(ClientServerMessage reply, long iaid) {
        for (Option6.IaPd ia : reply.options().iaPds()) {
            if (ia.iaid() == iaid) {
                for (Option6.IaPrefix prefix : ia.options().iaPrefixes()) {
                    if (prefix.validLifetime() > 0) {
                        return prefix;
                    }
                }
            }
        }
        throw new AssertionError("no prefix in IA_PD " + iaid + " of " + reply);
    }

    static Duid serverId(ClientServerMessage reply) {
        return reply.options().serverId().orElseThrow(() -> new AssertionError("no Server ID in " + reply));
    }

    @Override
    public String toString() {
        return server.name + " session of " + duid + " (" + Addresses.text(linkLocal) + ")";
    }
}
