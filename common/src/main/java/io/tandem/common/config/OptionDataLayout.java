package io.tandem.common.config;

import java.util.List;
import java.util.Optional;

/**
 * How Kea's {@code option-data} writes one option in CSV form ({@code csv-format} true): the
 * data type of its value, or of each field of a record, whether the value (or the last field)
 * repeats, and the option space whose options are carried inside it.
 */
record OptionDataLayout(String space, String name, int code, DataType type, boolean array,
                        List<DataType> fields, Optional<String> encapsulatedSpace) {

    /** Kea's option data types ({@code option_data_types.h}) and Tandem's NTP server list. */
    enum DataType {
        EMPTY("empty", "no data", "no data"),
        BINARY("binary", "hex bytes", "hex byte strings"),
        BOOLEAN("boolean", "true or false", "true or false values"),
        INT8("int8", "an int8 (-128 to 127)", "int8 values (-128 to 127)"),
        INT16("int16", "an int16 (-32768 to 32767)", "int16 values (-32768 to 32767)"),
        INT32("int32", "an int32 (-2147483648 to 2147483647)", "int32 values"),
        UINT8("uint8", "a uint8 (0 to 255)", "uint8 values (0 to 255)"),
        UINT16("uint16", "a uint16 (0 to 65535)", "uint16 values (0 to 65535)"),
        UINT32("uint32", "a uint32 (0 to 4294967295)", "uint32 values (0 to 4294967295)"),
        IPV4_ADDRESS("ipv4-address", "an IPv4 address", "IPv4 addresses"),
        IPV6_ADDRESS("ipv6-address", "an IPv6 address", "IPv6 addresses"),
        IPV6_PREFIX("ipv6-prefix", "an IPv6 prefix like 2001:db8::/48", "IPv6 prefixes"),
        PSID("psid", "a PSID and its length like 3/4", "PSIDs"),
        STRING("string", "a non-empty string", "strings"),
        FQDN("fqdn", "a domain name", "domain names"),
        TUPLE("tuple", "a string", "strings"),
        RECORD("record", "a record", "records"),
        /** Tandem's CSV form of {@code ntp-server} (RFC 5908), which Kea 2.2 does not define. */
        NTP_SERVERS("ntp-servers", "NTP servers", "NTP servers (IPv6 addresses, multicast groups or domain names)");

        private final String keaName;
        private final String one;
        private final String many;

        DataType(String keaName, String one, String many) {
            this.keaName = keaName;
            this.one = one;
            this.many = many;
        }

        String keaName() {
            return keaName;
        }

        String one() {
            return one;
        }

        String many() {
            return many;
        }
    }

    OptionDataLayout {
        fields = List.copyOf(fields);
    }

    static OptionDataLayout single(String space, String name, int code, DataType type) {
        return new OptionDataLayout(space, name, code, type, false, List.of(), Optional.empty());
    }

    static OptionDataLayout array(String space, String name, int code, DataType type) {
        return new OptionDataLayout(space, name, code, type, true, List.of(), Optional.empty());
    }

    static OptionDataLayout record(String space, String name, int code, DataType... fields) {
        return new OptionDataLayout(space, name, code, DataType.RECORD, false, List.of(fields), Optional.empty());
    }

    OptionDataLayout encapsulating(String encapsulated) {
        return new OptionDataLayout(space, name, code, type, array, fields, Optional.of(encapsulated));
    }

    OptionDataLayout repeated() {
        return new OptionDataLayout(space, name, code, type, true, fields, encapsulatedSpace);
    }

    /** What the CSV data should look like, completing "expected ...". */
    String expectation() {
        if (type == DataType.RECORD) {
            return "comma-separated values: " + String.join(", ", fields.stream().map(DataType::keaName).toList())
                    + (array ? ", ..." : "");
        }
        if (type == DataType.NTP_SERVERS) {
            return "comma-separated " + type.many();
        }
        return array ? "comma-separated " + type.many() : type.one();
    }
}
