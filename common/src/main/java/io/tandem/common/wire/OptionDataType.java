package io.tandem.common.wire;

/**
 * The data types of option values, with Kea's names ({@code option_data_types.h}), shared by
 * DHCPv4 and DHCPv6. Each also says how {@code option-data}'s CSV form of it reads, for messages.
 */
public enum OptionDataType {
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
    /** Tandem's type for {@code ntp-server} (RFC 5908), which Kea 2.2 does not define. */
    NTP_SERVERS("ntp-servers", "NTP servers", "NTP servers (IPv6 addresses, multicast groups or domain names)");

    private final String keaName;
    private final String one;
    private final String many;

    OptionDataType(String keaName, String one, String many) {
        this.keaName = keaName;
        this.one = one;
        this.many = many;
    }

    public String keaName() {
        return keaName;
    }

    /** One value of this type in CSV form, completing "expected ...". */
    public String one() {
        return one;
    }

    /** Several values of this type in CSV form, completing "expected comma-separated ...". */
    public String many() {
        return many;
    }
}
