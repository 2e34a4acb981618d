package io.tandem.common.config;

import static io.tandem.common.config.OptionDataLayout.DataType.*;
import static io.tandem.common.config.OptionDataLayout.array;
import static io.tandem.common.config.OptionDataLayout.record;
import static io.tandem.common.config.OptionDataLayout.single;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where DHCPv4 {@code option-data} finds how to read an option's CSV data: Kea 2.2's own
 * definitions (its {@code src/lib/dhcp/std_option_defs.h}, {@code STANDARD_V4_OPTION_DEFINITIONS}
 * and the last-resort {@code vendor-encapsulated-options}, and {@code docsis3_option_defs.h} for
 * {@code vendor-4491}), so that a Kea configuration means the same bytes in Tandem. Every option
 * of Tandem's DHCPv4 registry is among them.
 */
final class OptionDataLayouts4 {
    static final String DHCP4 = "dhcp4";
    static final String VENDOR_PREFIX = "vendor-";
    /** The space of the sub-options carried in option 43 (RFC 2132 §8.4). */
    static final String VENDOR_ENCAPSULATED = "vendor-encapsulated-options-space";
    private static final Pattern VENDOR_SPACE = Pattern.compile("vendor-(\\d{1,10})");

    private static final List<OptionDataLayout> KEA_2_2 = List.of(
            single(DHCP4, "subnet-mask", 1, IPV4_ADDRESS),
            single(DHCP4, "time-offset", 2, INT32),
            array(DHCP4, "routers", 3, IPV4_ADDRESS),
            array(DHCP4, "time-servers", 4, IPV4_ADDRESS),
            array(DHCP4, "name-servers", 5, IPV4_ADDRESS),
            array(DHCP4, "domain-name-servers", 6, IPV4_ADDRESS),
            array(DHCP4, "log-servers", 7, IPV4_ADDRESS),
            array(DHCP4, "cookie-servers", 8, IPV4_ADDRESS),
            array(DHCP4, "lpr-servers", 9, IPV4_ADDRESS),
            array(DHCP4, "impress-servers", 10, IPV4_ADDRESS),
            array(DHCP4, "resource-location-servers", 11, IPV4_ADDRESS),
            single(DHCP4, "host-name", 12, STRING),
            single(DHCP4, "boot-size", 13, UINT16),
            single(DHCP4, "merit-dump", 14, STRING),
            single(DHCP4, "domain-name", 15, STRING),
            single(DHCP4, "swap-server", 16, IPV4_ADDRESS),
            single(DHCP4, "root-path", 17, STRING),
            single(DHCP4, "extensions-path", 18, STRING),
            single(DHCP4, "ip-forwarding", 19, BOOLEAN),
            single(DHCP4, "non-local-source-routing", 20, BOOLEAN),
            array(DHCP4, "policy-filter", 21, IPV4_ADDRESS),
            single(DHCP4, "max-dgram-reassembly", 22, UINT16),
            single(DHCP4, "default-ip-ttl", 23, UINT8),
            single(DHCP4, "path-mtu-aging-timeout", 24, UINT32),
            array(DHCP4, "path-mtu-plateau-table", 25, UINT16),
            single(DHCP4, "interface-mtu", 26, UINT16),
            single(DHCP4, "all-subnets-local", 27, BOOLEAN),
            single(DHCP4, "broadcast-address", 28, IPV4_ADDRESS),
            single(DHCP4, "perform-mask-discovery", 29, BOOLEAN),
            single(DHCP4, "mask-supplier", 30, BOOLEAN),
            single(DHCP4, "router-discovery", 31, BOOLEAN),
            single(DHCP4, "router-solicitation-address", 32, IPV4_ADDRESS),
            array(DHCP4, "static-routes", 33, IPV4_ADDRESS),
            single(DHCP4, "trailer-encapsulation", 34, BOOLEAN),
            single(DHCP4, "arp-cache-timeout", 35, UINT32),
            single(DHCP4, "ieee802-3-encapsulation", 36, BOOLEAN),
            single(DHCP4, "default-tcp-ttl", 37, UINT8),
            single(DHCP4, "tcp-keepalive-interval", 38, UINT32),
            single(DHCP4, "tcp-keepalive-garbage", 39, BOOLEAN),
            single(DHCP4, "nis-domain", 40, STRING),
            array(DHCP4, "nis-servers", 41, IPV4_ADDRESS),
            array(DHCP4, "ntp-servers", 42, IPV4_ADDRESS),
            single(DHCP4, "vendor-encapsulated-options", 43, EMPTY).encapsulating(VENDOR_ENCAPSULATED),
            array(DHCP4, "netbios-name-servers", 44, IPV4_ADDRESS),
            array(DHCP4, "netbios-dd-server", 45, IPV4_ADDRESS),
            single(DHCP4, "netbios-node-type", 46, UINT8),
            single(DHCP4, "netbios-scope", 47, STRING),
            array(DHCP4, "font-servers", 48, IPV4_ADDRESS),
            array(DHCP4, "x-display-manager", 49, IPV4_ADDRESS),
            single(DHCP4, "dhcp-requested-address", 50, IPV4_ADDRESS),
            single(DHCP4, "dhcp-lease-time", 51, UINT32),
            single(DHCP4, "dhcp-option-overload", 52, UINT8),
            single(DHCP4, "dhcp-message-type", 53, UINT8),
            single(DHCP4, "dhcp-server-identifier", 54, IPV4_ADDRESS),
            array(DHCP4, "dhcp-parameter-request-list", 55, UINT8),
            single(DHCP4, "dhcp-message", 56, STRING),
            single(DHCP4, "dhcp-max-message-size", 57, UINT16),
            single(DHCP4, "dhcp-renewal-time", 58, UINT32),
            single(DHCP4, "dhcp-rebinding-time", 59, UINT32),
            single(DHCP4, "vendor-class-identifier", 60, STRING),
            single(DHCP4, "dhcp-client-identifier", 61, BINARY),
            single(DHCP4, "nwip-domain-name", 62, STRING),
            single(DHCP4, "nwip-suboptions", 63, BINARY),
            single(DHCP4, "nisplus-domain-name", 64, STRING),
            array(DHCP4, "nisplus-servers", 65, IPV4_ADDRESS),
            single(DHCP4, "tftp-server-name", 66, STRING),
            single(DHCP4, "boot-file-name", 67, STRING),
            array(DHCP4, "mobile-ip-home-agent", 68, IPV4_ADDRESS),
            array(DHCP4, "smtp-server", 69, IPV4_ADDRESS),
            array(DHCP4, "pop-server", 70, IPV4_ADDRESS),
            array(DHCP4, "nntp-server", 71, IPV4_ADDRESS),
            array(DHCP4, "www-server", 72, IPV4_ADDRESS),
            array(DHCP4, "finger-server", 73, IPV4_ADDRESS),
            array(DHCP4, "irc-server", 74, IPV4_ADDRESS),
            array(DHCP4, "streettalk-server", 75, IPV4_ADDRESS),
            array(DHCP4, "streettalk-directory-assistance-server", 76, IPV4_ADDRESS),
            single(DHCP4, "user-class", 77, BINARY),
            record(DHCP4, "slp-directory-agent", 78, BOOLEAN, IPV4_ADDRESS).repeated(),
            record(DHCP4, "slp-service-scope", 79, BOOLEAN, STRING),
            record(DHCP4, "fqdn", 81, UINT8, UINT8, UINT8, FQDN),
            single(DHCP4, "dhcp-agent-options", 82, EMPTY),
            array(DHCP4, "nds-servers", 85, IPV4_ADDRESS),
            single(DHCP4, "nds-tree-name", 86, STRING),
            single(DHCP4, "nds-context", 87, STRING),
            array(DHCP4, "bcms-controller-names", 88, FQDN),
            array(DHCP4, "bcms-controller-address", 89, IPV4_ADDRESS),
            single(DHCP4, "authenticate", 90, BINARY),
            single(DHCP4, "client-last-transaction-time", 91, UINT32),
            array(DHCP4, "associated-ip", 92, IPV4_ADDRESS),
            array(DHCP4, "client-system", 93, UINT16),
            record(DHCP4, "client-ndi", 94, UINT8, UINT8, UINT8),
            record(DHCP4, "uuid-guid", 97, UINT8, BINARY),
            single(DHCP4, "uap-servers", 98, STRING),
            single(DHCP4, "geoconf-civic", 99, BINARY),
            single(DHCP4, "pcode", 100, STRING),
            single(DHCP4, "tcode", 101, STRING),
            single(DHCP4, "v6-only-preferred", 108, UINT32),
            array(DHCP4, "netinfo-server-address", 112, IPV4_ADDRESS),
            single(DHCP4, "netinfo-server-tag", 113, STRING),
            single(DHCP4, "v4-captive-portal", 114, STRING),
            single(DHCP4, "auto-config", 116, UINT8),
            array(DHCP4, "name-service-search", 117, UINT16),
            single(DHCP4, "subnet-selection", 118, IPV4_ADDRESS),
            array(DHCP4, "domain-search", 119, FQDN),
            record(DHCP4, "vivco-suboptions", 124, UINT32, BINARY),
            single(DHCP4, "vivso-suboptions", 125, UINT32),
            array(DHCP4, "pana-agent", 136, IPV4_ADDRESS),
            single(DHCP4, "v4-lost", 137, FQDN),
            array(DHCP4, "capwap-ac-v4", 138, IPV4_ADDRESS),
            array(DHCP4, "sip-ua-cs-domains", 141, FQDN),
            record(DHCP4, "rdnss-selection", 146, UINT8, IPV4_ADDRESS, IPV4_ADDRESS, FQDN).repeated(),
            record(DHCP4, "v4-portparams", 159, UINT8, PSID),
            record(DHCP4, "option-6rd", 212, UINT8, UINT8, IPV6_ADDRESS, IPV4_ADDRESS).repeated(),
            single(DHCP4, "v4-access-domain", 213, FQDN),

            array("vendor-4491", "oro", 1, UINT8),
            array("vendor-4491", "tftp-servers", 2, IPV4_ADDRESS));

    private static final Map<String, Map<String, OptionDataLayout>> BY_NAME = new HashMap<>();
    private static final Map<String, Map<Integer, OptionDataLayout>> BY_CODE = new HashMap<>();

    static {
        KEA_2_2.forEach(OptionDataLayouts4::add);
        BY_NAME.computeIfAbsent(VENDOR_ENCAPSULATED, space -> new HashMap<>());
    }

    private OptionDataLayouts4() {
    }

    private static void add(OptionDataLayout layout) {
        BY_NAME.computeIfAbsent(layout.space(), space -> new HashMap<>()).put(layout.name(), layout);
        BY_CODE.computeIfAbsent(layout.space(), space -> new HashMap<>()).put(layout.code(), layout);
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

    /** Whether option-data may name {@code space}: {@code dhcp4}, option 43's space, or {@code vendor-<enterprise>}. */
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
