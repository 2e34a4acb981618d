package io.tandem.client;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp4.MessageType4;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client's RFC 2131 exchanges over a {@link QuerySocket}: DORA (DISCOVER → OFFER, REQUEST in
 * SELECTING → ACK, U flag clear: both would be broadcast), RENEWING (REQUEST with ciaddr and the U
 * flag → ACK) and RELEASE (U flag set, no answer). Each step waits a bounded time; a DHCPNAK or a
 * missing answer ends the session with an error.
 */
public final class Session {
    private static final AtomicInteger NEXT_XID = new AtomicInteger(ThreadLocalRandom.current().nextInt());

    /** How long and how often each step waits. */
    public record Patience(int tries, long timeoutMillis) {
    }

    /** Why a session stopped. */
    public static final class Failure extends Exception {
        public Failure(String message) {
            super(message);
        }
    }

    /** A lease: the ACK that gave it and where it came from. */
    public record Lease(Dhcp4Message ack, ClientMessages.Answer answer, QuerySocket.Received received) {
        public Inet4Address address() {
            return ack.yiaddr();
        }

        public Optional<Inet4Address> serverId() {
            return ack.options().serverIdentifier();
        }
    }

    private final QuerySocket socket;
    private final ClientMessages messages;
    private final Patience patience;

    public Session(QuerySocket socket, ClientMessages messages, Patience patience) {
        this.socket = socket;
        this.messages = messages;
        this.patience = patience;
    }

    static int nextXid() {
        return NEXT_XID.getAndIncrement();
    }

    /** Sends {@code message} in a DHCPV4-QUERY and returns the answer of type {@code wanted}. */
    private Lease step(Dhcp4Message message, boolean unicast, MessageType4 wanted) throws Failure, IOException,
            InterruptedException {
        Optional<QuerySocket.Received> received = socket.exchange(ClientMessages.query(message, unicast),
                QuerySocket.dhcp4Key(message.xid()), patience.tries(), patience.timeoutMillis(),
                r -> ClientMessages.answerOf(r.message()).isPresent());
        if (received.isEmpty()) {
            throw new Failure("no answer to " + message.messageType().orElseThrow() + " after " + patience.tries()
                    + " tries of " + patience.timeoutMillis() + " ms");
        }
        ClientMessages.Answer answer = ClientMessages.answerOf(received.get().message()).orElseThrow();
        MessageType4 type = answer.message().messageType().orElse(null);
        if (!wanted.equals(type)) {
            throw new Failure(type + " instead of " + wanted + " (to " + message.messageType().orElseThrow() + ")");
        }
        return new Lease(answer.message(), answer, received.get());
    }

    /** DISCOVER → OFFER, REQUEST → ACK; {@code timings} receives the round trips in milliseconds. */
    public Lease dora(Map<String, Object> timings) throws Failure, IOException, InterruptedException {
        long start = System.nanoTime();
        Lease offer = step(messages.discover(nextXid()), false, MessageType4.OFFER);
        long offered = System.nanoTime();
        Inet4Address serverId = offer.serverId().orElseThrow(() -> new Failure("a DHCPOFFER without a server identifier"));
        Lease ack = step(messages.request(nextXid(), offer.address(), serverId), false, MessageType4.ACK);
        long acked = System.nanoTime();
        timings.put("discover-offer", millis(offered - start));
        timings.put("request-ack", millis(acked - offered));
        return ack;
    }

    /** RENEWING: REQUEST with ciaddr, U flag set → ACK. */
    public Lease renew(Lease lease, Map<String, Object> timings) throws Failure, IOException, InterruptedException {
        long start = System.nanoTime();
        Lease ack = step(messages.renew(nextXid(), lease.address()), true, MessageType4.ACK);
        timings.put("renew-ack", millis(System.nanoTime() - start));
        return ack;
    }

    /** RELEASE (U flag set: it would be unicast); a server does not answer it. */
    public void release(Lease lease) throws IOException {
        socket.send(ClientMessages.query(messages.release(nextXid(), lease.address(),
                lease.serverId().orElse(lease.address())), true));
    }

    /** {@code nanos} in milliseconds, three decimals. */
    static double millis(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }

    /** The JSON fields of a lease. */
    public static Map<String, Object> describe(Lease lease) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("yiaddr", Addresses.text(lease.address()));
        fields.put("server-id", lease.serverId().map(Addresses::text).orElse(null));
        fields.put("lease-time", lease.ack().options().leaseTime().orElse(null));
        lease.ack().options().subnetMask().ifPresent(mask -> fields.put("subnet-mask", Addresses.text(mask)));
        if (!lease.ack().options().routers().isEmpty()) {
            fields.put("routers", lease.ack().options().routers().stream().map(Addresses::text).toList());
        }
        fields.put("relayed", lease.answer().relayed());
        fields.put("response-flags", String.format("%06x", lease.answer().flags() & 0xffffff));
        fields.put("from", "[" + Addresses.text(lease.received().from().getAddress()) + "]:"
                + lease.received().from().getPort());
        return fields;
    }
}
