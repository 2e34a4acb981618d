package io.tandem.dhcp4o6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfiguredOption;
import io.tandem.common.config.HostIdentifier;
import io.tandem.common.config.HostIdentifierType;
import io.tandem.common.config.LeaseDatabaseConfig;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.Option4;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a configuration compiles to: inheritance, Kea's automatic ids, defaults, the reservations file. */
class Dhcp4ConfigParserTest {
    @TempDir
    Path directory;

    private Dhcp4Config parse(String dhcp4) throws ConfigException {
        return Dhcp4ConfigParser.parse("{\"Dhcp4\": " + dhcp4 + "}", directory).config();
    }

    @Test
    void keasDefaults() throws ConfigException {
        Dhcp4Config config = parse("{\"subnet4\": [{\"subnet\": \"192.0.2.0/24\"}]}");
        Subnet4 subnet = config.subnets().get(0);
        assertEquals(1, subnet.id());
        assertEquals(7200, subnet.leaseTimes().validLifetime());
        assertEquals(new LeaseTimes4.Timers(Optional.empty(), Optional.empty()), subnet.leaseTimes().timers(7200),
                "calculate-tee-times is off by default in Kea's DHCPv4 server");
        assertTrue(config.echoClientId());
        assertEquals(86400, config.declineProbationPeriod());
        assertEquals(Dhcp4ConfigParser.FAMILY.hostIdentifiers().defaultOrder(), config.hostReservationIdentifiers());
        assertEquals(LeaseDatabaseConfig.DEFAULT, config.leaseDatabase());
        assertEquals(0, config.dhcp4o6Port());
        assertEquals(List.of(subnet), config.subnetsWithoutServerIdentifier());
    }

    @Test
    void timersAsKeaComputesThem() throws ConfigException {
        LeaseTimes4 times = parse("{\"calculate-tee-times\": true, \"subnet4\": [{\"subnet\": \"192.0.2.0/24\","
                + " \"valid-lifetime\": 1000}]}").subnets().get(0).leaseTimes();
        assertEquals(new LeaseTimes4.Timers(Optional.of(500L), Optional.of(875L)), times.timers(1000));
        LeaseTimes4 explicit = parse("{\"renew-timer\": 900, \"rebind-timer\": 1200, \"subnet4\": [{\"subnet\":"
                + " \"192.0.2.0/24\", \"valid-lifetime\": 1000}]}").subnets().get(0).leaseTimes();
        assertEquals(new LeaseTimes4.Timers(Optional.of(900L), Optional.empty()), explicit.timers(1000),
                "T2 is not sent when it is not shorter than the lease, and T1 is then measured against the lease");
    }

    @Test
    void subnetsInheritFromTheirSharedNetworkAndTheTopLevel() throws ConfigException {
        Dhcp4Config config = parse("""
                { "valid-lifetime": 100, "authoritative": true, "next-server": "192.0.2.1",
                  "option-data": [ { "name": "domain-name", "data": "example.org" } ],
                  "shared-networks": [ { "name": "n", "valid-lifetime": 200, "boot-file-name": "n.efi",
                      "option-data": [ { "name": "routers", "data": "192.0.2.1" },
                                       { "name": "dhcp-server-identifier", "data": "192.0.2.1" } ],
                      "subnet4": [ { "subnet": "192.0.2.0/25", "authoritative": false,
                                     "option-data": [ { "name": "routers", "data": "192.0.2.2" } ] } ] } ],
                  "subnet4": [ { "subnet": "198.51.100.0/24" } ] }
                """);
        Subnet4 inNetwork = config.subnets().get(0);
        assertEquals(1, inNetwork.id(), "subnets of shared networks are numbered first, as Kea 2.2 does");
        assertEquals(Optional.of("n"), inNetwork.sharedNetwork());
        assertEquals(200, inNetwork.leaseTimes().validLifetime());
        assertEquals(false, inNetwork.authoritative());
        assertEquals(new BootFields(Optional.of(Addresses.parse4("192.0.2.1")), Optional.empty(), Optional.of("n.efi")),
                inNetwork.boot());
        assertEquals(List.of(Addresses.parse4("192.0.2.2")), ((Option4.AddressList) inNetwork.options().get(0).option())
                .addresses(), "the subnet's routers win over the network's");
        assertEquals(List.of(Dhcp4Options.ROUTERS, Dhcp4Options.SERVER_IDENTIFIER),
                inNetwork.options().stream().map(ConfiguredOption::code).toList());
        Subnet4 alone = config.subnets().get(1);
        assertEquals(2, alone.id());
        assertEquals(100, alone.leaseTimes().validLifetime());
        assertTrue(alone.authoritative());
        assertEquals(List.of(alone), config.subnetsWithoutServerIdentifier());
        assertEquals(List.of(1L), config.sharedNetworks().get(0).subnetIds());
    }

    @Test
    void automaticIdsSkipTheExplicitOnesAndSubnetsAreKeptInIdOrder() throws ConfigException {
        Dhcp4Config config = parse("{\"subnet4\": [{\"subnet\": \"10.0.0.0/24\", \"id\": 1},"
                + " {\"subnet\": \"10.0.1.0/24\"}, {\"subnet\": \"10.0.2.0/24\", \"id\": 3}, {\"subnet\": \"10.0.3.0/24\"}]}");
        assertEquals(List.of(1L, 2L, 3L, 4L), config.subnets().stream().map(Subnet4::id).toList());
        assertEquals("10.0.3.0/24", config.subnet(4).orElseThrow().prefix().toString());
    }

    @Test
    void fourO6Selectors() throws ConfigException {
        Subnet4 subnet = parse("{\"subnet4\": [{\"subnet\": \"192.0.2.0/24\", \"4o6-interface\": \"eth0\","
                + " \"4o6-interface-id\": \"port-1\", \"4o6-subnet\": \"2001:db8:1::/64\"}]}").subnets().get(0);
        assertEquals(Optional.of("eth0"), subnet.interface4o6());
        assertEquals(Optional.of(Bytes.utf8("port-1")), subnet.interfaceId4o6());
        assertEquals("2001:db8:1::/64", subnet.subnet4o6().orElseThrow().toString());
        assertTrue(subnet.has4o6Selector());
    }

    @Test
    void vendorSubOptionsGoInsideVivso() throws ConfigException {
        List<ConfiguredOption<Option4>> options = parse("{\"option-data\": [{\"name\": \"vivso-suboptions\", \"data\": \"4491\"},"
                + " {\"name\": \"tftp-servers\", \"space\": \"vendor-4491\", \"data\": \"192.0.2.9\"}]}").options();
        assertEquals(1, options.size());
        assertEquals(new Option4.Raw(Dhcp4Options.VIVSO_SUBOPTIONS, Bytes.fromHex("0000118b06" + "0204c0000209")),
                options.get(0).option(), "enterprise 4491, 6 bytes of data: sub-option 2, length 4, 192.0.2.9");
    }

    @Test
    void reservationsFromAJsonFile() throws IOException, ConfigException {
        Files.writeString(directory.resolve("hosts.json"), """
                [ { "subnet-id": 1, "hw-address": "52:54:00:00:00:01", "ip-address": "192.0.2.50" },
                  { "client-id": "'host-2'", "hostname": "two",
                    "option-data": [ { "name": "domain-name", "data": "two.example.org" } ] } ]
                """);
        Dhcp4Config config = parse("{\"reservations-file\": \"hosts.json\", \"subnet4\": [{\"subnet\": \"192.0.2.0/24\","
                + " \"reservations\": [{\"hw-address\": \"52:54:00:00:00:09\", \"ip-address\": \"192.0.2.9\"}]}]}");
        assertEquals(List.of("52:54:00:00:00:09", "52:54:00:00:00:01"), config.subnets().get(0).reservations().stream()
                .map(r -> r.identifier().value().colonHex()).toList(), "the configuration's first, then the file's");
        Reservation4 global = config.globalReservations().get(0);
        assertEquals(new HostIdentifier(HostIdentifierType.CLIENT_ID, Bytes.utf8("host-2")), global.identifier());
        assertEquals(Optional.of("two"), global.hostname());
        assertInstanceOf(Option4.Text.class, global.options().get(0).option());
        assertEquals(Optional.of(directory.resolve("hosts.json")), config.reservationsFile());
    }

    @Test
    void reservationsFromACsvFileWithOptionColumns() throws IOException, ConfigException {
        Files.writeString(directory.resolve("hosts.csv"), """
                subnet-id,hw-address,ip-address,hostname,routers,boot-file-name
                1,52:54:00:00:00:01,192.0.2.50,one,192.0.2.254,one.efi
                """);
        Reservation4 reservation = parse("{\"reservations-file\": \"hosts.csv\", \"subnet4\": [{\"subnet\":"
                + " \"192.0.2.0/24\"}]}").subnets().get(0).reservations().get(0);
        assertEquals(Optional.of(Addresses.parse4("192.0.2.50")), reservation.address());
        assertEquals(Optional.of("one"), reservation.hostname());
        assertEquals(Optional.of("one.efi"), reservation.boot().bootFileName());
        assertEquals(Dhcp4Options.ROUTERS, reservation.options().get(0).code());
    }

    @Test
    void theLeaseDatabaseNameIsRelativeToTheFile() throws ConfigException {
        LeaseDatabaseConfig database = parse("{\"lease-database\": {\"type\": \"memfile\", \"name\": \"leases4.csv\","
                + " \"persist\": false, \"lfc-interval\": 0}}").leaseDatabase();
        assertEquals(new LeaseDatabaseConfig(Optional.of(directory.resolve("leases4.csv")), false, 0,
                LeaseDatabaseConfig.Durability.WRITE), database);
    }
}
