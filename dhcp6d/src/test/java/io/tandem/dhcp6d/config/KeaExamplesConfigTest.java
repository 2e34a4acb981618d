package io.tandem.dhcp6d.config;

import io.tandem.common.config.ConfigProblem;
import io.tandem.common.config.KeaExamples;
import io.tandem.common.config.KeaKeys;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kea 2.2's own example configurations ({@code ../shared/kea-examples/kea6/}, beside the clone)
 * load without error, but for {@code reservations.json}'s reservation keyed only by
 * {@code flex-id}; every warning names a Kea key that Tandem does not implement.
 */
class KeaExamplesConfigTest {
    /** Values of Kea keys that Tandem implements, which Tandem ignores with a warning. */
    private static final Set<String> KEA_VALUES_NOT_IMPLEMENTED = Set.of("flex-id", "raw");

    @TestFactory
    Stream<DynamicTest> everyKeaExampleLoads() throws IOException {
        return KeaExamples.everyExampleLoads("kea6", 10, Dhcp6ConfigParser::parseFile,
                KeaExamplesConfigTest::namesKeaKey, Map.of("reservations.json", List.of(
                        "error: /Dhcp6/subnet6/0/reservations/3/flex-id: Tandem does not implement Kea's identifier"
                                + " \"flex-id\", so this reservation would match nobody; it needs duid, hw-address,"
                                + " remote-id or interface-id")));
    }

    /** Whether the warning names a key (or a value) that Kea 2.2 has and Tandem ignores. */
    static boolean namesKeaKey(ConfigProblem warning) {
        return KeaExamples.namesKeaKey(warning, List.of(KeaKeys6.GLOBAL, KeaKeys6.SHARED_NETWORK, KeaKeys6.SUBNET,
                KeaKeys6.POOL, KeaKeys6.PD_POOL, KeaKeys6.RESERVATION, KeaKeys6.INTERFACES_CONFIG,
                KeaKeys.LEASE_DATABASE, KeaKeys6.SERVER_ID, KeaKeys6.RELAY), KEA_VALUES_NOT_IMPLEMENTED);
    }
}
