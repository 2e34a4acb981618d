package io.tandem.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The closed loop against a server on [::1] that stops answering for a while, as a restarted server does. */
class LoadGeneratorTest {
    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** Answers as {@link Reflector} does, except between {@code silentFrom} and {@code silentUntil} (ms from start). */
    private static void answerWithAnOutage(DatagramChannel channel, long start, long silentFrom, long silentUntil) {
        ByteBuffer in = ByteBuffer.allocate(65_536);
        ByteBuffer out = ByteBuffer.allocate(65_536);
        try {
            while (true) {
                in.clear();
                SocketAddress from = channel.receive(in);
                long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                int length = at >= silentFrom && at < silentUntil ? 0 : Reflector.answer(in.array(), in.position(),
                        out.array());
                if (length > 0) {
                    out.clear().limit(length);
                    channel.send(out, from);
                }
            }
        } catch (ClosedChannelException | SocketTimeoutException e) {
            // The test is over.
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWindowLostToASilentServerIsRefilledAfterTheTimeoutNotAtTheStepsEnd() throws Exception {
        try (DatagramChannel server = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            server.bind(new InetSocketAddress(Addresses.parse6("::1"), 0));
            long start = System.nanoTime();
            Thread answering = new Thread(() -> answerWithAnOutage(server, start, 800, 1600), "silent-for-a-while");
            answering.setDaemon(true);
            answering.start();
            // Two steps of 1.5 s: the outage (0.8 to 1.6 s) loses the first step's window; the second
            // step must complete exchanges once the server answers again.
            LoadGenerator.Settings settings = new LoadGenerator.Settings(true, List.of(4L, 4L),
                    TimeUnit.MILLISECONDS.toNanos(1500), TIMEOUT_NANOS, 1_000_000, 0x02_00_00_50_00_00L, false,
                    false, 0, null);
            Exchange.Relay relay = new Exchange.Relay(Addresses.parse6("2001:db8::1"), Addresses.parse6("fe80::1"),
                    null);
            try (Sockets sockets = new Sockets(new Sockets.Route((InetSocketAddress) server.getLocalAddress(),
                    new InetSocketAddress(Addresses.parse6("::1"), 0), null, 1))) {
                List<LoadGenerator.Step> steps = new LoadGenerator(new SarrExchange(relay), sockets, settings, () -> 0, () -> 0)
                        .run();
                assertEquals(2, steps.size());
                assertTrue(steps.get(0).lost() >= 4, "the window was lost in the outage: " + steps.get(0));
                assertTrue(steps.get(1).completed() > 0, "answers after the outage: " + steps.get(1));
            }
        }
    }

    /**
     * {@code --rebind}: three returning clients at 30 exchanges/s for 1 s each rebind about ten times
     * against the reflector (which answers with the address asked for), and every acknowledgement
     * listed is one client's own address, for DHCPv6 and 4o6 alike.
     */
    @Test
    void returningClientsEachRebindTheirOwnAddress() throws Exception {
        Object[][] cases = {
                {new SarrExchange(null), List.of("mac,address,at-ms", "02:00:00:00:60:00,2001:db8:1::200:0:6000,5",
                        "02:00:00:00:60:07,2001:db8:1::200:0:6007,6", "02:00:00:00:60:03,2001:db8:1::200:0:6003,7")},
                {new DoraExchange(null), List.of("mac,address,at-ms", "02:00:00:00:70:00,192.0.2.100,5",
                        "02:00:00:00:70:07,192.0.2.107,6", "02:00:00:00:70:03,192.0.2.103,7")}};
        for (Object[] kind : cases) {
            Exchange exchange = (Exchange) kind[0];
            @SuppressWarnings("unchecked")
            List<String> file = (List<String>) kind[1];
            ReturningClients returning = ReturningClients.parse(file, exchange.addressLength());
            try (Reflector reflector = new Reflector(new InetSocketAddress(Addresses.parse6("::1"), 0), 1);
                 Sockets sockets = new Sockets(new Sockets.Route(new InetSocketAddress(Addresses.parse6("::1"),
                         reflector.port()), new InetSocketAddress(Addresses.parse6("::1"), 0), null, 1))) {
                LoadGenerator.Settings settings = new LoadGenerator.Settings(false, List.of(30L),
                        TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(2), returning.count(), 0, true, false, 0,
                        returning);
                LoadGenerator generator = new LoadGenerator(exchange, sockets, settings, () -> 0, () -> 0);
                LoadGenerator.Step step = generator.run().get(0);
                assertEquals(30, step.started(), step.toString());
                assertEquals(30, step.completed(), step.toString());
                assertEquals(30, generator.completedByKind()[LoadGenerator.REBIND]);
                LoadGenerator.Acked acked = generator.acked();
                assertEquals(30, acked.count());
                for (int i = 0; i < acked.count(); i++) {
                    String line = MacAddress.fromLong(acked.macs()[i]) + ","
                            + Addresses.text(InetAddress.getByAddress(Arrays.copyOfRange(
                                    acked.addresses(), i * acked.addressLength(), (i + 1) * acked.addressLength())));
                    assertTrue(file.stream().anyMatch(row -> row.startsWith(line + ",")), line + " is a client's own");
                }
            }
        }
    }
}
