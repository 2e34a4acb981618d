package io.tandem.common.wire;

import io.tandem.common.testing.Mutator;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Mutated real traffic (the golden corpus and the hand-built vectors) must decode or fail with
 * {@link DecodeException}; no other exception, whatever the bytes. A decoded mutant must also
 * re-encode and decode to the same value. The DHCPv4 messages inside option 87 get the same
 * treatment through the DHCPv4 decoder.
 */
class HostileBytesTest {
    private static final List<byte[]> SEEDS = Mutator.dhcp6Seeds();

    private static List<byte[]> dhcp4Seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (byte[] seed : SEEDS) {
            try {
                Dhcp6Codec.decode(seed).options().dhcpv4Message().ifPresent(message -> seeds.add(message.toArray()));
            } catch (DecodeException e) {
                throw new AssertionError("a seed does not decode", e);
            }
        }
        return seeds;
    }

    @Provide
    Arbitrary<byte[]> dhcp6Mutants() {
        return mutants(SEEDS);
    }

    @Provide
    Arbitrary<byte[]> dhcp4Mutants() {
        List<byte[]> seeds = dhcp4Seeds();
        return mutants(seeds.isEmpty() ? List.of(new byte[300]) : seeds);
    }

    private static Arbitrary<byte[]> mutants(List<byte[]> seeds) {
        return Combinators.combine(Arbitraries.integers().between(0, seeds.size() - 1), Arbitraries.longs())
                .as((index, seed) -> Mutator.mutate(seeds.get(index), seeds, new Random(seed)));
    }

    @Property(tries = 100_000, shrinking = ShrinkingMode.FULL)
    void mutatedDhcp6DatagramsDecodeOrFailWithDecodeException(@ForAll("dhcp6Mutants") byte[] datagram) {
        Dhcp6Message message;
        try {
            message = Dhcp6Codec.decode(datagram);
        } catch (DecodeException expected) {
            return;
        }
        byte[] encoded = Dhcp6Codec.encode(message);
        try {
            if (!Dhcp6Codec.decode(encoded).equals(message)) {
                throw new AssertionError("re-encoding changed the value");
            }
        } catch (DecodeException e) {
            throw new AssertionError("our own encoding does not decode", e);
        }
    }

    @Property(tries = 20_000, shrinking = ShrinkingMode.FULL)
    void mutatedDhcp4MessagesDecodeOrFailWithDecodeException(@ForAll("dhcp4Mutants") byte[] datagram) {
        try {
            Dhcp4Codec.decode(datagram);
        } catch (DecodeException expected) {
            // the only way a decoder may fail
        }
    }
}
