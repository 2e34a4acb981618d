package io.tandem.dhcp4o6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.config.ConfigProblem;
import io.tandem.common.config.KeaExamples;
import io.tandem.common.config.KeaKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Kea 2.2's own DHCPv4 example configurations ({@code ../shared/kea-examples/kea4/}, beside the
 * clone) load without error, but for {@code reservations.json}'s reservations keyed only by
 * {@code duid}, {@code circuit-id} or {@code flex-id}, which dhcp4o6d does not implement; every
 * warning names a Kea key (or a Kea value, or an option Kea's {@code option-def} declares) that
 * Tandem does not implement.
 */
class KeaExamples4ConfigTest {
    private static final Set<String> KEA_VALUES_NOT_IMPLEMENTED = Set.of("duid", "circuit-id", "flex-id");

    private static Path example(String name) {
        return KeaExamples.example("kea4", name);
    }

    @TestFactory
    Stream<DynamicTest> everyKeaExampleLoads() throws IOException {
        return KeaExamples.everyExampleLoads("kea4", 8, Dhcp4ConfigParser::parseFile,
                KeaExamples4ConfigTest::namesKeaKey, Map.of("reservations.json", List.of(
                        "error: /Dhcp4/subnet4/0/reservations/2/duid: Tandem does not implement Kea's identifier"
                                + " \"duid\", so this reservation would match nobody; it needs hw-address or client-id",
                        "error: /Dhcp4/subnet4/0/reservations/3/circuit-id: Tandem does not implement Kea's identifier"
                                + " \"circuit-id\", so this reservation would match nobody; it needs hw-address or client-id",
                        "error: /Dhcp4/subnet4/0/reservations/5/flex-id: Tandem does not implement Kea's identifier"
                                + " \"flex-id\", so this reservation would match nobody; it needs hw-address or client-id")));
    }

    @Test
    void theDhcpv4OverDhcpv6ExampleMeansWhatItMeansInKea() throws Exception {
        Dhcp4Config config = Dhcp4ConfigParser.parseFile(example("dhcpv4-over-dhcpv6.json")).config();
        assertEquals(6767, config.dhcp4o6Port());
        Subnet4 subnet = config.subnets().get(0);
        assertEquals(1, subnet.id());
        assertEquals(Optional.of("eth0"), subnet.interface4o6());
        assertEquals("2001:db8:1:1::/64", subnet.subnet4o6().orElseThrow().toString());
        assertEquals(4000, subnet.leaseTimes().validLifetime());
        assertEquals(3600, config.leaseDatabase().lfcInterval());
    }

    /** Whether the warning names a key (or a value, or an option of Kea's option-def) that Kea 2.2 has and Tandem ignores. */
    static boolean namesKeaKey(ConfigProblem warning) {
        return warning.message().contains("Kea's option-def")
                || KeaExamples.namesKeaKey(warning, List.of(KeaKeys4.GLOBAL, KeaKeys4.SHARED_NETWORK, KeaKeys4.SUBNET,
                        KeaKeys4.POOL, KeaKeys4.RESERVATION, KeaKeys.LEASE_DATABASE), KEA_VALUES_NOT_IMPLEMENTED);
    }
}
