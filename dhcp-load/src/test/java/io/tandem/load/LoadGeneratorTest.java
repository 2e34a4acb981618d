package io.tandem.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The closed loop against a reflector on [::1] that stops answering for a while, as a restarted server does. */
class LoadGeneratorTest {
    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    @Test
    void aWindowLostToASilentServerIsRefilledAfterTheTimeoutNotAtTheStepsEnd() throws Exception {
        Reflector first = new Reflector(new InetSocketAddress(Addresses.parse6("::1"), 0), 1);
        int port = first.port();
        AtomicReference<Reflector> restarted = new AtomicReference<>();
        Thread outage = new Thread(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(800);
                first.close();
                TimeUnit.MILLISECONDS.sleep(800);
                restarted.set(new Reflector(new InetSocketAddress(Addresses.parse6("::1"), port), 1));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "outage");
        LoadGenerator.Settings settings = new LoadGenerator.Settings(true, List.of(4L),
                TimeUnit.SECONDS.toNanos(3), TIMEOUT_NANOS, 1_000_000, 0x02_00_00_50_00_00L, true);
        Exchange.Relay relay = new Exchange.Relay(Addresses.parse6("2001:db8::1"), Addresses.parse6("fe80::1"), null);
        try (Sockets sockets = new Sockets(new Sockets.Route(new InetSocketAddress(Addresses.parse6("::1"), port),
                new InetSocketAddress(Addresses.parse6("::1"), 0), null, 1))) {
            LoadGenerator generator = new LoadGenerator(new SarrExchange(relay), sockets, settings, () -> 0);
            outage.start();
            List<LoadGenerator.Step> steps = generator.run();
            outage.join(Duration.ofSeconds(5).toMillis());
            LoadGenerator.Acked acked = generator.acked();
            long lastAckMillis = TimeUnit.NANOSECONDS.toMillis(
                    Arrays.stream(acked.atNanos(), 0, acked.count()).max().orElse(0));
            assertEquals(1, steps.size());
            assertTrue(steps.get(0).lost() >= 4, "the window was lost in the outage: " + steps.get(0));
            assertTrue(lastAckMillis > 2000, "answers after the outage, the last at " + lastAckMillis + " ms");
        } finally {
            first.close();
            if (restarted.get() != null) {
                restarted.get().close();
            }
        }
    }
}
