package io.tandem.dhcp4o6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigProblem;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Kea 2.2's own DHCPv4 example configurations ({@code ../shared/kea-examples/kea4/}, beside the
 * clone) load without error; every warning names a Kea key (or a Kea value, or an option Kea's
 * {@code option-def} declares) that Tandem does not implement.
 */
class KeaExamples4ConfigTest {
    private static final Pattern QUOTED = Pattern.compile("\"([a-z0-9-]+)\"");
    private static final Set<String> KEA_VALUES_NOT_IMPLEMENTED = Set.of("duid", "circuit-id", "flex-id");

    static Path examples() {
        return Launcher.repository().resolve("../shared/kea-examples/kea4").normalize();
    }

    /** One example file; the test is skipped, saying so, where the examples are not beside the clone. */
    private static Path example(String name) {
        Path directory = examples();
        Assumptions.assumeTrue(Files.isDirectory(directory),
                "Kea's examples are not at " + directory + " (CI has them beside the clone); skipped");
        return directory.resolve(name);
    }

    private static List<Path> files() throws IOException {
        Path directory = example("");
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyKeaExampleLoads() throws IOException {
        List<Path> files = files();
        assertTrue(files.size() >= 8, "expected Kea's eight DHCPv4 examples in " + examples());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ConfigResult<Dhcp4Config> result;
            try {
                result = Dhcp4ConfigParser.parseFile(file);
            } catch (ConfigException e) {
                fail(file + " does not load:\n" + e.getMessage());
                return;
            }
            for (ConfigProblem warning : result.warnings()) {
                assertTrue(namesKeaKey(warning), "a warning that names no Kea key: " + warning);
            }
        }));
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

    @Test
    void reservationsByIdentifiersTandemImplementsAreKept() throws Exception {
        Dhcp4Config config = Dhcp4ConfigParser.parseFile(example("reservations.json")).config();
        List<Reservation4> reservations = config.subnets().get(0).reservations();
        assertEquals(List.of(HostIdentifierType4.HW_ADDRESS, HostIdentifierType4.CLIENT_ID,
                        HostIdentifierType4.CLIENT_ID),
                reservations.stream().map(r -> r.identifier().type()).toList(), "duid, circuit-id, flex-id ignored");
        assertEquals("hal9000", reservations.get(2).boot().serverHostname().orElseThrow());
        assertEquals(List.of(HostIdentifierType4.HW_ADDRESS, HostIdentifierType4.CLIENT_ID),
                config.hostReservationIdentifiers());
    }

    /** Whether the warning names a key (or a value) that Kea 2.2 has and Tandem ignores. */
    static boolean namesKeaKey(ConfigProblem warning) {
        Set<String> keaKeys = keaKeysNotImplemented();
        String location = warning.location();
        String last = location.substring(location.lastIndexOf('/') + 1);
        if (keaKeys.contains(last) || warning.message().contains("Kea's option-def")) {
            return true;
        }
        Matcher quoted = QUOTED.matcher(warning.message());
        while (quoted.find()) {
            if (keaKeys.contains(quoted.group(1)) || KEA_VALUES_NOT_IMPLEMENTED.contains(quoted.group(1))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> keaKeysNotImplemented() {
        Set<String> keys = new HashSet<>();
        for (KeaKeys4.Level level : List.of(KeaKeys4.GLOBAL, KeaKeys4.SHARED_NETWORK, KeaKeys4.SUBNET, KeaKeys4.POOL,
                KeaKeys4.RESERVATION, KeaKeys4.LEASE_DATABASE)) {
            keys.addAll(level.keaKeysNotImplemented());
        }
        keys.addAll(List.of("user-context", "comment"));
        return keys;
    }
}
