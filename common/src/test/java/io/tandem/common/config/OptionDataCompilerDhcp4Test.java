package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp4.Dhcp4Options;
import io.tandem.common.wire.dhcp4.Option4;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DHCPv4 {@code option-data}: Kea's CSV forms, hex, sub-option spaces and the errors, each at its pointer. */
class OptionDataCompilerDhcp4Test {
    private final OptionDataTester<Option4> data = new OptionDataTester<>(OptionDataCompiler.dhcp4(null), "/Dhcp4");

    @Test
    void keasCsvFormsBecomeTheRegistrysTypes() throws ConfigException {
        assertEquals(new Option4.AddressList(Dhcp4Options.DOMAIN_NAME_SERVERS,
                        List.of(Addresses.parse4("192.0.2.1"), Addresses.parse4("192.0.2.2"))),
                data.option("{\"name\": \"domain-name-servers\", \"data\": \"192.0.2.1, 192.0.2.2\"}"));
        assertEquals(Option4.Text.of(Dhcp4Options.DOMAIN_NAME, "example.org"),
                data.option("{\"code\": 15, \"data\": \"example.org\"}"));
        assertEquals(new Option4.Address(Dhcp4Options.SERVER_IDENTIFIER, Addresses.parse4("192.0.2.1")),
                data.option("{\"name\": \"dhcp-server-identifier\", \"data\": \"192.0.2.1\"}"));
        assertEquals(new Option4.Uint16(Dhcp4Options.INTERFACE_MTU, 1400),
                data.option("{\"name\": \"interface-mtu\", \"data\": \"1400\"}"));
        assertEquals(new Option4.Int32(Dhcp4Options.TIME_OFFSET, -3600),
                data.option("{\"name\": \"time-offset\", \"data\": \"-3600\"}"));
        assertEquals(Option4.Text.of(Dhcp4Options.BOOT_FILE_NAME, "EST5EDT4,M3.2.0/02:00,M11.1.0/02:00"),
                data.option("{\"name\": \"boot-file-name\", \"data\": \"EST5EDT4\\\\,M3.2.0/02:00\\\\,M11.1.0/02:00\"}"),
                "Kea's escaped commas, from its multiple-options.json");
    }

    @Test
    void optionsTheRegistryKeepsAsBytes() throws ConfigException {
        assertEquals(new Option4.Raw(Dhcp4Options.DOMAIN_SEARCH,
                        Bytes.fromHex("076578616d706c65036f726700" + "036c6162076578616d706c65036f726700")),
                data.option("{\"name\": \"domain-search\", \"data\": \"example.org, lab.example.org\"}"),
                "RFC 3397 names, uncompressed as Kea writes them");
        assertEquals(new Option4.Raw(23, Bytes.fromHex("f0")), data.option("{\"name\": \"default-ip-ttl\", \"data\": \"0xf0\"}"));
        assertEquals(new Option4.Raw(200, Bytes.fromHex("0102")),
                data.option("{\"code\": 200, \"data\": \"01:02\"}"));
    }

    @Test
    void hexWithCsvFormatFalse() throws ConfigException {
        assertEquals(new Option4.Address(Dhcp4Options.BROADCAST_ADDRESS, Addresses.parse4("255.255.128.0")),
                data.option("{\"name\": \"broadcast-address\", \"csv-format\": false, \"data\": \"ffff8000\"}"));
        assertEquals(new Option4.Text(Dhcp4Options.MESSAGE, Bytes.fromHex("abcdef0105")),
                data.option("{\"name\": \"dhcp-message\", \"csv-format\": false, \"data\": \"ABCDEF0105\"}"),
                "Kea's comments.json");
    }

    @Test
    void alwaysAndNeverSend() throws ConfigException {
        List<ConfiguredOption<Option4>> options = data.compile("[{\"name\": \"vendor-class-identifier\", \"data\": \"isc\","
                + " \"always-send\": true}, {\"name\": \"routers\", \"never-send\": true}]");
        assertTrue(options.get(0).alwaysSend());
        assertTrue(options.get(1).neverSend());
        assertFalse(options.get(1).alwaysSend());
    }

    @Test
    void vendorSpacesAreCarried() throws ConfigException {
        List<ConfiguredOption<Option4>> options = data.compile("[{\"name\": \"tftp-servers\", \"space\": \"vendor-4491\","
                + " \"data\": \"10.1.1.202, 10.1.1.203\"}]");
        assertEquals(List.of(), data.errors());
        assertEquals(new Option4.Raw(Dhcp4Options.VIVSO_SUBOPTIONS, Bytes.fromHex("0000118b" + "0a" + "0208"
                + "0a0101ca0a0101cb")), options.get(0).option(), "a vivso-suboptions option is made for them");
        List<ConfiguredOption<Option4>> encapsulated = data.compile("[{\"name\": \"vendor-encapsulated-options\"},"
                + " {\"code\": 1, \"space\": \"vendor-encapsulated-options-space\", \"data\": \"0a0b\"}]");
        assertEquals(List.of(), data.errors());
        assertEquals(new Option4.Raw(Dhcp4Options.VENDOR_ENCAPSULATED_OPTIONS, Bytes.fromHex("01020a0b")),
                encapsulated.get(0).option());
    }

    @Test
    void errorsAtTheirPointers() throws ConfigException {
        data.compile("[{\"name\": \"routers\", \"data\": \"192.0.2.1, 192.0.2.256\"},"
                + " {\"name\": \"dhcp-message-type\", \"data\": \"1\"},"
                + " {\"name\": \"subnet-mask\", \"csv-format\": false, \"data\": \"ffff\"},"
                + " {\"name\": \"routers\", \"code\": 4, \"data\": \"192.0.2.1\"},"
                + " {\"name\": \"x\", \"space\": \"dhcp6\"},"
                + " {\"name\": \"tftp-servers\", \"space\": \"vendor-4491\", \"data\": \"" + "10.0.0.1, ".repeat(70)
                + "10.0.0.1\"}]");
        assertEquals(List.of(
                "error: /Dhcp4/option-data/0/data: expected comma-separated IPv4 addresses, got"
                        + " \"192.0.2.1, 192.0.2.256\": not an IPv4 address: 192.0.2.256",
                "error: /Dhcp4/option-data/3/code: option routers has code 3, not 4",
                "error: /Dhcp4/option-data/4/space: unknown option space \"dhcp6\"; expected dhcp4,"
                        + " vendor-encapsulated-options-space or vendor-<enterprise number>",
                "error: /Dhcp4/option-data/2/data: does not make a valid subnet-mask option: option 1 (subnet-mask):"
                        + " length 2, expected 4",
                "error: /Dhcp4/option-data/5/data: the sub-option would be 284 bytes; at most 255 fit"),
                data.errors());
        assertEquals(List.of("warning: /Dhcp4/option-data/1/name: dhcp-message-type (code 53) is built by the server"
                + " for each message; this option-data is never sent, ignored"),
                data.problems().warnings().stream().map(ConfigProblem::toString).toList(), "Kea 2.2 accepts it");
    }

    @Test
    void optionsOfKeasOptionDefAreSkippedWithAWarning() throws Exception {
        OptionDataCompiler<Option4> compiler = OptionDataCompiler.dhcp4(ConfigJson.read(
                "[{\"name\": \"foo\", \"code\": 222, \"type\": \"uint8\"}]", ""));
        assertEquals(List.of(), data.compile(compiler, "[{\"name\": \"foo\", \"data\": \"1\"}]"));
        assertEquals(List.of(), data.errors());
        assertTrue(data.problems().warnings().get(0).message().contains("Kea's option-def"), data.problems().warnings().toString());
    }
}
