package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.DomainName;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DHCPv6 {@code option-data}: Kea's CSV forms, hex, vendor and sub-option spaces and the errors, each at its pointer. */
class OptionDataCompilerDhcp6Test {
    private final OptionDataTester<Option6> data = new OptionDataTester<>(OptionDataCompiler.dhcp6(null), "/Dhcp6");

    @Test
    void addressLists() throws ConfigException {
        assertEquals(new Option6.AddressList(23, List.of(Addresses.parse6("2001:db8:2::45"), Addresses.parse6("2001:db8:2::100"))),
                data.option("{\"name\": \"dns-servers\", \"data\": \"2001:db8:2::45, 2001:db8:2::100\"}"));
        assertEquals(new Option6.AddressList(31, List.of(Addresses.parse6("2001:db8::123"))),
                data.option("{\"name\": \"sntp-servers\", \"data\": \"2001:db8::123\"}"));
        assertEquals(new Option6.AddressList(88, List.of(Addresses.parse6("2001:db8:1:1::1"))),
                data.option("{\"name\": \"dhcp4o6-server-addr\", \"code\": 88, \"space\": \"dhcp6\", \"csv-format\": true,"
                        + " \"data\": \"2001:db8:1:1::1\"}"));
        assertEquals(new Option6.AddressList(23, List.of()), data.option("{\"name\": \"dns-servers\", \"data\": \"\"}"));
    }

    @Test
    void domainSearchList() throws ConfigException {
        assertEquals(new Option6.DomainList(24, List.of(DomainName.parse("example.com"), DomainName.parse("lab.example.org"))),
                data.option("{\"name\": \"domain-search\", \"data\": \"example.com, lab.example.org.\"}"));
    }

    @Test
    void numbersInDecimalOrHex() throws ConfigException {
        assertEquals(new Option6.Uint8(7, 0xf0), data.option("{\"name\": \"preference\", \"data\": \"0xf0\"}"));
        assertEquals(new Option6.Uint8(7, 0xf0), data.option("{\"name\": \"preference\", \"data\": \"f0\"}"));
        assertEquals(new Option6.Uint8(7, 10), data.option("{\"name\": \"preference\", \"data\": \"10\"}"));
        assertEquals(new Option6.Uint32(32, 86400), data.option("{\"name\": \"information-refresh-time\", \"data\": \"86400\"}"));
        assertEquals(new Option6.Uint32(82, 3600), data.option("{\"name\": \"solmax-rt\", \"data\": \"3600\"}"));
        assertEquals(new Option6.Uint32(82, 3600), data.option("{\"code\": 82, \"data\": \"3600\"}"));
    }

    @Test
    void stringsAreTheWholeFirstValue() throws ConfigException {
        assertEquals(Option6.Text.of(59, "http://[2001:db8::1]/ipxe.efi?a=1"),
                data.option("{\"name\": \"bootfile-url\", \"data\": \"http://[2001:db8::1]/ipxe.efi?a=1\"}"));
        assertEquals(new Option6.Raw(41, Bytes.utf8("EST5EDT4,M3.2.0/02:00,M11.1.0/02:00")),
                data.option("{\"name\": \"new-posix-timezone\", \"data\": \"EST5EDT4\\\\,M3.2.0/02:00\\\\,M11.1.0/02:00\"}"));
    }

    @Test
    void anUnescapedCommaInAStringIsAWarning() throws ConfigException {
        List<ConfiguredOption<Option6>> options = data.compile("[{\"name\": \"bootfile-url\", \"data\": \"http://x/a,b\"}]");
        assertEquals(Option6.Text.of(59, "http://x/a"), options.get(0).option());
        assertEquals(List.of("warning: /Dhcp6/option-data/0/data: only the first value of the data is used, as in Kea;"
                + " 1 more ignored (write \\\\, in JSON for a comma inside a value)"), data.warnings());
    }

    @Test
    void listsAndTuples() throws ConfigException {
        assertEquals(new Option6.Uint16List(61, List.of(7, 16)), data.option("{\"name\": \"client-arch-type\", \"data\": \"7, 16\"}"));
        assertEquals(new Option6.LengthPrefixedList(60, List.of(Bytes.utf8("root=/dev/sda2"), Bytes.utf8("quiet"))),
                data.option("{\"name\": \"bootfile-param\", \"data\": \"root=/dev/sda2, quiet\"}"));
        // Kea 2.2 defines user-class as binary: its CSV data is the option body in hex.
        assertEquals(new Option6.LengthPrefixedList(15, List.of(Bytes.utf8("iPXE"))),
                data.option("{\"name\": \"user-class\", \"data\": \"000469505845\"}"));
    }

    @Test
    void records() throws ConfigException {
        assertEquals(new Option6.VendorClass(343, List.of(Bytes.utf8("HTTPClient"))),
                data.option("{\"name\": \"vendor-class\", \"data\": \"343, 000a48545450436c69656e74\"}"));
        assertEquals(new Option6.RemoteId(3561, Bytes.fromHex("0102")), data.option("{\"name\": \"remote-id\", \"data\": \"3561, 0102\"}"));
        assertEquals(new Option6.Nii(1, 3, 0), data.option("{\"name\": \"nii\", \"data\": \"1, 3, 0\"}"));
    }

    @Test
    void ntpServerInTandemsCsvForm() throws ConfigException {
        Option6 option = data.option("{\"name\": \"ntp-server\", \"data\": \"2001:db8::123, ff05::101, ntp.example.org\"}");
        assertEquals(new Option6.NtpServer(Options6.of(
                new Option6.Address(Dhcp6Options.NTP_SERVER_ADDRESS, Addresses.parse6("2001:db8::123")),
                new Option6.Address(Dhcp6Options.NTP_SERVER_MULTICAST, Addresses.parse6("ff05::101")),
                new Option6.Domain(Dhcp6Options.NTP_SERVER_FQDN, DomainName.parse("ntp.example.org")))), option);
    }

    @Test
    void ntpServerSubOptionsInTheirSpaceAsNewerKeaWritesThem() throws ConfigException {
        List<ConfiguredOption<Option6>> options = data.compile("""
                [{"name": "ntp-server", "always-send": true},
                 {"space": "v6-ntp-server-suboptions", "name": "ntp-server-address", "data": "2001:db8::123"}]""");
        assertEquals(List.of(), data.errors());
        assertEquals(List.of(new ConfiguredOption<>(new Option6.NtpServer(Options6.of(
                new Option6.Address(1, Addresses.parse6("2001:db8::123")))), true, false)), options);
    }

    @Test
    void vendorSubOptionsGoInsideTheirVendorOption() throws ConfigException {
        List<ConfiguredOption<Option6>> options = data.compile("""
                [{"name": "vendor-opts", "data": "4491"},
                 {"name": "tftp-servers", "space": "vendor-4491", "data": "3000:1::234"},
                 {"code": 7, "space": "vendor-9999", "data": "0a0b"}]""");
        assertEquals(List.of(), data.errors());
        assertEquals(List.of(
                new Option6.VendorOptions(4491, Options6.of(new Option6.Raw(32, Bytes.of(Addresses.parse6("3000:1::234").getAddress())))),
                new Option6.VendorOptions(9999, Options6.of(new Option6.Raw(7, Bytes.fromHex("0a0b"))))),
                options.stream().map(ConfiguredOption::option).toList());
    }

    @Test
    void hexWithCsvFormatFalseOrForUnknownCodes() throws ConfigException {
        Option6 sntp = new Option6.AddressList(31, List.of(Addresses.parse6("2001:db8::1")));
        assertEquals(sntp, data.option("{\"name\": \"sntp-servers\", \"csv-format\": false, \"data\": \"20010db8000000000000000000000001\"}"));
        assertEquals(sntp, data.option("{\"name\": \"sntp-servers\", \"csv-format\": false,"
                + " \"data\": \"20:01:0d:b8:00:00:00:00:00:00:00:00:00:00:00:01\"}"));
        assertEquals(sntp, data.option("{\"code\": 31, \"csv-format\": false,"
                + " \"data\": \"20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01\"}"));
        assertEquals(sntp, data.option("{\"code\": 31, \"csv-format\": false, \"data\": \"0x20010db8000000000000000000000001\"}"));
        assertEquals(new Option6.Raw(38, Bytes.fromHex("abcdef0105")),
                data.option("{\"name\": \"subscriber-id\", \"data\": \"ABCDEF0105\", \"csv-format\": false}"));
        assertEquals(new Option6.Raw(65000, Bytes.fromHex("0102")), data.option("{\"code\": 65000, \"data\": \"0x0102\"}"));
        assertEquals(new Option6.Raw(65000, Bytes.utf8("text")), data.option("{\"code\": 65000, \"data\": \"'text'\"}"));
    }

    @Test
    void oddHexIsReadAsKeaDoesButWarned() throws ConfigException {
        List<ConfiguredOption<Option6>> options = data.compile("[{\"code\": 65000, \"csv-format\": false, \"data\": \"abc\"}]");
        assertEquals(new Option6.Raw(65000, Bytes.fromHex("0abc")), options.get(0).option());
        assertEquals(List.of("warning: /Dhcp6/option-data/0/data: odd number of hex digits, read with a leading 0 as Kea does"),
                data.warnings());
    }

    @Test
    void sendFlags() throws ConfigException {
        List<ConfiguredOption<Option6>> options = data.compile("""
                [{"name": "dns-servers", "data": "2001:db8::1", "always-send": true},
                 {"name": "domain-search", "never-send": true},
                 {"name": "preference", "data": "1", "always-send": true, "never-send": true}]""");
        assertEquals(List.of(), data.errors());
        assertTrue(options.get(0).alwaysSend());
        assertEquals(new ConfiguredOption<>(new Option6.Raw(24, Bytes.EMPTY), false, true), options.get(1));
        assertFalse(options.get(2).alwaysSend(), "never-send wins over always-send, as in Kea");
        assertTrue(options.get(2).neverSend());
    }

    @Test
    void errorsPointAtTheKeyAtFault() throws ConfigException {
        List<ConfiguredOption<Option6>> options = data.compile("""
                [{"name": "dns-server", "data": "2001:db8::1"},
                 {"name": "dns-servers", "data": "2001:db8::1, 2001:db8::zz"},
                 {"name": "dns-servers", "csv-format": false, "data": "20010db8"},
                 {"name": "preference", "data": "256"},
                 {"name": "preference", "code": 8, "data": "1"},
                 {"code": 65000, "csv-format": true, "data": "1"},
                 {"name": "status-code", "data": "0102"},
                 {"data": "1"},
                 {"name": "bootfile-url"},
                 {"name": "sntp-servers", "csv-format": false, "data": "01:0203"},
                 {"name": "dns-servers", "space": "isc", "data": "2001:db8::1"},
                 {"name": "dns-servers", "data": "2001:db8::1", "always_send": true}]""");
        assertEquals(1, options.size(), "an entry with an unknown key still compiles; the configuration fails anyway");
        assertEquals(List.of(
                "error: /Dhcp6/option-data/0/name: unknown option \"dns-server\" in space dhcp6 (did you mean \"dns-servers\"?)",
                "error: /Dhcp6/option-data/1/data: expected comma-separated IPv6 addresses, got"
                        + " \"2001:db8::1, 2001:db8::zz\": \"2001:db8::zz\" is not an IPv6 address",
                "error: /Dhcp6/option-data/3/data: expected a uint8 (0 to 255), got \"256\": 256 is not from 0 to 255",
                "error: /Dhcp6/option-data/4/code: option preference has code 7, not 8",
                "error: /Dhcp6/option-data/5/csv-format: neither Kea nor Tandem defines option 65000 in space dhcp6,"
                        + " so its data must be hex: set csv-format to false or leave it out",
                "error: /Dhcp6/option-data/6/data: expected comma-separated values: uint16, string, got \"0102\":"
                        + " 2 values needed, 1 given",
                "error: /Dhcp6/option-data/7: needs a name or a code",
                "error: /Dhcp6/option-data/8/data: missing; expected a non-empty string",
                "error: /Dhcp6/option-data/9/data: expected hex bytes like 0a0b0c, 0a:0b:0c or 0x0a0b0c (or 'text' in"
                        + " single quotes), got \"01:0203\": \"0203\" is not one or two hex digits",
                "error: /Dhcp6/option-data/10/space: unknown option space \"isc\"; expected dhcp6,"
                        + " v6-ntp-server-suboptions, vendor-<enterprise number> or one of Kea's s46 spaces",
                "error: /Dhcp6/option-data/11/always_send: unknown key (did you mean \"always-send\"?); expected one of"
                        + " always-send, code, csv-format, data, name, never-send, space",
                // The codec's check comes once every entry is read.
                "error: /Dhcp6/option-data/2/data: does not make a valid dns-servers option:"
                        + " dns-servers (23): length 4 is not a multiple of 16"), data.errors());
    }

    @Test
    void anOptionTheServerBuildsIsCheckedThenIgnoredWithAWarning() throws ConfigException {
        List<ConfiguredOption<Option6>> options = data.compile("""
                [{"name": "rapid-commit"}, {"name": "interface-id", "data": "0a0b"}]""");
        assertEquals(List.of(), options, "never sent");
        assertEquals(List.of(), data.errors(), "Kea 2.2 accepts them");
        assertEquals(List.of(
                "warning: /Dhcp6/option-data/0/name: rapid-commit (code 14) is built by the server for each message;"
                        + " this option-data is never sent, ignored",
                "warning: /Dhcp6/option-data/1/name: interface-id (code 18) is built by the server for each message;"
                        + " this option-data is never sent, ignored"), data.warnings());
    }

    @Test
    void optionsOfKeasOptionDefAreSkippedWithAWarning() throws ConfigException {
        OptionDataCompiler<Option6> compiler = OptionDataCompiler.dhcp6(
                ConfigJson.read("[{\"name\": \"foo\", \"code\": 100, \"type\": \"ipv6-address\", \"space\": \"isc\"},"
                        + " {\"name\": \"bar\", \"code\": 65001, \"type\": \"string\"}]", ""));
        List<ConfiguredOption<Option6>> options = data.compile(compiler, """
                [{"name": "foo", "space": "isc", "data": "2001:db8::1"},
                 {"code": 65001, "data": "a string, not hex"}]""");
        assertEquals(List.of(), options);
        assertEquals(List.of(), data.errors());
        assertEquals(List.of(
                "warning: /Dhcp6/option-data/0: option \"foo\" in space isc is defined by Kea's option-def,"
                        + " which Tandem does not implement; ignored",
                "warning: /Dhcp6/option-data/1: option 65001 in space dhcp6 is defined by Kea's option-def,"
                        + " which Tandem does not implement; ignored"), data.warnings());
    }

    @Test
    void mapeContainersCarryTheirRulesAndPortParameters() throws ConfigException {
        List<ConfiguredOption<Option6>> options = data.compile("""
                [{"name": "s46-cont-mape"},
                 {"space": "s46-cont-mape-options", "name": "s46-rule", "data": "1, 0, 24, 192.0.2.0, 2001:db8::/32"},
                 {"space": "s46-rule-options", "name": "s46-portparams", "data": "0, 3/4"}]""");
        assertEquals(List.of(), data.errors());
        Option6.Raw container = assertInstanceOf(Option6.Raw.class, options.get(0).option());
        assertEquals(94, container.code());
        assertEquals(Bytes.fromHex("0059 0014 01 00 18 c0000200 20 20010db8" + "005d 0004 00 04 3000"), container.data());
    }
}
