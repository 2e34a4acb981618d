package io.tandem.client;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.MessageType6;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One UDP socket shared by any number of concurrent clients: a query is sent with a key, and a
 * receiver thread hands each answer to the waiter of its key (the DHCPv4 transaction id of a
 * DHCPV4-RESPONSE, or the DHCPv6 transaction id of a Reply). Unexpected datagrams are counted and
 * dropped. Every wait is bounded: {@code tries} sends, {@code timeoutMillis} each.
 */
public final class QuerySocket implements AutoCloseable {
    /** An answer and where it came from. */
    public record Received(Dhcp6Message message, InetSocketAddress from) {
    }

    private final Route route;
    private final DatagramChannel channel;
    private final Map<Long, CompletableFuture<Received>> waiters = new ConcurrentHashMap<>();
    private final Thread receiver;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();

    public QuerySocket(Route route) throws IOException {
        this.route = route;
        channel = DatagramChannel.open(StandardProtocolFamily.INET6);
        try {
            // No SO_REUSEADDR: with it, a port another client holds (dhclient sets it too) binds
            // anyway and the answers go to one of the two; without it, a taken port is an error.
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            if (route.multicastInterface().isPresent()) {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, route.multicastInterface().get());
            }
            channel.bind(route.bind());
        } catch (BindException e) {
            channel.close();
            throw new IOException(Addresses.text(route.bind()) + " is taken" + (route.bind().getPort() == Route.CLIENT_PORT
                    ? " (another DHCPv6 client holds port 546: dhclient, dhcpcd, systemd-networkd or NetworkManager;"
                    + " stop it on this host, or send relayed from another port with --server, --relay-link and"
                    + " --relay-source-port)" : "") + ": " + e.getMessage(), e);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot bind " + Addresses.text(route.bind()) + ": " + e.getMessage(), e);
        }
        receiver = new Thread(this::receive, "dhcp4o6-client-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** The key of a 4o6 exchange. */
    public static long dhcp4Key(int xid) {
        return xid & 0xffffffffL;
    }

    /** The key of a DHCPv6 exchange (kept apart from every DHCPv4 key). */
    public static long dhcp6Key(int transactionId) {
        return 1L << 40 | transactionId;
    }

    /** Which waiter {@code message} is for, if any. */
    static Optional<Long> keyOf(Dhcp6Message message) {
        Dhcp6Message inner = ClientMessages.innermost(message);
        if (inner instanceof ClientServerMessage reply && reply.type().equals(MessageType6.REPLY)) {
            return Optional.of(dhcp6Key(reply.transactionId()));
        }
        return ClientMessages.answerOf(message).map(answer -> dhcp4Key(answer.message().xid()));
    }

    /**
     * Sends {@code query} (wrapped as the route says) and waits for the answer with {@code key}
     * that {@code accept} takes, resending after each timeout; empty after the last try.
     */
    public Optional<Received> exchange(Dhcp6Message query, long key, int tries, long timeoutMillis,
                                       Predicate<Received> accept) throws IOException, InterruptedException {
        ByteBuffer datagram = ByteBuffer.wrap(Dhcp6Codec.encode(route.wrap(query)));
        try {
            for (int attempt = 0; attempt < tries; attempt++) {
                if (attempt > 0) {
                    retries.incrementAndGet();
                }
                CompletableFuture<Received> waiter = new CompletableFuture<>();
                waiters.put(key, waiter);
                channel.send(datagram.duplicate(), route.destination());
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        Received received = waiter.get(left, TimeUnit.NANOSECONDS);
                        if (accept.test(received)) {
                            return Optional.of(received);
                        }
                        waiter = new CompletableFuture<>();
                        waiters.put(key, waiter);
                    } catch (TimeoutException e) {
                        break;
                    } catch (ExecutionException e) {
                        throw new IOException(e.getCause());
                    }
                }
            }
            return Optional.empty();
        } finally {
            waiters.remove(key);
        }
    }

    /** Sends {@code query} once, expecting no answer (a RELEASE, or a probe). */
    public void send(Dhcp6Message query) throws IOException {
        channel.send(ByteBuffer.wrap(Dhcp6Codec.encode(route.wrap(query))), route.destination());
    }

    public long retries() {
        return retries.get();
    }

    public long unexpected() {
        return unexpected.get();
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                buffer.flip();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                Dhcp6Message message = Dhcp6Codec.decode(bytes);
                Optional<CompletableFuture<Received>> waiter = keyOf(message).map(waiters::get);
                if (waiter.isPresent()) {
                    waiter.get().complete(new Received(message, from));
                } else {
                    unexpected.incrementAndGet();
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (DecodeException | IOException e) {
                unexpected.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a datagram channel does not fail in a way worth reporting.
        }
        waiters.values().forEach(waiter -> waiter.cancel(false));
    }
}
