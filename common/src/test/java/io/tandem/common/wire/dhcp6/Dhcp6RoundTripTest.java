package io.tandem.common.wire.dhcp6;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.wire.DecodeException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class Dhcp6RoundTripTest {
    @Provide
    Arbitrary<Dhcp6Message> messages() {
        return Dhcp6Arbitraries.messages();
    }

    @Property(tries = 3000)
    void decodingWhatWeEncodeGivesTheSameValueAndTheSameBytes(@ForAll("messages") Dhcp6Message message)
            throws DecodeException {
        byte[] encoded = Dhcp6Codec.encode(message);
        Dhcp6Message decoded = Dhcp6Codec.decode(encoded);
        assertEquals(message, decoded);
        assertArrayEquals(encoded, Dhcp6Codec.encode(decoded));
    }
}
