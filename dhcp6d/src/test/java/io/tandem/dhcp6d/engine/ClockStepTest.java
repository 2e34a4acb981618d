package io.tandem.dhcp6d.engine;

import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.CONFIG;
import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.OS;
import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.QEMU_FIXED;
import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.QEMU_LINK_LOCAL;
import static io.tandem.dhcp6d.engine.Dhcp6EngineTest.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tandem.common.lease.Lease6;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.testing.SteppedClocks;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * dhcp6d's engine on a wall clock stepped while it serves (its clock a {@code StepWatchingClock},
 * as the daemon's): stepped forward a day, a binding made before keeps its real lifetime (it ends
 * a day later on the new clock, and the reclaim pass keeps it); stepped back an hour, it ends on
 * its written wall-clock time, an hour later in real time, never earlier.
 */
class ClockStepTest {
    private static final Instant START = Instant.parse("2026-12-05T06:00:00Z");

    @Test
    void aStepForwardADayExtendsTheBindingsAndAStepBackLeavesThem() throws Exception {
        SteppedClocks clocks = new SteppedClocks(START);
        AtomicReference<Dhcp6Engine> holder = new AtomicReference<>();
        Dhcp6Engine engine = new Dhcp6Engine(Dhcp6ConfigParser.parse(CONFIG, Path.of(".")).config(),
                new Dhcp6Engine.Settings(SERVER, 547, 546, 0), name -> List.of(),
                clocks.watched(step -> holder.get().clockStepped(step)));
        holder.set(engine);
        assertInstanceOf(Outcome6.Reply.class, engine.handle(new Inbound6(Dhcp6Codec.encode(
                Dhcp6Messages.request(OS).serverId(SERVER).iaNa(1, QEMU_FIXED).build()), QEMU_LINK_LOCAL, 546,
                Dhcp6EngineTest.LAB0)));
        Lease6 bound = only(engine);
        assertEquals(START.getEpochSecond() + bound.validLifetime(), bound.expire());

        clocks.pass(Duration.ofMinutes(10));
        clocks.stepWall(Duration.ofDays(1));
        assertEquals(0, engine.reclaimExpired(), "nothing is reclaimed after the step forward");
        Lease6 extended = only(engine);
        assertEquals(bound.expire() + 86_400, extended.expire(), "it ends when it would have, in real time");
        assertFalse(extended.isExpired(START.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(10))));

        clocks.pass(Duration.ofMinutes(10));
        clocks.stepWall(Duration.ofHours(-1));
        assertEquals(0, engine.reclaimExpired());
        assertEquals(extended, only(engine), "after a step back the wall-clock expiry stands: an hour late, not early");
    }

    private static Lease6 only(Dhcp6Engine engine) {
        List<Lease6> leases = engine.leases();
        assertEquals(1, leases.size(), leases.toString());
        return leases.get(0);
    }
}
