package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tandem.common.testing.Mutator;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The mutated real captures of common's hostile-bytes test, fed to the engine as Kea's
 * {@code fuzz_dhcp_pkt_process6} feeds its recipes: every datagram gives an {@link Outcome6},
 * never an exception, whatever the bytes and whether they came direct or from a relay.
 */
class HostileDatagramsTest {
    private static final int MUTANTS = 20_000;

    @Test
    void everyMutantGivesAnOutcome() throws Exception {
        Dhcp6Engine engine = new Dhcp6Engine(Dhcp6ConfigParser.parse(Dhcp6EngineTest.CONFIG, Path.of(".")).config(),
                new Dhcp6Engine.Settings(Dhcp6EngineTest.SERVER, 547, 546, 6767),
                name -> List.of(Addresses.parse6("2001:db8:0:1::1")),
                Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC));
        List<byte[]> seeds = Mutator.dhcp6Seeds();
        Random random = new Random(6);
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = Mutator.mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
            boolean relayed = random.nextBoolean();
            Inbound6 inbound = new Inbound6(mutant, relayed ? Addresses.parse6("2001:db8:ff::2")
                    : Dhcp6EngineTest.QEMU_LINK_LOCAL, relayed ? 547 : 546, Dhcp6EngineTest.LAB0);
            try {
                assertNotNull(engine.handle(inbound));
            } catch (RuntimeException e) {
                throw new AssertionError("mutant " + i + " threw: " + Bytes.of(mutant).hex(), e);
            }
        }
    }
}
