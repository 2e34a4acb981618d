package io.tandem.dhcp4o6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.config.ListenAddress;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.config.Prefix6;
import io.tandem.common.testing.Launcher;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code conf/dhcp4o6d.json}, the commented example of every key, loads without an error or a warning. */
class ConfExample4Test {
    static Path example() {
        return Launcher.repository().resolve("conf/dhcp4o6d.json");
    }

    @Test
    void theExampleLoadsCleanly() throws ConfigException {
        ConfigResult<Dhcp4Config> result = Dhcp4ConfigParser.parseFile(example());
        assertEquals(List.of(), result.warnings());
        Dhcp4Config config = result.config();
        assertEquals(List.of(), config.subnetsWithoutServerIdentifier(), "-t would warn");
        assertEquals(6767, config.dhcp4o6Port());
        assertEquals(ListenAddress.parse("[::1]:6317"), config.http().listen());
        assertEquals(List.of(), config.http().controlUsers(), "the example leaves its users commented out: loopback only");
        assertEquals(Optional.of(ListenAddress.parse("[::1]:6316")), config.eventsChannel());
        assertEquals(List.of(1L, 2L, 10L, 11L), config.subnets().stream().map(Subnet4::id).toList());
        Subnet4 first = config.subnet(1).orElseThrow();
        assertEquals(Optional.of("eth0"), first.interface4o6());
        assertEquals(2, first.reservations().size());
        assertTrue(first.authoritative());
        assertEquals(Optional.of(Addresses.parse4("192.0.2.2")), first.boot().nextServer());
        assertEquals(Optional.of("ipxe.efi"), first.boot().bootFileName(), "inherited from the top level");
        Subnet4 second = config.subnet(2).orElseThrow();
        assertEquals(Optional.of(Bytes.utf8("rack-3")), second.interfaceId4o6());
        assertEquals(Optional.of(Prefix6.parse("2001:db8:3::/64")), second.subnet4o6());
        assertEquals(7200, second.leaseTimes().leaseTime(Optional.of(100_000L)));
        SharedNetwork4 campus = config.sharedNetworks().get(0);
        assertEquals(List.of(10L, 11L), campus.subnetIds());
        assertEquals(Optional.of("eth1"), campus.interfaceName());
        assertEquals(2, campus.subnet6().size());
        assertEquals(14400, config.subnet(11).orElseThrow().leaseTimes().validLifetime(), "inherited from campus");
        assertEquals(1, config.globalReservations().size());
    }
}
