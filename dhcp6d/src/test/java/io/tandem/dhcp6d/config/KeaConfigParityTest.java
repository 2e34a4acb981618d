package io.tandem.dhcp6d.config;

import io.tandem.common.config.KeaConfigParity;
import io.tandem.common.config.KeaConfigParity.Level;
import io.tandem.common.config.KeaKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dhcp6d -t} and Debian's {@code kea-dhcp6 -t} (2.2) accept and refuse the same
 * configurations: Kea's examples, {@code conf/}, and the mutations of {@code kea-parity/base6.json}
 * (generated, and hand-written in {@code kea-parity/mutations6.json}); see {@link KeaConfigParity}.
 */
@Tag("system")
class KeaConfigParityTest {
    private static final Level SUBNET = new Level(KeaKeys6.SUBNET, Map.of(
            "pools", new Level(KeaKeys6.POOL), "pd-pools", new Level(KeaKeys6.PD_POOL),
            "reservations", new Level(KeaKeys6.RESERVATION), "relay", new Level(KeaKeys6.RELAY)));

    /** The levels of {@code Dhcp6}, whose Tandem-only keys are left out of the comparison. */
    private static final Level DHCP6 = new Level(KeaKeys6.GLOBAL, Map.of(
            "subnet6", SUBNET,
            "shared-networks", new Level(KeaKeys6.SHARED_NETWORK, Map.of("subnet6", SUBNET,
                    "relay", new Level(KeaKeys6.RELAY))),
            "reservations", new Level(KeaKeys6.RESERVATION),
            "interfaces-config", new Level(KeaKeys6.INTERFACES_CONFIG),
            "lease-database", new Level(KeaKeys.LEASE_DATABASE),
            "server-id", new Level(KeaKeys6.SERVER_ID)));

    @TestFactory
    Stream<DynamicTest> dhcp6dAndKeaDhcp6AgreeOnEveryConfiguration(@TempDir Path work) throws IOException {
        return KeaConfigParity.compare(work, new KeaConfigParity.Daemon("kea-dhcp6", "kea6", "Dhcp6", DHCP6,
                Dhcp6ConfigParser::parseFile, KeaConfigParityTest.class, "base6.json", "mutations6.json"));
    }
}
