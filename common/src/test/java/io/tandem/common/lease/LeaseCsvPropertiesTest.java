package io.tandem.common.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class LeaseCsvPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 2000)
    void parsingAnEncodedV6LeaseGivesItBack(@ForAll("leases6") Lease6 lease) {
        String row = LeaseCsv6.INSTANCE.encode(lease);
        assertFalse(row.contains("\n"), row);
        assertEquals(lease, LeaseCsv6.INSTANCE.parse(row));
    }

    @Property(tries = 2000)
    void parsingAnEncodedV4LeaseGivesItBack(@ForAll("leases4") Lease4 lease) {
        String row = LeaseCsv4.INSTANCE.encode(lease);
        assertFalse(row.contains("\n"), row);
        assertEquals(lease, LeaseCsv4.INSTANCE.parse(row));
    }

    @Property(tries = 2000)
    void escapedTextHasNoSeparatorNorLineEndAndUnescapesToItself(@ForAll("text") String text) {
        String escaped = KeaText.escape(text);
        assertFalse(escaped.contains(",") || escaped.contains("\n") || escaped.contains("\r"), escaped);
        assertEquals(text, KeaText.unescape(escaped));
    }

    /** A damaged row either still parses or is refused with a reason; nothing else escapes. */
    @Property(tries = 3000)
    void aDamagedRowParsesOrIsRefusedWithAReason(@ForAll("leases6") Lease6 lease, @ForAll("damage") List<Tuple.Tuple2<Integer, Character>> damage) {
        StringBuilder row = new StringBuilder(LeaseCsv6.INSTANCE.encode(lease));
        for (Tuple.Tuple2<Integer, Character> change : damage) {
            int at = change.get1() % row.length();
            if (change.get2() == '\0') {
                row.deleteCharAt(at);
            } else {
                row.setCharAt(at, change.get2());
            }
        }
        try {
            LeaseCsv6.INSTANCE.parse(row.toString());
        } catch (IllegalArgumentException refused) {
            assertFalse(refused.getMessage().isBlank());
        }
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Character>>> damage() {
        Arbitrary<Character> replacement = Arbitraries.of('\0', ',', ':', '&', '#', 'x', '0', '9', 'f', 'g', '-', ' ',
                '.', '{', '}', '"');
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), replacement).as(Tuple::of).list()
                .ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of((int) ',', (int) '&', (int) '#', (int) 'x', (int) '2', (int) 'c', (int) '\n',
                        (int) '\r', 0, 0x7f)),
                Tuple.of(3, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(1, Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                        .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)));
        return codePoint.list().ofMaxSize(30).map(codePoints -> {
            StringBuilder text = new StringBuilder();
            codePoints.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    @Provide
    Arbitrary<String> userContext() {
        Arbitrary<String> json = Arbitraries.maps(text(), text()).ofMaxSize(3).map(LeaseCsvPropertiesTest::toJson);
        return Arbitraries.oneOf(Arbitraries.just(""), json);
    }

    @Provide
    Arbitrary<Lease6> leases6() {
        Arbitrary<Lease6> identity = Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(16).map(Addresses::inet6),
                bytes(2, Lease6.MAX_DUID_LENGTH),
                Arbitraries.of(LeaseType.class),
                uint32(),
                Arbitraries.integers().between(0, 128),
                Arbitraries.of(LeaseState.class))
                .as((address, duid, type, iaid, prefixLength, state) -> new Lease6(address, duid, 0, 0, 0, 0, type,
                        iaid, prefixLength, false, false, "", Optional.empty(), state, ""));
        Arbitrary<Lease6> declinedWithoutDuid = identity.map(lease -> new Lease6(lease.address(), Lease6.EMPTY_DUID,
                0, 0, 0, 0, lease.type(), lease.iaid(), lease.prefixLength(), false, false, "", Optional.empty(),
                LeaseState.DECLINED, ""));
        Arbitrary<HardwareAddress> hardware = Combinators.combine(bytes(1, HardwareAddress.MAX_LENGTH),
                Arbitraries.integers().between(0, 0xffff), Arbitraries.of(HwAddrSource.class))
                .as(HardwareAddress::new);
        return Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(9, identity), Tuple.of(1, declinedWithoutDuid)),
                uint32(), cltt(), uint32(), uint32(),
                Arbitraries.of(true, false).list().ofSize(2),
                text(),
                Combinators.combine(hardware.optional(0.8), userContext()).as(Tuple::of))
                .as((lease, valid, cltt, preferred, subnet, flags, hostname, more) -> new Lease6(lease.address(),
                        lease.duid(), valid, cltt + valid, subnet, preferred, lease.type(), lease.iaid(),
                        lease.prefixLength(), flags.get(0), flags.get(1), hostname, more.get1(), lease.state(),
                        more.get2()));
    }

    @Provide
    Arbitrary<Lease4> leases4() {
        Arbitrary<Bytes> clientId = Arbitraries.oneOf(Arbitraries.just(Bytes.EMPTY),
                bytes(Lease4.MIN_CLIENT_ID_LENGTH, Lease4.MAX_CLIENT_ID_LENGTH));
        return Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(4).map(LeaseCsvPropertiesTest::inet4),
                bytes(0, HardwareAddress.MAX_LENGTH), clientId,
                uint32(), cltt(), uint32(),
                Arbitraries.of(true, false).list().ofSize(2),
                Combinators.combine(text(), Arbitraries.of(LeaseState.class), userContext()).as(Tuple::of))
                .filter((address, hwaddr, id, valid, cltt, subnet, flags, more) -> !hwaddr.isEmpty() || !id.isEmpty()
                        || more.get2() == LeaseState.DECLINED)
                .as((address, hwaddr, id, valid, cltt, subnet, flags, more) -> new Lease4(address, hwaddr, id, valid,
                        cltt + valid, subnet, flags.get(0), flags.get(1), more.get1(), more.get2(), more.get3()));
    }

    private static Arbitrary<Long> uint32() {
        return Arbitraries.longs().between(0, LeaseChecks.MAX_UINT32).edgeCases(c -> c.add(0L, LeaseChecks.MAX_UINT32));
    }

    private static Arbitrary<Long> cltt() {
        return Arbitraries.longs().between(0, 1L << 40);
    }

    private static Arbitrary<Bytes> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max).map(Bytes::of);
    }

    private static Inet4Address inet4(byte[] raw) {
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static String toJson(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
