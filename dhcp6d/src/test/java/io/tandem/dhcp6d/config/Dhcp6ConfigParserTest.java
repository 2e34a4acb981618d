package io.tandem.dhcp6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.config.HttpConfig;
import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigProblem;
import io.tandem.common.config.ConfigResult;
import io.tandem.common.config.HostIdentifier;
import io.tandem.common.config.HostIdentifierType;
import io.tandem.common.config.LeaseDatabaseConfig;
import io.tandem.common.config.ListenAddress;
import io.tandem.common.config.Prefix6;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Option6;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a configuration compiles to: Kea's semantics and defaults, and Tandem's own keys. */
class Dhcp6ConfigParserTest {
    @TempDir
    Path directory;

    private ConfigResult<Dhcp6Config> parse(String dhcp6) throws ConfigException {
        return Dhcp6ConfigParser.parse("{\"Dhcp6\": " + dhcp6 + "}", directory);
    }

    private Dhcp6Config config(String dhcp6) throws ConfigException {
        ConfigResult<Dhcp6Config> result = parse(dhcp6);
        assertEquals(List.of(), result.warnings());
        return result.config();
    }

    @Test
    void anEmptyDhcp6HasKeasAndTandemsDefaults() throws ConfigException {
        Dhcp6Config config = config("{}");
        assertEquals(List.of(), config.interfaces());
        assertEquals(List.of(), config.subnets());
        assertEquals(Dhcp6ConfigParser.FAMILY.hostIdentifiers().defaultOrder(), config.hostReservationIdentifiers());
        assertEquals(List.of(HwAddrSource.CLIENT_LINK_ADDR_OPTION, HwAddrSource.IPV6_LINK_LOCAL, HwAddrSource.DUID), config.macSources());
        assertEquals(LeaseDatabaseConfig.DEFAULT, config.leaseDatabase());
        assertEquals(0, config.dhcp4o6Port());
        assertEquals(ServerIdConfig.DEFAULT, config.serverId());
        assertEquals(NetbootConfig.DEFAULT, config.netboot());
        assertFalse(config.netboot().enabled());
        assertEquals(new TftpConfig(false, ListenAddress.parse("[::]:69"), Path.of("/srv/tftp"), 64), config.tftp(),
                "no TFTP port unless asked for");
        assertEquals(new HttpConfig(ListenAddress.parse("[::]:6315"), List.of()), config.http());
        assertEquals(EventsConfig.DEFAULT, config.events());
    }

    @Test
    void aTftpOrNetbootBlockTurnsTheTftpServerOn() throws ConfigException {
        assertTrue(config("{\"tftp\": {}}").tftp().enabled());
        assertTrue(config("{\"netboot\": {\"server-address\": \"2001:db8::1\"}}").tftp().enabled());
        assertFalse(config("{\"netboot\": {\"server-address\": \"2001:db8::1\"}, \"tftp\": {\"enabled\": false}}")
                .tftp().enabled());
    }

    @Test
    void leaseTimesFollowKeaDefaultsAndItsTeeTimeRule() throws ConfigException {
        Dhcp6Config config = config("""
                {"subnet6": [
                  {"subnet": "2001:db8:1::/64"},
                  {"subnet": "2001:db8:2::/64", "preferred-lifetime": 1000, "valid-lifetime": 2000},
                  {"subnet": "2001:db8:3::/64", "renew-timer": 100, "rebind-timer": 200},
                  {"subnet": "2001:db8:4::/64", "calculate-tee-times": false},
                  {"subnet": "2001:db8:5::/64", "t1-percent": 0.25, "t2-percent": 0.5},
                  {"subnet": "2001:db8:6::/64", "rebind-timer": 1000},
                  {"subnet": "2001:db8:7::/64", "valid-lifetime": 1800},
                  {"subnet": "2001:db8:8::/64", "preferred-lifetime": 9000}]}""");
        List<LeaseTimes6> times = config.subnets().stream().map(Subnet6::leaseTimes).toList();
        assertEquals(new LeaseTimes6(3600, 7200, 1800, 2880), times.get(0), "Kea 2.2: 0.5 and 0.8 of the preferred lifetime");
        assertEquals(new LeaseTimes6(1000, 2000, 500, 800), times.get(1));
        assertEquals(new LeaseTimes6(3600, 7200, 100, 200), times.get(2));
        assertEquals(new LeaseTimes6(3600, 7200, 0, 0), times.get(3), "without calculation the client decides");
        assertEquals(new LeaseTimes6(3600, 7200, 900, 1800), times.get(4));
        assertEquals(new LeaseTimes6(3600, 7200, 0, 1000), times.get(5), "T1 (1800) not below T2 is sent as 0, as Kea does");
        assertEquals(new LeaseTimes6(1800, 1800, 900, 1440), times.get(6), "a default preferred lifetime stays within valid");
        assertEquals(new LeaseTimes6(9000, 9000, 4500, 7200), times.get(7), "a default valid lifetime covers the preferred one");
    }

    @Test
    void sharedNetworksAreFlattenedIntoTheirSubnetsInKeasOrder() throws ConfigException {
        Dhcp6Config config = config("""
                {"valid-lifetime": 4000,
                 "option-data": [{"name": "dns-servers", "data": "2001:db8::53"}],
                 "subnet6": [{"subnet": "2001:db8:9::/64", "rapid-commit": true}],
                 "shared-networks": [{
                   "name": "frog", "interface": "eth1", "relay": {"ip-address": "2001:db8::1"},
                   "preferred-lifetime": 200, "valid-lifetime": 300, "rapid-commit": false,
                   "option-data": [{"name": "preference", "data": "5"}, {"name": "sntp-servers", "data": "2001:db8::123"}],
                   "subnet6": [
                     {"subnet": "2001:db8:1::/64", "valid-lifetime": 400,
                      "option-data": [{"name": "preference", "data": "9"}]},
                     {"subnet": "2001:db8:2::/64", "interface": "eth1", "relay": {"ip-addresses": ["2001:db8::2", "2001:db8::3"]}}]}]}""");
        List<Subnet6> subnets = config.subnets();
        assertEquals(List.of(1L, 2L, 3L), subnets.stream().map(Subnet6::id).toList(),
                "Kea 2.2 numbers the subnets of shared networks first");
        Subnet6 first = subnets.get(0);
        assertEquals(Prefix6.parse("2001:db8:1::/64"), first.prefix());
        assertEquals(Optional.of("frog"), first.sharedNetwork());
        assertEquals(Optional.of("eth1"), first.interfaceName());
        assertEquals(List.of(Addresses.parse6("2001:db8::1")), first.relayAddresses());
        assertEquals(new LeaseTimes6(200, 400, 100, 160), first.leaseTimes());
        assertFalse(first.rapidCommit());
        assertEquals(List.of(new Option6.Uint8(7, 9), new Option6.AddressList(31, List.of(Addresses.parse6("2001:db8::123")))),
                first.options().stream().map(option -> option.option()).toList(),
                "the subnet's options, then the network's it does not override");
        Subnet6 second = subnets.get(1);
        assertEquals(Optional.of("eth1"), second.interfaceName());
        assertEquals(List.of(Addresses.parse6("2001:db8::2"), Addresses.parse6("2001:db8::3")), second.relayAddresses());
        assertEquals(300, second.leaseTimes().validLifetime());
        Subnet6 third = subnets.get(2);
        assertEquals(Optional.empty(), third.sharedNetwork());
        assertTrue(third.rapidCommit());
        assertEquals(new LeaseTimes6(3600, 4000, 1800, 2880), third.leaseTimes());
        assertEquals(1, config.options().size(), "global options stay global");
    }

    @Test
    void subnetsWithoutIdsAreNumberedAroundTheExplicitOnes() throws ConfigException {
        Dhcp6Config config = config("""
                {"subnet6": [{"subnet": "2001:db8:1::/64"}, {"subnet": "2001:db8:2::/64", "id": 1},
                             {"subnet": "2001:db8:3::/64", "id": 0}, {"subnet": "2001:db8:4::/64", "id": 7}]}""");
        assertEquals(List.of(2L, 1L, 3L, 7L), config.subnets().stream().map(Subnet6::id).toList());
    }

    @Test
    void poolsPrefixPoolsAndMacAddressing() throws ConfigException {
        Subnet6 subnet = config("""
                {"subnet6": [{"subnet": "2001:db8:1::/64", "interface-id": "ge-0/0/1",
                  "mac-addressing": {"prefix": "2001:db8:1:0:1::/80"},
                  "pools": [{"pool": "2001:db8:1::10 - 2001:db8:1::ff",
                             "option-data": [{"name": "preference", "data": "1"}]}],
                  "pd-pools": [{"prefix": "2001:db8:8000::", "prefix-len": 48, "delegated-len": 56}]}]}""")
                .subnets().get(0);
        assertEquals(Optional.of(Bytes.utf8("ge-0/0/1")), subnet.interfaceId());
        assertEquals("2001:db8:1::10 - 2001:db8:1::ff", subnet.pools().get(0).range().toString());
        assertEquals(1, subnet.pools().get(0).options().size());
        assertEquals(new PrefixPool6(Prefix6.parse("2001:db8:8000::/48"), 56, List.of()), subnet.prefixPools().get(0));
        MacAddressing macAddressing = subnet.macAddressing().orElseThrow();
        assertEquals(Addresses.parse6("2001:db8:1:0:1:5254:12:3456"), macAddressing.addressOf(Bytes.fromHex("525400123456")));
    }

    @Test
    void reservationsByEveryIdentifier() throws ConfigException {
        Subnet6 subnet = config("""
                {"subnet6": [{"subnet": "2001:db8:1::/64", "reservations": [
                  {"duid": "01:02:03:04:05:0A:0B:0C:0D:0E", "ip-addresses": ["2001:db8:1::100"],
                   "prefixes": ["2001:db8:2:abcd::/64"], "hostname": "foo.example.com"},
                  {"hw-address": "5254.0012.3456", "ip-addresses": ["2001:db8:1::101"],
                   "option-data": [{"name": "bootfile-url", "data": "http://boot/x"}]},
                  {"remote-id": "00:00:0d:e9:01:02", "ip-addresses": ["2001:db8:1::102"]},
                  {"remote-id": "3561, 'port-7'"},
                  {"interface-id": "'ge-0/0/1'"}]}]}""").subnets().get(0);
        List<Reservation6> reservations = subnet.reservations();
        assertEquals(new HostIdentifier(HostIdentifierType.DUID, Bytes.fromHex("0102030405 0a0b0c0d0e")),
                reservations.get(0).identifier());
        assertEquals(List.of(Prefix6.parse("2001:db8:2:abcd::/64")), reservations.get(0).prefixes());
        assertEquals(Optional.of("foo.example.com"), reservations.get(0).hostname());
        assertEquals(new HostIdentifier(HostIdentifierType.HW_ADDRESS, Bytes.fromHex("525400123456")),
                reservations.get(1).identifier());
        assertEquals(Option6.Text.of(59, "http://boot/x"), reservations.get(1).options().get(0).option());
        assertEquals(Bytes.fromHex("00000de9 0102"), reservations.get(2).identifier().value());
        assertEquals(Bytes.fromHex("00000de9 706f72742d37"), reservations.get(3).identifier().value());
        assertEquals(new HostIdentifier(HostIdentifierType.INTERFACE_ID, Bytes.utf8("ge-0/0/1")), reservations.get(4).identifier());
    }

    @Test
    void keaKeysTandemIgnoresAreWarningsAndAFlexIdBesideADuidIsIgnored() throws ConfigException {
        ConfigResult<Dhcp6Config> result = parse("""
                {"loggers": [], "host-reservation-identifiers": ["hw-address", "flex-id", "duid"],
                 "mac-sources": ["rfc6939", "raw", "duid"],
                 "subnet6": [{"subnet": "2001:db8:1::/64", "reservations": [
                   {"flex-id": "'somevalue'", "duid": "00:03:00:01:52:54:00:12:34:56",
                    "ip-addresses": ["2001:db8:1::2"]}]}]}""");
        assertEquals(List.of(HostIdentifierType.HW_ADDRESS, HostIdentifierType.DUID),
                result.config().hostReservationIdentifiers());
        assertEquals(List.of(HwAddrSource.CLIENT_LINK_ADDR_OPTION, HwAddrSource.DUID), result.config().macSources());
        assertEquals(List.of(HostIdentifierType.DUID), result.config().subnets().get(0).reservations().stream()
                .map(reservation -> reservation.identifier().type()).toList());
        assertEquals(List.of(
                "warning: /Dhcp6/loggers: Kea key not implemented by Tandem, ignored",
                "warning: /Dhcp6/subnet6/0/reservations/0/flex-id: Kea key not implemented by Tandem, ignored",
                "warning: /Dhcp6/host-reservation-identifiers/1: Kea identifier \"flex-id\" (a hook library's)"
                        + " not implemented by Tandem, ignored",
                "warning: /Dhcp6/mac-sources/1: Kea MAC source \"raw\" does not apply to Tandem, which reads no raw"
                        + " frames; ignored"),
                result.warnings().stream().map(ConfigProblem::toString).toList());
        result.warnings().forEach(warning -> assertTrue(KeaExamplesConfigTest.namesKeaKey(warning), warning.toString()));
    }

    @Test
    void macSourceAnyStandsForEverySource() throws ConfigException {
        assertEquals(Dhcp6Config.ANY_MAC_SOURCES, config("{\"mac-sources\": [\"any\"]}").macSources());
    }

    @Test
    void interfacesLeaseDatabaseServerIdAnd4o6() throws ConfigException {
        Dhcp6Config config = config("""
                {"interfaces-config": {"interfaces": ["eth0", "eth1/2001:db8:1::1", "*"]},
                 "lease-database": {"type": "memfile", "name": "leases6.csv", "persist": false, "lfc-interval": 0,
                                    "durability": "fsync"},
                 "server-id": {"type": "EN", "identifier": "0102030405", "enterprise-id": 343, "persist": false},
                 "dhcp4o6-port": 6767}""");
        assertEquals(List.of(new ListenInterface("eth0", Optional.empty()),
                new ListenInterface("eth1", Optional.of(Addresses.parse6("2001:db8:1::1"))),
                new ListenInterface("*", Optional.empty())), config.interfaces());
        assertTrue(config.interfaces().get(2).isAll());
        assertEquals(new LeaseDatabaseConfig(Optional.of(directory.resolve("leases6.csv")), false, 0,
                LeaseDatabaseConfig.Durability.FSYNC), config.leaseDatabase());
        assertEquals(new ServerIdConfig(ServerIdConfig.ServerDuidType.EN, Optional.of(Bytes.fromHex("0102030405")), 1, 0,
                343, false), config.serverId());
        assertEquals(6767, config.dhcp4o6Port());
    }

    @Test
    void tandemsServiceBlocks() throws ConfigException, IOException {
        Files.writeString(directory.resolve("ops.secret"), "s3cret\n");
        Dhcp6Config config = config("""
                {"netboot": {"server-address": "2001:db8::1",
                             "http-boot-url-template": "http://netboot.target/?mac={{.MAC}}&p={{ .Payload }}",
                             "boot-files": {"bios": "legacy/undionly.kpxe"},
                             "http-boot-file-urls": {"arm64-efi": "http://[2001:db8::1]:6315/snp.efi"}},
                 "tftp": {"enabled": false, "listen": "[2001:db8::1]:6969", "root": "tftp", "max-transfers": 8},
                 "http": {"listen": "127.0.0.1:8080", "control-users": [
                   {"user": "admin", "password": "1234"}, {"user": "ops", "password-file": "ops.secret"}]},
                 "events": {"max-macs": 50, "max-events-per-mac": 10, "channel": "[::1]:7000",
                            "dashboard": {"stall-seconds": 180, "boot-loop-attempts": 5}}}""");
        NetbootConfig netboot = config.netboot();
        assertTrue(netboot.enabled());
        assertEquals(Optional.of(Addresses.parse6("2001:db8::1")), netboot.serverAddress());
        assertEquals(Map.of(BootArchitecture.X86_64_EFI, "ipxe.efi", BootArchitecture.ARM64_EFI, "snp.efi",
                BootArchitecture.BIOS, "legacy/undionly.kpxe"), netboot.bootFiles());
        assertEquals(Map.of(BootArchitecture.ARM64_EFI, "http://[2001:db8::1]:6315/snp.efi"), netboot.httpBootFileUrls());
        assertEquals(new TftpConfig(false, ListenAddress.parse("[2001:db8::1]:6969"), directory.resolve("tftp"), 8),
                config.tftp());
        assertEquals(List.of(new HttpConfig.ControlUser("admin", "1234"), new HttpConfig.ControlUser("ops", "s3cret")),
                config.http().controlUsers());
        assertFalse(config.http().controlUsers().toString().contains("1234"), "passwords stay out of logs");
        assertEquals(new EventsConfig(50, 10, Optional.of(ListenAddress.parse("[::1]:7000")),
                new DashboardConfig(180, 5)), config.events());
    }

    @Test
    void reservationsFileInJsonAndCsv() throws ConfigException, IOException {
        Files.writeString(directory.resolve("hosts.json"), """
                // exported by billing
                [{"hw-address": "52:54:00:00:00:01", "ip-addresses": ["2001:db8:1::1"], "subnet-id": 1},
                 {"duid": "00:03:00:01:52:54:00:00:00:02", "prefixes": ["2001:db8:ff::/56"]}]""");
        Files.writeString(directory.resolve("hosts.csv"), """
                subnet-id,hw-address,ip-addresses,prefixes,bootfile-url
                1,52:54:00:00:00:03,2001:db8:1::3 2001:db8:1::4,,"http://boot/?a=1\\,b=2"
                ,52:54:00:00:00:04,,2001:db8:fe::/56,
                """);
        String subnets = "\"subnet6\": [{\"id\": 1, \"subnet\": \"2001:db8:1::/64\","
                + " \"reservations\": [{\"hw-address\": \"52:54:00:00:00:09\"}]}]";
        Dhcp6Config json = config("{\"reservations-file\": \"hosts.json\", " + subnets + "}");
        assertEquals(Optional.of(directory.resolve("hosts.json")), json.reservationsFile());
        assertEquals(2, json.subnets().get(0).reservations().size(), "the config's, then the file's for that subnet");
        assertEquals(1, json.globalReservations().size());
        assertEquals(HostIdentifierType.DUID, json.globalReservations().get(0).identifier().type());

        Dhcp6Config csv = config("{\"reservations-file\": \"hosts.csv\", " + subnets + "}");
        Reservation6 row = csv.subnets().get(0).reservations().get(1);
        assertEquals(List.of(Addresses.parse6("2001:db8:1::3"), Addresses.parse6("2001:db8:1::4")), row.addresses());
        assertEquals(Option6.Text.of(59, "http://boot/?a=1,b=2"), row.options().get(0).option());
        assertEquals(List.of(Prefix6.parse("2001:db8:fe::/56")), csv.globalReservations().get(0).prefixes());
    }

    @Test
    void parseFileResolvesPathsAgainstTheFilesDirectory() throws ConfigException, IOException {
        Path file = directory.resolve("dhcp6d.json");
        Files.writeString(file, "{\"Dhcp6\": {\"lease-database\": {\"type\": \"memfile\", \"name\": \"l.csv\"}}}");
        assertEquals(Optional.of(directory.resolve("l.csv")),
                Dhcp6ConfigParser.parseFile(file).config().leaseDatabase().leaseFile());
    }
}
