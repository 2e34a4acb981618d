package io.tandem.dhcp4o6d.config;

import io.tandem.common.config.KeaConfigMutations;
import io.tandem.common.config.KeaConfigParity;
import io.tandem.common.config.KeaConfigParity.Case;
import io.tandem.common.config.KeaConfigParity.Level;
import io.tandem.common.config.KeaKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** The levels of {@code Dhcp4}, whose Tandem-only keys are left out of the comparison. */
    static final Level DHCP4 = new Level(KeaKeys4.GLOBAL, Map.of(
            "subnet4", SUBNET,
            "shared-networks", new Level(KeaKeys4.SHARED_NETWORK, Map.of("subnet4", SUBNET)),
            "reservations", new Level(KeaKeys4.RESERVATION),
            "lease-database", new Level(KeaKeys.LEASE_DATABASE)));

    @TestFactory
    Stream<DynamicTest> dhcp4o6dAndKeaDhcp4AgreeOnEveryConfiguration(@TempDir Path work) throws IOException {
        String baseText;
        try (InputStream in = KeaConfigParity4Test.class.getResourceAsStream("/kea-parity/base4.json")) {
            baseText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var base = KeaConfigParity.read(baseText, "base4.json");
        List<Case> cases = new ArrayList<>(KeaConfigParity.corpus("kea4", "Dhcp4", DHCP4));
        cases.add(new Case("base4.json", baseText));
        cases.addAll(KeaConfigMutations.listed(base, KeaConfigParity4Test.class, "/kea-parity/mutations4.json"));
        cases.addAll(KeaConfigMutations.generated(base, "Dhcp4", DHCP4));
        return KeaConfigParity.compare(work, "kea-dhcp4", cases, Dhcp4ConfigParser::parseFile);
    }
}
