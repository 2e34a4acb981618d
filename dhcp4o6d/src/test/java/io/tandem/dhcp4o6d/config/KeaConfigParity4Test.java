package io.tandem.dhcp4o6d.config;

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
 * {@code dhcp4o6d -t} and Debian's {@code kea-dhcp4 -t} (2.2) accept and refuse the same
 * {@code Dhcp4} configurations: Kea's examples, {@code conf/}, and the mutations of
 * {@code kea-parity/base4.json} (generated, and hand-written in {@code kea-parity/mutations4.json});
 * see {@link KeaConfigParity}.
 */
@Tag("system")
class KeaConfigParity4Test {
    private static final Level SUBNET = new Level(KeaKeys4.SUBNET, Map.of(
            "pools", new Level(KeaKeys4.POOL), "reservations", new Level(KeaKeys4.RESERVATION)));

    /** dhcp4o6d and the levels of its {@code Dhcp4}, whose Tandem-only keys are left out of the comparison. */
    private static final KeaConfigParity.Daemon DHCP4O6D = new KeaConfigParity.Daemon("kea-dhcp4", "kea4", "Dhcp4",
            new Level(KeaKeys4.GLOBAL, Map.of("subnet4", SUBNET, "reservations", new Level(KeaKeys4.RESERVATION),
                    "shared-networks", new Level(KeaKeys4.SHARED_NETWORK, Map.of("subnet4", SUBNET)),
                    "lease-database", new Level(KeaKeys.LEASE_DATABASE))),
            Dhcp4ConfigParser::parseFile, KeaConfigParity4Test.class, "base4.json", "mutations4.json");

    @TestFactory
    Stream<DynamicTest> dhcp4o6dAndKeaDhcp4AgreeOnEveryConfiguration(@TempDir Path work) throws IOException {
        return KeaConfigParity.compare(work, DHCP4O6D);
    }
}
