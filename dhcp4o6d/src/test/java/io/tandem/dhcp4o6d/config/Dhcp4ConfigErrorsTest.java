package io.tandem.dhcp4o6d.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.config.DaemonConfigErrorsTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per kind of error: each names its JSON pointer (or file and line) and what was expected. */
class Dhcp4ConfigErrorsTest extends DaemonConfigErrorsTest {
    Dhcp4ConfigErrorsTest() {
        super(Dhcp4ConfigParser::parse, "Dhcp4");
    }

    @Test
    void theTopLevel() {
        assertEquals(List.of("error: /Dhcp6: unknown key (did you mean \"Dhcp4\"?); expected one of Dhcp4",
                "error: /Dhcp4: missing; expected the object of dhcp4o6d's configuration"), errorsOfText("{\"Dhcp6\": {}}"));
    }

    @Test
    void unknownKeyAndWrongTypes() {
        assertEquals(List.of(
                "error: /Dhcp4/valid-lifetime: expected an integer from 0 to 4294967295, got the string \"7200\"",
                "error: /Dhcp4/subnet4/0/subnet: expected an IPv4 prefix like 192.0.2.0/24, got \"192.0.2.1\": no /length",
                "error: /Dhcp4/subnet4/0/authoritative: expected true or false, got the string \"yes\"",
                "error: /Dhcp4/subnet4/0/pools/0/poool: unknown key (did you mean \"pool\"?); expected one of option-data, pool",
                "error: /Dhcp4/subnet4/0/pools/0/pool: expected an address range like 192.0.2.10 - 192.0.2.200 or a prefix"
                        + " like 192.0.2.128/25, got \"192.0.2.10 - 192.0.2.300\": 300 is over 255",
                "error: /Dhcp4/subnet4/0/4o6-subnet: expected an IPv6 prefix like 2001:db8:1::/64, got \"2001:db8::1\": no /length"),
                errors("{\"valid-lifetime\": \"7200\", \"subnet4\": [{\"subnet\": \"192.0.2.1\", \"authoritative\": \"yes\","
                        + " \"4o6-subnet\": \"2001:db8::1\", \"pools\": [{\"pool\": \"192.0.2.10 - 192.0.2.300\", \"poool\": 1}]}]}"));
    }

    @Test
    void tandemsHttpAndEventsBlocks() {
        assertEquals(List.of(
                "error: /Dhcp4/http/control-users/0/user: a user name is not empty and has no colon (HTTP Basic"
                        + " authentication)",
                "error: /Dhcp4/http/listen: expected an address and port like [::]:6315 or 192.0.2.1:6315, got"
                        + " \"::1:6317\": write an IPv6 address in brackets, like [::1]:6315",
                "error: /Dhcp4/events/max-macs: unknown key; expected one of channel",
                "error: /Dhcp4/events/channel: the events channel is on localhost (like [::1]:6316), not"
                        + " 192.0.2.1:6316"),
                errors("{\"http\": {\"listen\": \"::1:6317\", \"control-users\": [{\"user\": \"a:b\","
                        + " \"password\": \"x\"}]}, \"events\": {\"channel\": \"192.0.2.1:6316\", \"max-macs\": 5}}"));
    }

    @Test
    void poolsAndSubnetsThatDoNotFit() {
        assertEquals(List.of(
                "error: /Dhcp4/subnet4/0/pools/0/pool: the pool 192.0.3.1 - 192.0.3.5 is not inside the subnet 192.0.2.0/24",
                "error: /Dhcp4/subnet4/0/pools/2/pool: the pool 192.0.2.15 - 192.0.2.30 overlaps the pool at"
                        + " /Dhcp4/subnet4/0/pools/1",
                "error: /Dhcp4/subnet4/1/subnet: the subnet 192.0.2.128/25 overlaps the subnet 192.0.2.0/24 at /Dhcp4/subnet4/0",
                "error: /Dhcp4/subnet4/1/id: subnet id 1 is already used by the subnet at /Dhcp4/subnet4/0"),
                errors("{\"subnet4\": [{\"id\": 1, \"subnet\": \"192.0.2.0/24\", \"pools\": [{\"pool\": \"192.0.3.1 - 192.0.3.5\"},"
                        + " {\"pool\": \"192.0.2.10 - 192.0.2.20\"}, {\"pool\": \"192.0.2.15 - 192.0.2.30\"}]},"
                        + " {\"id\": 1, \"subnet\": \"192.0.2.128/25\"}]}"));
    }

    @Test
    void reservations() {
        assertEquals(List.of(
                "error: /Dhcp4/subnet4/0/reservations/1/client-id: a reservation has one identifier, not both hw-address"
                        + " and client-id",
                "error: /Dhcp4/subnet4/0/reservations/2: needs an identifier: hw-address or client-id",
                "error: /Dhcp4/subnet4/0/reservations/3/client-id: expected a client identifier like 01:52:54:00:12:34:56"
                        + " (type, then the identifier) or 'text', got \"01\": a client identifier is 2 to 128 bytes, not 1",
                "error: /Dhcp4/subnet4/0/reservations/0/ip-address: 10.0.0.1 is not inside the subnet 192.0.2.0/24",
                "error: /Dhcp4/subnet4/0/reservations/5/hw-address: the same hw-address is already reserved at"
                        + " /Dhcp4/subnet4/0/reservations/4",
                "error: /Dhcp4/subnet4/0/reservations/5/ip-address: 192.0.2.5 is already reserved at"
                        + " /Dhcp4/subnet4/0/reservations/4"),
                errors("{\"subnet4\": [{\"subnet\": \"192.0.2.0/24\", \"reservations\": ["
                        + "{\"hw-address\": \"52:54:00:00:00:01\", \"ip-address\": \"10.0.0.1\"},"
                        + " {\"hw-address\": \"52:54:00:00:00:01\", \"client-id\": \"01:02\"}, {\"hostname\": \"x\"},"
                        + " {\"client-id\": \"01\", \"ip-address\": \"192.0.2.5\"},"
                        + " {\"hw-address\": \"52:54:00:00:00:02\", \"ip-address\": \"192.0.2.5\"},"
                        + " {\"hw-address\": \"52-54-00-00-00-02\", \"ip-address\": \"192.0.2.5\"}]}]}"));
    }

    @Test
    void optionData() {
        assertEquals(List.of(
                "error: /Dhcp4/option-data/0/name: unknown option \"domain-name-server\" in space dhcp4 (did you mean"
                        + " \"domain-name-servers\"?)",
                "error: /Dhcp4/option-data/1/data: expected a uint32 (0 to 4294967295), got \"6x\": \"6x\" is not a number",
                "error: /Dhcp4/option-data/2/data: expected comma-separated IPv4 addresses, got \"192.0.2.1, 2001:db8::1\":"
                        + " not an IPv4 address: 2001:db8::1",
                "error: /Dhcp4/option-data/3/data: expected hex bytes like 0a0b0c, 0a:0b:0c or 0x0a0b0c (or 'text' in"
                        + " single quotes), got \"zz\": not hex digits"),
                errors("{\"option-data\": [{\"name\": \"domain-name-server\", \"data\": \"192.0.2.1\"},"
                        + " {\"name\": \"dhcp-lease-time\", \"data\": \"6x\"},"
                        + " {\"name\": \"routers\", \"data\": \"192.0.2.1, 2001:db8::1\"}, {\"code\": 200, \"data\": \"zz\"}]}"));
    }

    @Test
    void inconsistentValuesAndSharedNetworks() {
        assertEquals(List.of(
                "error: /Dhcp4/renew-timer: renew-timer (2000) must not be greater than rebind-timer (1000)",
                "error: /Dhcp4/min-valid-lifetime: expected min-valid-lifetime (200) <= valid-lifetime (100)"
                        + " <= max-valid-lifetime (100)",
                "error: /Dhcp4/shared-networks/1/name: shared network \"a\" is already defined at /Dhcp4/shared-networks/0",
                "error: /Dhcp4/shared-networks/1/subnet6/0: 2001:db8:1::/48 overlaps 2001:db8:1::/64 at"
                        + " /Dhcp4/shared-networks/0/subnet6/0: an IPv6 link belongs to one shared network",
                "error: /Dhcp4/lease-database/type: expected \"memfile\" or \"postgresql\" (Kea's mysql and cql are not"
                        + " supported by Tandem), got \"mysql\": not supported by Tandem",
                "error: /Dhcp4/dhcp4o6-port: expected an integer from 0 to 65534, got the number 65535"),
                errors("{\"renew-timer\": 2000, \"rebind-timer\": 1000, \"valid-lifetime\": 100, \"min-valid-lifetime\": 200,"
                        + " \"dhcp4o6-port\": 65535, \"lease-database\": {\"type\": \"mysql\"}, \"shared-networks\": ["
                        + "{\"name\": \"a\", \"subnet6\": [\"2001:db8:1::/64\"]},"
                        + " {\"name\": \"a\", \"subnet6\": [\"2001:db8:1::/48\"]}]}"));
    }

    @Test
    void bootFieldsAndIdentifiers() {
        assertEquals(List.of(
                "error: /Dhcp4/subnet4/0/boot-file-name: at most 127 bytes fit in the file field, not 130",
                "error: /Dhcp4/host-reservation-identifiers/1: unknown identifier \"mac\"; expected hw-address or client-id"
                        + " (or Kea's duid, circuit-id, flex-id, which are ignored)"),
                errors("{\"host-reservation-identifiers\": [\"hw-address\", \"mac\"], \"subnet4\": [{\"subnet\":"
                        + " \"192.0.2.0/24\", \"boot-file-name\": \"" + "x".repeat(130) + "\"}]}"));
    }

    @Test
    void aReservationKeyedOnlyByAnIdentifierDhcp4o6dLacksIsAnError() {
        assertEquals(List.of(
                "error: /Dhcp4/subnet4/0/reservations/1/circuit-id: Tandem does not implement Kea's identifier"
                        + " \"circuit-id\", so this reservation would match nobody; it needs hw-address or client-id"),
                errors("{\"subnet4\": [{\"subnet\": \"192.0.2.0/24\", \"reservations\": ["
                        + "{\"hw-address\": \"52:54:00:12:34:56\", \"duid\": \"01:02:03\", \"ip-address\": \"192.0.2.10\"},"
                        + " {\"circuit-id\": \"01:11:22\", \"ip-address\": \"192.0.2.11\"}]}]}"));
    }

    @Test
    void aReservationsFileSaysWhichLine() throws IOException {
        Files.writeString(directory.resolve("hosts4.csv"), """
                subnet-id,hw-address,ip-address,routers
                1,52:54:00:00:00:01,192.0.2.50,192.0.2.1
                1,52:54:00:00:00:02,10.0.0.1,
                7,52:54:00:00:00:03,,
                ,zz,,
                """);
        assertEquals(List.of(
                "error: hosts4.csv:5/hw-address: expected a hardware address like 52:54:00:12:34:56, 52-54-00-12-34-56,"
                        + " 5254.0012.3456 or 525400123456, got \"zz\": not hex digits",
                "error: hosts4.csv:4/subnet-id: no subnet has id 7",
                "error: hosts4.csv:3/ip-address: 10.0.0.1 is not inside the subnet 192.0.2.0/24"),
                errors("{\"reservations-file\": \"hosts4.csv\", \"subnet4\": [{\"id\": 1, \"subnet\": \"192.0.2.0/24\"}]}"));
    }
}
