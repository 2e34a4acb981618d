package io.tandem.dhcp6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.config.ConfigException;
import io.tandem.common.config.ConfigProblem;
import io.tandem.common.config.DaemonConfigErrorsTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per kind of error: each names its JSON pointer (or file and line) and what was expected. */
class Dhcp6ConfigErrorsTest extends DaemonConfigErrorsTest {
    Dhcp6ConfigErrorsTest() {
        super(Dhcp6ConfigParser::parse, "Dhcp6");
    }

    @Test
    void unknownKeyWithItsPointer() {
        assertEquals(List.of("error: /Dhcp6/subnet6/0/pools/0/poool: unknown key (did you mean \"pool\"?);"
                        + " expected one of option-data, pool"),
                errors("{\"subnet6\": [{\"subnet\": \"2001:db8::/64\", \"pools\": [{\"pool\": \"2001:db8::/80\","
                        + " \"poool\": \"x\"}]}]}"));
        assertEquals(List.of("error: /Dhcp4: unknown key (did you mean \"Dhcp6\"?); expected one of Dhcp6"),
                errorsOfText("{\"Dhcp6\": {}, \"Dhcp4\": {}}"));
        assertEquals(List.of("error: /Dhcp6: missing; expected the object of dhcp6d's configuration"), errorsOfText("{}"));
    }

    @Test
    void wrongType() {
        assertEquals(List.of(
                "error: /Dhcp6/interfaces-config/interfaces: expected an array, got the string \"eth0\"",
                "error: /Dhcp6/valid-lifetime: expected an integer from 0 to 4294967295, got the string \"7200\"",
                "error: /Dhcp6/subnet6/0/subnet: expected an IPv6 prefix like 2001:db8:1::/64, got \"2001:db8::1\": no /length",
                "error: /Dhcp6/subnet6/0/rapid-commit: expected true or false, got the string \"yes\""),
                errors("{\"valid-lifetime\": \"7200\", \"interfaces-config\": {\"interfaces\": \"eth0\"},"
                        + " \"subnet6\": [{\"subnet\": \"2001:db8::1\", \"rapid-commit\": \"yes\"}]}"));
    }

    /** As Kea: an interface's extra address is a unicast address, and "*" takes none. */
    @Test
    void listenAddressesAreUnicast() {
        assertEquals(List.of(
                "error: /Dhcp6/interfaces-config/interfaces/0: expected an interface name, \"*\" or a name and a unicast "
                        + "address like eth0/2001:db8::1, got \"eth0/ff02::1:2\": a multicast address is no unicast "
                        + "address to listen on",
                "error: /Dhcp6/interfaces-config/interfaces/1: expected an interface name, \"*\" or a name and a unicast "
                        + "address like eth0/2001:db8::1, got \"*/2001:db8::1\": \"*\" takes no unicast address"),
                errors("{\"interfaces-config\": {\"interfaces\": [\"eth0/ff02::1:2\", \"*/2001:db8::1\"]}}"));
    }

    @Test
    void macAddressingPrefixLongerThan80() {
        assertEquals(List.of("error: /Dhcp6/subnet6/0/mac-addressing/prefix: expected a prefix of /80 or shorter"
                        + " (the MAC takes the low 48 bits), got 2001:db8::/96"),
                errors("{\"subnet6\": [{\"subnet\": \"2001:db8::/64\", \"mac-addressing\": {\"prefix\": \"2001:db8::/96\"}}]}"));
    }

    @Test
    void macAddressingPrefixOutsideTheSubnet() {
        assertEquals(List.of("error: /Dhcp6/subnet6/0/mac-addressing/prefix: 2001:db8:2::/80 is not inside the subnet"
                        + " 2001:db8:1::/64"),
                errors("{\"subnet6\": [{\"subnet\": \"2001:db8:1::/64\", \"mac-addressing\": {\"prefix\": \"2001:db8:2::/80\"}}]}"));
    }

    @Test
    void poolOutsideTheSubnetOrOverlapping() {
        assertEquals(List.of(
                "error: /Dhcp6/subnet6/0/pools/0/pool: the pool 2001:db8:1:0:ffff:: - 2001:db8:2::ff is not inside"
                        + " the subnet 2001:db8:1::/64",
                "error: /Dhcp6/subnet6/0/pools/1/pool: the pool 2001:db8:1:: - 2001:db8:1::ffff:ffff:ffff overlaps the mac-addressing prefix"
                        + " 2001:db8:1::/80: a pool address could be some client's MAC address",
                "error: /Dhcp6/subnet6/0/pools/2/pool: the pool 2001:db8:1::10 - 2001:db8:1::20 overlaps the pool at"
                        + " /Dhcp6/subnet6/0/pools/1",
                "error: /Dhcp6/subnet6/0/pools/2/pool: the pool 2001:db8:1::10 - 2001:db8:1::20 overlaps the"
                        + " mac-addressing prefix 2001:db8:1::/80: a pool address could be some client's MAC address"),
                errors("""
                        {"subnet6": [{"subnet": "2001:db8:1::/64", "mac-addressing": {"prefix": "2001:db8:1::/80"},
                          "pools": [{"pool": "2001:db8:1:0:ffff:: - 2001:db8:2::ff"}, {"pool": "2001:db8:1::/80"},
                                    {"pool": "2001:db8:1::10-2001:db8:1::20"}]}]}"""));
    }

    @Test
    void duplicateSubnetIdAndOverlappingSubnets() {
        assertEquals(List.of(
                "error: /Dhcp6/subnet6/1/subnet: the subnet 2001:db8:0:1::/64 overlaps the subnet 2001:db8::/48"
                        + " at /Dhcp6/subnet6/0",
                "error: /Dhcp6/subnet6/1/id: subnet id 7 is already used by the subnet at /Dhcp6/subnet6/0"),
                errors("{\"subnet6\": [{\"id\": 7, \"subnet\": \"2001:db8::/48\"}, {\"id\": 7, \"subnet\": \"2001:db8:0:1::/64\"}]}"));
    }

    @Test
    void badOptionData() {
        assertEquals(List.of(
                "error: /Dhcp6/option-data/0/name: unknown option \"dns-server\" in space dhcp6 (did you mean \"dns-servers\"?)",
                "error: /Dhcp6/subnet6/0/option-data/0/data: expected comma-separated IPv6 addresses, got"
                        + " \"2001:db8::1, 192.0.2.1\": \"192.0.2.1\" is not an IPv6 address",
                "error: /Dhcp6/subnet6/0/pools/0/option-data/0/data: expected hex bytes like 0a0b0c, 0a:0b:0c or"
                        + " 0x0a0b0c (or 'text' in single quotes), got \"2001:0db8::1\": \"2001\" is not one or two hex digits"),
                errors("""
                        {"option-data": [{"name": "dns-server", "data": "2001:db8::1"}],
                         "subnet6": [{"subnet": "2001:db8::/64",
                           "option-data": [{"name": "dns-servers", "data": "2001:db8::1, 192.0.2.1"}],
                           "pools": [{"pool": "2001:db8::/80",
                             "option-data": [{"name": "sntp-servers", "csv-format": false, "data": "2001:0db8::1"}]}]}]}"""));
    }

    @Test
    void oddHexIsWarnedNotRejectedAsKeaReadsIt() throws ConfigException {
        List<ConfigProblem> warnings = Dhcp6ConfigParser.parse("""
                {"Dhcp6": {"option-data": [{"code": 65000, "csv-format": false, "data": "0x123"}]}}""", directory).warnings();
        assertEquals(List.of("warning: /Dhcp6/option-data/0/data: odd number of hex digits, read with a leading 0 as Kea does"),
                warnings.stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aReservationKeyedOnlyByFlexIdIsAnErrorLikeOneWithoutIdentifier() {
        assertEquals(List.of(
                "error: /Dhcp6/subnet6/0/reservations/0/flex-id: Tandem does not implement Kea's identifier"
                        + " \"flex-id\", so this reservation would match nobody; it needs duid, hw-address, remote-id"
                        + " or interface-id",
                "error: /Dhcp6/subnet6/0/reservations/1: needs an identifier: duid, hw-address, remote-id or interface-id"),
                errors("""
                        {"subnet6": [{"subnet": "2001:db8:1::/64", "reservations": [
                           {"flex-id": "'somevalue'", "ip-addresses": ["2001:db8:1::2"]},
                           {"ip-addresses": ["2001:db8:1::3"]}]}]}"""));
    }

    @Test
    void theExamplePasswordIsWarnedAbout() throws ConfigException {
        List<ConfigProblem> warnings = Dhcp6ConfigParser.parse("""
                {"Dhcp6": {"http": {"control-users": [{"user": "admin", "password": "change-me"},
                                                     {"user": "ops", "password": "long and chosen"}]}}}""",
                directory).warnings();
        assertEquals(List.of("warning: /Dhcp6/http/control-users/0/password: still the example password"
                        + " \"change-me\", which anyone who read the README knows; choose another, or use password-file"),
                warnings.stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void badReservationsFileRowNamesTheFileAndLine() throws IOException {
        Files.writeString(directory.resolve("hosts.csv"), """
                # exported 2026-01-01
                hw-address,ip-addresses
                52:54:00:00:00:01,2001:db8::1
                52:54:00:00:00:02,2001:db8::zz
                52:54:00:00:00:03,2001:db8::1
                52:54:00:00:00:04,2001:db8::4,extra
                """);
        assertEquals(List.of(
                "error: hosts.csv:4/ip-addresses/0: expected an IPv6 address like 2001:db8::1, got \"2001:db8::zz\":"
                        + " not an IPv6 address: 2001:db8::zz",
                "error: hosts.csv:6: 3 fields, but the header names 2 columns",
                "error: hosts.csv:5/ip-addresses: 2001:db8::1 is already reserved at hosts.csv:3"),
                errors("{\"reservations-file\": \"hosts.csv\"}"));
    }

    @Test
    void badReservationsFiles() throws IOException {
        Files.writeString(directory.resolve("hosts.json"), "[{\"hw-address\": \"52:54:00:00:00:01\", \"subnet-id\": 9},"
                + " {\"duid\": \"01\"}]");
        Files.writeString(directory.resolve("header.csv"), "hw-address,ip-adresses\n");
        assertEquals(List.of(
                "error: hosts.json#/1/duid: expected a DUID in hex like 00:03:00:01:52:54:00:12:34:56, got \"01\":"
                        + " a DUID is 3 to 130 bytes, not 1",
                "error: hosts.json#/0/subnet-id: no subnet has id 9"),
                errors("{\"reservations-file\": \"hosts.json\"}"));
        assertEquals(List.of("error: header.csv:1: unknown column \"ip-adresses\"; expected duid, hostname, hw-address,"
                        + " interface-id, ip-addresses, prefixes, remote-id, subnet-id or a DHCPv6 option name such as bootfile-url"),
                errors("{\"reservations-file\": \"header.csv\"}"));
        assertEquals(List.of("error: /Dhcp6/reservations-file: no such file: " + directory.resolve("missing.csv")),
                errors("{\"reservations-file\": \"missing.csv\"}"));
    }

    @Test
    void reservationsThatCollideOrLieOutsideTheSubnet() {
        assertEquals(List.of(
                "error: /Dhcp6/subnet6/0/reservations/1/hw-address: a reservation has one identifier, not both duid and hw-address",
                "error: /Dhcp6/subnet6/0/reservations/2: needs an identifier: duid, hw-address, remote-id or interface-id",
                "error: /Dhcp6/subnet6/0/reservations/0/ip-addresses: 2001:db8:2::1 is not inside the subnet 2001:db8:1::/64",
                "error: /Dhcp6/subnet6/0/reservations/4/hw-address: the same hw-address is already reserved at"
                        + " /Dhcp6/subnet6/0/reservations/3",
                "error: /Dhcp6/subnet6/0/reservations/4/ip-addresses: 2001:db8:1::5 is already reserved at"
                        + " /Dhcp6/subnet6/0/reservations/3"),
                errors("""
                        {"subnet6": [{"subnet": "2001:db8:1::/64", "reservations": [
                          {"duid": "00:01:02:03", "ip-addresses": ["2001:db8:2::1"]},
                          {"duid": "00:01:02:04", "hw-address": "52:54:00:00:00:01"},
                          {"ip-addresses": ["2001:db8:1::9"]},
                          {"hw-address": "52:54:00:00:00:05", "ip-addresses": ["2001:db8:1::5"]},
                          {"hw-address": "52-54-00-00-00-05", "ip-addresses": ["2001:db8:1::5"]}]}]}"""));
    }

    @Test
    void inconsistentTimersAndUnsupportedLeaseDatabase() {
        assertEquals(List.of(
                "error: /Dhcp6/renew-timer: renew-timer (2000) must not be greater than rebind-timer (1000)",
                "error: /Dhcp6/subnet6/0/preferred-lifetime: preferred-lifetime (9000) must not be greater than"
                        + " valid-lifetime (7200): clients would ignore the addresses",
                "error: /Dhcp6/subnet6/0/t1-percent: t1-percent (0.9) must be less than t2-percent (0.8)",
                "error: /Dhcp6/lease-database/type: expected \"memfile\" or \"postgresql\" (Kea's mysql and cql are not"
                        + " supported by Tandem), got \"mysql\": not supported by Tandem",
                "error: /Dhcp6/lease-database/durability: expected \"write\" or \"fsync\", got \"sync\""),
                errors("""
                        {"renew-timer": 2000, "rebind-timer": 1000, "valid-lifetime": 7200,
                         "lease-database": {"type": "mysql", "name": "kea", "durability": "sync"},
                         "subnet6": [{"subnet": "2001:db8::/64", "preferred-lifetime": 9000, "t1-percent": 0.9, "t2-percent": 0.8}]}"""));
    }

    @Test
    void badValuesOfTandemsBlocks() {
        assertEquals(List.of(
                "error: /Dhcp6/netboot/boot-files/x86-efi: unknown architecture; expected one of x86-64-efi, arm64-efi, bios",
                "error: /Dhcp6/netboot/boot-files/bios: expected a file name relative to the TFTP root, like ipxe.efi,"
                        + " got \"../etc/passwd\": not a relative path inside the TFTP root",
                "error: /Dhcp6/netboot/http-boot-url-template: expected an http:// or https:// URL, with the placeholders"
                        + " {{.MAC}}, {{.BaseAddress}} and {{.Payload}}, got \"http://x/?m={{.Mac}}\": unknown placeholder {{.Mac}}",
                "error: /Dhcp6/tftp/listen: expected an address and port like [::]:6315 or 192.0.2.1:6315, got \":::69\":"
                        + " write an IPv6 address in brackets, like [::1]:6315",
                "error: /Dhcp6/http/control-users/0: needs either password or password-file",
                "error: /Dhcp6/events/max-macs: expected an integer from 1 to 10000000, got the number 0",
                "error: /Dhcp6/events/dashboard/boot-loop-attempts: expected an integer from 2 to 1000, got the number 1"),
                errors("""
                        {"netboot": {"http-boot-url-template": "http://x/?m={{.Mac}}",
                                     "boot-files": {"x86-efi": "ipxe.efi", "bios": "../etc/passwd"}},
                         "tftp": {"listen": ":::69"},
                         "http": {"control-users": [{"user": "admin"}]},
                         "events": {"max-macs": 0, "dashboard": {"boot-loop-attempts": 1}}}"""));
    }

    @Test
    void severalErrorsAreReportedTogether() {
        List<String> errors = errors("""
                {"valid-lifetim": 4000,
                 "mac-sources": ["client-link-addr-option", "eui64"],
                 "host-reservation-identifiers": ["duid", "duid"],
                 "dhcp4o6-port": 65535,
                 "server-id": {"type": "UUID"},
                 "shared-networks": [{"name": "a", "subnet6": [{"subnet": "2001:db8:1::/64"}]},
                                     {"name": "a", "subnet6": [{"subnet": "2001:db8:1::/64"}]}],
                 "subnet6": [{"subnet": "2001:db8::/64", "pd-pools": [{"prefix": "2001:db8:8000::", "prefix-len": 48,
                              "delegated-len": 40}]}]}""");
        assertEquals(List.of(
                "error: /Dhcp6/valid-lifetim: unknown key (did you mean \"valid-lifetime\"?); expected one of allocator,"
                        + " calculate-tee-times, dhcp4o6-port, events, host-reservation-identifiers, http, interfaces-config,"
                        + " lease-database, mac-sources, netboot, option-data, pd-allocator, preferred-lifetime, rebind-timer, renew-timer,"
                        + " reservations, reservations-file, server-id, shared-networks, subnet6, t1-percent, t2-percent,"
                        + " tftp, valid-lifetime",
                "error: /Dhcp6/shared-networks/1/name: shared network \"a\" is already defined at /Dhcp6/shared-networks/0",
                "error: /Dhcp6/subnet6/0/pd-pools/0/delegated-len: delegated-len (40) must not be shorter than prefix-len (48)",
                "error: /Dhcp6/shared-networks/1/subnet6/0/subnet: the subnet 2001:db8:1::/64 overlaps the subnet"
                        + " 2001:db8:1::/64 at /Dhcp6/shared-networks/0/subnet6/0",
                "error: /Dhcp6/host-reservation-identifiers/1: \"duid\" is listed twice",
                "error: /Dhcp6/mac-sources/1: unknown MAC source \"eui64\"; expected any, client-link-addr-option,"
                        + " ipv6-link-local, duid, remote-id, subscriber-id, docsis-cmts, docsis-modem (or Kea's aliases"
                        + " rfc6939, rfc4649, rfc4580)",
                "error: /Dhcp6/dhcp4o6-port: expected an integer from 0 to 65534, got the number 65535",
                "error: /Dhcp6/server-id/type: expected LLT, EN or LL, got \"UUID\""), errors);
    }

    @Test
    void aMissingFileIsOneError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Dhcp6ConfigParser.parseFile(directory.resolve("none.json")));
        assertEquals("error: " + directory.resolve("none.json") + ": no such file: " + directory.resolve("none.json"),
                e.getMessage());
        ConfigException notAFile = assertThrows(ConfigException.class, () -> Dhcp6ConfigParser.parseFile(directory));
        assertEquals("error: " + directory + ": cannot read " + directory + ": Is a directory", notAFile.getMessage());
        assertEquals(List.of("error: /Dhcp6/http/control-users/0/password-file: no such file: "
                        + directory.resolve("admin.secret")),
                errors("{\"http\": {\"control-users\": [{\"user\": \"admin\", \"password-file\": \"admin.secret\"}]}}"));
    }
}
