package io.tandem.common.config;

import static io.tandem.common.config.OptionDataLayout.DataType.*;
import static io.tandem.common.config.OptionDataLayout.array;
import static io.tandem.common.config.OptionDataLayout.record;
import static io.tandem.common.config.OptionDataLayout.single;

import io.tandem.common.wire.OptionDefinition;
import io.tandem.common.wire.OptionSpace;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Option6Format;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where DHCPv6 {@code option-data} finds how to read an option's CSV data. Wherever Kea 2.2 has
 * the option, its definition (Kea's {@code src/lib/dhcp/std_option_defs.h} and
 * {@code docsis3_option_defs.h}), so that a Kea configuration means the same bytes in Tandem;
 * for an option only Tandem's registry {@link Dhcp6Options} knows ({@code ntp-server} and its
 * sub-options), a layout derived from the registry's format.
 */
final class OptionDataLayouts6 {
    static final String DHCP6 = "dhcp6";
    static final String NTP_SUBOPTIONS = Dhcp6Options.NTP.name();
    static final String VENDOR_PREFIX = "vendor-";
    private static final Pattern VENDOR_SPACE = Pattern.compile("vendor-(\\d{1,10})");
    private static final String MAPE = "s46-cont-mape-options";
    private static final String MAPT = "s46-cont-mapt-options";
    private static final String LW = "s46-cont-lw-options";
    private static final String RULE = "s46-rule-options";
    private static final String BIND = "s46-v4v6bind-options";

    private static final List<OptionDataLayout> KEA_2_2 = List.of(
            single(DHCP6, "clientid", 1, BINARY),
            single(DHCP6, "serverid", 2, BINARY),
            record(DHCP6, "ia-na", 3, UINT32, UINT32, UINT32),
            single(DHCP6, "ia-ta", 4, UINT32),
            record(DHCP6, "iaaddr", 5, IPV6_ADDRESS, UINT32, UINT32),
            array(DHCP6, "oro", 6, UINT16),
            single(DHCP6, "preference", 7, UINT8),
            single(DHCP6, "elapsed-time", 8, UINT16),
            single(DHCP6, "relay-msg", 9, BINARY),
            single(DHCP6, "auth", 11, BINARY),
            single(DHCP6, "unicast", 12, IPV6_ADDRESS),
            record(DHCP6, "status-code", 13, UINT16, STRING),
            single(DHCP6, "rapid-commit", 14, EMPTY),
            single(DHCP6, "user-class", 15, BINARY),
            record(DHCP6, "vendor-class", 16, UINT32, BINARY),
            single(DHCP6, "vendor-opts", 17, UINT32),
            single(DHCP6, "interface-id", 18, BINARY),
            single(DHCP6, "reconf-msg", 19, UINT8),
            single(DHCP6, "reconf-accept", 20, EMPTY),
            array(DHCP6, "sip-server-dns", 21, FQDN),
            array(DHCP6, "sip-server-addr", 22, IPV6_ADDRESS),
            array(DHCP6, "dns-servers", 23, IPV6_ADDRESS),
            array(DHCP6, "domain-search", 24, FQDN),
            record(DHCP6, "ia-pd", 25, UINT32, UINT32, UINT32),
            record(DHCP6, "iaprefix", 26, UINT32, UINT32, UINT8, IPV6_ADDRESS),
            array(DHCP6, "nis-servers", 27, IPV6_ADDRESS),
            array(DHCP6, "nisp-servers", 28, IPV6_ADDRESS),
            array(DHCP6, "nis-domain-name", 29, FQDN),
            array(DHCP6, "nisp-domain-name", 30, FQDN),
            array(DHCP6, "sntp-servers", 31, IPV6_ADDRESS),
            single(DHCP6, "information-refresh-time", 32, UINT32),
            array(DHCP6, "bcmcs-server-dns", 33, FQDN),
            array(DHCP6, "bcmcs-server-addr", 34, IPV6_ADDRESS),
            record(DHCP6, "geoconf-civic", 36, UINT8, UINT16, BINARY),
            record(DHCP6, "remote-id", 37, UINT32, BINARY),
            single(DHCP6, "subscriber-id", 38, BINARY),
            record(DHCP6, "client-fqdn", 39, UINT8, FQDN),
            array(DHCP6, "pana-agent", 40, IPV6_ADDRESS),
            single(DHCP6, "new-posix-timezone", 41, STRING),
            single(DHCP6, "new-tzdb-timezone", 42, STRING),
            array(DHCP6, "ero", 43, UINT16),
            record(DHCP6, "lq-query", 44, UINT8, IPV6_ADDRESS),
            single(DHCP6, "client-data", 45, EMPTY),
            single(DHCP6, "clt-time", 46, UINT32),
            record(DHCP6, "lq-relay-data", 47, IPV6_ADDRESS, BINARY),
            array(DHCP6, "lq-client-link", 48, IPV6_ADDRESS),
            single(DHCP6, "v6-lost", 51, FQDN),
            array(DHCP6, "capwap-ac-v6", 52, IPV6_ADDRESS),
            single(DHCP6, "relay-id", 53, BINARY),
            single(DHCP6, "v6-access-domain", 57, FQDN),
            array(DHCP6, "sip-ua-cs-list", 58, FQDN),
            single(DHCP6, "bootfile-url", 59, STRING),
            array(DHCP6, "bootfile-param", 60, TUPLE),
            array(DHCP6, "client-arch-type", 61, UINT16),
            record(DHCP6, "nii", 62, UINT8, UINT8, UINT8),
            single(DHCP6, "aftr-name", 64, FQDN),
            single(DHCP6, "erp-local-domain-name", 65, FQDN),
            single(DHCP6, "rsoo", 66, EMPTY),
            single(DHCP6, "pd-exclude", 67, IPV6_PREFIX),
            record(DHCP6, "rdnss-selection", 74, IPV6_ADDRESS, UINT8, FQDN).repeated(),
            single(DHCP6, "client-linklayer-addr", 79, BINARY),
            single(DHCP6, "link-address", 80, IPV6_ADDRESS),
            single(DHCP6, "solmax-rt", 82, UINT32),
            single(DHCP6, "inf-max-rt", 83, UINT32),
            single(DHCP6, "dhcpv4-message", 87, BINARY),
            array(DHCP6, "dhcp4o6-server-addr", 88, IPV6_ADDRESS),
            single(DHCP6, "s46-cont-mape", 94, EMPTY).encapsulating(MAPE),
            single(DHCP6, "s46-cont-mapt", 95, EMPTY).encapsulating(MAPT),
            single(DHCP6, "s46-cont-lw", 96, EMPTY).encapsulating(LW),
            single(DHCP6, "v6-captive-portal", 103, STRING),
            single(DHCP6, "relay-source-port", 135, UINT16),
            array(DHCP6, "ipv6-address-andsf", 143, IPV6_ADDRESS),

            single(MAPE, "s46-br", 90, IPV6_ADDRESS),
            record(MAPE, "s46-rule", 89, UINT8, UINT8, UINT8, IPV4_ADDRESS, IPV6_PREFIX).encapsulating(RULE),
            record(MAPT, "s46-rule", 89, UINT8, UINT8, UINT8, IPV4_ADDRESS, IPV6_PREFIX).encapsulating(RULE),
            single(MAPT, "s46-dmr", 91, IPV6_PREFIX),
            single(LW, "s46-br", 90, IPV6_ADDRESS),
            record(LW, "s46-v4v6bind", 92, IPV4_ADDRESS, IPV6_PREFIX).encapsulating(BIND),
            record(RULE, "s46-portparams", 93, UINT8, PSID),
            record(BIND, "s46-portparams", 93, UINT8, PSID),

            single("vendor-2495", "4o6-interface", 60000, STRING),
            single("vendor-2495", "4o6-source-address", 60001, IPV6_ADDRESS),
            single("vendor-2495", "4o6-source-port", 60002, UINT16),

            array("vendor-4491", "oro", 1, UINT16),
            single("vendor-4491", "device-type", 2, STRING),
            single("vendor-4491", "vendor-type", 10, STRING),
            array("vendor-4491", "tftp-servers", 32, IPV6_ADDRESS),
            single("vendor-4491", "config-file", 33, STRING),
            array("vendor-4491", "syslog-servers", 34, IPV6_ADDRESS),
            single("vendor-4491", "device-id", 36, BINARY),
            array("vendor-4491", "time-servers", 37, IPV6_ADDRESS),
            single("vendor-4491", "time-offset", 38, INT32),
            single("vendor-4491", "cmts-cm-mac", 1026, BINARY));

    private static final Map<String, Map<String, OptionDataLayout>> BY_NAME = new HashMap<>();
    private static final Map<String, Map<Integer, OptionDataLayout>> BY_CODE = new HashMap<>();

    static {
        KEA_2_2.forEach(OptionDataLayouts6::add);
        addRegistryOnly(DHCP6, Dhcp6Options.DHCP6);
        addRegistryOnly(NTP_SUBOPTIONS, Dhcp6Options.NTP);
    }

    private OptionDataLayouts6() {
    }

    private static void add(OptionDataLayout layout) {
        BY_NAME.computeIfAbsent(layout.space(), space -> new HashMap<>()).put(layout.name(), layout);
        BY_CODE.computeIfAbsent(layout.space(), space -> new HashMap<>()).put(layout.code(), layout);
    }

    private static void addRegistryOnly(String space, OptionSpace<Option6Format> registry) {
        for (OptionDefinition<Option6Format> definition : registry.definitions()) {
            if (byCode(space, definition.code()).isEmpty()) {
                add(fromFormat(space, definition));
            }
        }
    }

    /** The CSV form that follows from a registry format, for options Kea 2.2 does not define. */
    private static OptionDataLayout fromFormat(String space, OptionDefinition<Option6Format> definition) {
        String name = definition.name();
        int code = definition.code();
        return switch (definition.format()) {
            case EMPTY -> single(space, name, code, EMPTY);
            case UINT8 -> single(space, name, code, UINT8);
            case UINT16 -> single(space, name, code, UINT16);
            case UINT32 -> single(space, name, code, UINT32);
            case IPV6_ADDRESS -> single(space, name, code, IPV6_ADDRESS);
            case IPV6_ADDRESS_LIST -> array(space, name, code, IPV6_ADDRESS);
            case DOMAIN_LIST -> array(space, name, code, FQDN);
            case FQDN -> single(space, name, code, FQDN);
            case STRING -> single(space, name, code, STRING);
            case UINT16_LIST -> array(space, name, code, UINT16);
            case LENGTH_PREFIXED_LIST -> array(space, name, code, TUPLE);
            case NTP_SERVER -> array(space, name, code, NTP_SERVERS).encapsulating(NTP_SUBOPTIONS);
            default -> single(space, name, code, BINARY);
        };
    }

    static Optional<OptionDataLayout> byName(String space, String name) {
        return Optional.ofNullable(BY_NAME.getOrDefault(space, Map.of()).get(name));
    }

    static Optional<OptionDataLayout> byCode(String space, int code) {
        return Optional.ofNullable(BY_CODE.getOrDefault(space, Map.of()).get(code));
    }

    /** The names of the options of a space, for suggestions. */
    static List<String> names(String space) {
        return List.copyOf(BY_NAME.getOrDefault(space, Map.of()).keySet());
    }

    /** Whether option-data may name {@code space}: a space above, or {@code vendor-<enterprise>}. */
    static boolean isKnownSpace(String space) {
        return BY_NAME.containsKey(space) || vendorEnterprise(space).isPresent();
    }

    /** The enterprise number of a {@code vendor-<enterprise>} space. */
    static Optional<Long> vendorEnterprise(String space) {
        Matcher matcher = VENDOR_SPACE.matcher(space);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long enterprise = Long.parseLong(matcher.group(1));
        return enterprise <= 0xffffffffL ? Optional.of(enterprise) : Optional.empty();
    }
}
