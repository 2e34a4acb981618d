package io.tandem.common.wire.dhcp4;

import static io.tandem.common.wire.OptionDataType.*;
import static io.tandem.common.wire.OptionDefinition.array;
import static io.tandem.common.wire.OptionDefinition.record;
import static io.tandem.common.wire.OptionDefinition.single;

import io.tandem.common.wire.OptionDataType;
import io.tandem.common.wire.OptionDefinition;
import io.tandem.common.wire.OptionLists;
import io.tandem.common.wire.OptionSpace;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The DHCPv4 option spaces, one row per option: Kea 2.2's definitions ({@code std_option_defs.h},
 * {@code STANDARD_V4_OPTION_DEFINITIONS} and the last-resort {@code vendor-encapsulated-options},
 * and {@code docsis3_option_defs.h} for {@code vendor-4491}), so that a Kea configuration means
 * the same bytes in Tandem. The codec decodes the rows marked decoded strictly into the record
 * their data type calls for, or the special record of the few with a structure of
 * their own (Kea's {@code factorySpecialFormatOption}); any other option is kept as raw bytes.
 * Types Kea gives as records the server never reads (fqdn, domain-search with its RFC 1035
 * compression, the vendor options) are kept as bytes too.
 */
public final class Dhcp4Options {
    private Dhcp4Options() {
    }

    /** RFC 2132 §3.1: a single byte of padding, never an option of a message value. */
    public static final int PAD = 0;
    public static final int SUBNET_MASK = 1;
    public static final int TIME_OFFSET = 2;
    public static final int ROUTERS = 3;
    public static final int TIME_SERVERS = 4;
    public static final int NAME_SERVERS = 5;
    public static final int DOMAIN_NAME_SERVERS = 6;
    public static final int LOG_SERVERS = 7;
    public static final int HOST_NAME = 12;
    public static final int BOOT_SIZE = 13;
    public static final int DOMAIN_NAME = 15;
    public static final int ROOT_PATH = 17;
    public static final int INTERFACE_MTU = 26;
    public static final int BROADCAST_ADDRESS = 28;
    public static final int NIS_DOMAIN = 40;
    public static final int NIS_SERVERS = 41;
    public static final int NTP_SERVERS = 42;
    public static final int VENDOR_ENCAPSULATED_OPTIONS = 43;
    public static final int NETBIOS_NAME_SERVERS = 44;
    public static final int NETBIOS_NODE_TYPE = 46;
    public static final int NETBIOS_SCOPE = 47;
    public static final int REQUESTED_ADDRESS = 50;
    public static final int LEASE_TIME = 51;
    /** RFC 2132 §9.3: a layout instruction the codec consumes, never an option of a message value. */
    public static final int OPTION_OVERLOAD = 52;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_IDENTIFIER = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int MESSAGE = 56;
    public static final int MAX_MESSAGE_SIZE = 57;
    public static final int RENEWAL_TIME = 58;
    public static final int REBINDING_TIME = 59;
    public static final int VENDOR_CLASS_IDENTIFIER = 60;
    public static final int CLIENT_IDENTIFIER = 61;
    public static final int TFTP_SERVER_NAME = 66;
    public static final int BOOT_FILE_NAME = 67;
    public static final int USER_CLASS = 77;
    public static final int FQDN = 81;
    public static final int RELAY_AGENT_INFORMATION = 82;
    public static final int AUTHENTICATE = 90;
    public static final int CLIENT_SYSTEM = 93;
    public static final int CLIENT_NDI = 94;
    public static final int UUID_GUID = 97;
    public static final int V6_ONLY_PREFERRED = 108;
    public static final int V4_CAPTIVE_PORTAL = 114;
    public static final int SUBNET_SELECTION = 118;
    public static final int DOMAIN_SEARCH = 119;
    public static final int VIVCO_SUBOPTIONS = 124;
    public static final int VIVSO_SUBOPTIONS = 125;
    /** RFC 2132 §3.2: the end of an option area, never an option of a message value. */
    public static final int END = 255;

    public static final int AGENT_CIRCUIT_ID = 1;
    public static final int AGENT_REMOTE_ID = 2;
    public static final int AGENT_DOCSIS_DEVICE_CLASS = 4;
    public static final int AGENT_LINK_SELECTION = 5;
    public static final int AGENT_SUBSCRIBER_ID = 6;
    public static final int AGENT_RADIUS = 7;
    public static final int AGENT_AUTH = 8;
    public static final int AGENT_VENDOR_SPECIFIC_INFO = 9;
    public static final int AGENT_RELAY_FLAGS = 10;
    public static final int AGENT_SERVER_ID_OVERRIDE = 11;
    public static final int AGENT_RELAY_ID = 12;
    public static final int AGENT_ACCESS_TECHNO_TYPE = 13;
    public static final int AGENT_ACCESS_NETWORK_NAME = 14;
    public static final int AGENT_ACCESS_POINT_NAME = 15;
    public static final int AGENT_ACCESS_POINT_BSSID = 16;
    public static final int AGENT_OPERATOR_ID = 17;
    public static final int AGENT_OPERATOR_REALM = 18;
    public static final int AGENT_RELAY_PORT = 19;
    public static final int AGENT_VIRTUAL_SUBNET_SELECT = 151;
    public static final int AGENT_VIRTUAL_SUBNET_SELECT_CTRL = 152;

    /** The space of the sub-options carried in option 43 (RFC 2132 §8.4): Kea defines none. */
    public static final OptionSpace VENDOR_ENCAPSULATED = new OptionSpace("vendor-encapsulated-options-space");

    /** Kea's {@code dhcp4} space. */
    public static final OptionSpace DHCP4 = new OptionSpace("dhcp4",
            single(SUBNET_MASK, "subnet-mask", IPV4_ADDRESS).decoded("RFC 2132 §3.3"),
            single(TIME_OFFSET, "time-offset", INT32).decoded("RFC 2132 §3.4"),
            array(ROUTERS, "routers", IPV4_ADDRESS).decoded("RFC 2132 §3.5"),
            array(TIME_SERVERS, "time-servers", IPV4_ADDRESS).decoded("RFC 2132 §3.6"),
            array(NAME_SERVERS, "name-servers", IPV4_ADDRESS).decoded("RFC 2132 §3.7"),
            array(DOMAIN_NAME_SERVERS, "domain-name-servers", IPV4_ADDRESS).decoded("RFC 2132 §3.8"),
            array(LOG_SERVERS, "log-servers", IPV4_ADDRESS).decoded("RFC 2132 §3.9"),
            array(8, "cookie-servers", IPV4_ADDRESS),
            array(9, "lpr-servers", IPV4_ADDRESS),
            array(10, "impress-servers", IPV4_ADDRESS),
            array(11, "resource-location-servers", IPV4_ADDRESS),
            single(HOST_NAME, "host-name", STRING).decoded("RFC 2132 §3.14"),
            single(BOOT_SIZE, "boot-size", UINT16).decoded("RFC 2132 §3.15"),
            single(14, "merit-dump", STRING),
            single(DOMAIN_NAME, "domain-name", STRING).decoded("RFC 2132 §3.17"),
            single(16, "swap-server", IPV4_ADDRESS),
            single(ROOT_PATH, "root-path", STRING).decoded("RFC 2132 §3.19"),
            single(18, "extensions-path", STRING),
            single(19, "ip-forwarding", BOOLEAN),
            single(20, "non-local-source-routing", BOOLEAN),
            array(21, "policy-filter", IPV4_ADDRESS),
            single(22, "max-dgram-reassembly", UINT16),
            single(23, "default-ip-ttl", UINT8),
            single(24, "path-mtu-aging-timeout", UINT32),
            array(25, "path-mtu-plateau-table", UINT16),
            single(INTERFACE_MTU, "interface-mtu", UINT16).decoded("RFC 2132 §5.1"),
            single(27, "all-subnets-local", BOOLEAN),
            single(BROADCAST_ADDRESS, "broadcast-address", IPV4_ADDRESS).decoded("RFC 2132 §5.3"),
            single(29, "perform-mask-discovery", BOOLEAN),
            single(30, "mask-supplier", BOOLEAN),
            single(31, "router-discovery", BOOLEAN),
            single(32, "router-solicitation-address", IPV4_ADDRESS),
            array(33, "static-routes", IPV4_ADDRESS),
            single(34, "trailer-encapsulation", BOOLEAN),
            single(35, "arp-cache-timeout", UINT32),
            single(36, "ieee802-3-encapsulation", BOOLEAN),
            single(37, "default-tcp-ttl", UINT8),
            single(38, "tcp-keepalive-interval", UINT32),
            single(39, "tcp-keepalive-garbage", BOOLEAN),
            single(NIS_DOMAIN, "nis-domain", STRING).decoded("RFC 2132 §8.1"),
            array(NIS_SERVERS, "nis-servers", IPV4_ADDRESS).decoded("RFC 2132 §8.2"),
            array(NTP_SERVERS, "ntp-servers", IPV4_ADDRESS).decoded("RFC 2132 §8.3"),
            single(VENDOR_ENCAPSULATED_OPTIONS, "vendor-encapsulated-options", EMPTY).encapsulating(VENDOR_ENCAPSULATED.name()).definedIn("RFC 2132 §8.4"),
            array(NETBIOS_NAME_SERVERS, "netbios-name-servers", IPV4_ADDRESS).decoded("RFC 2132 §8.5"),
            array(45, "netbios-dd-server", IPV4_ADDRESS),
            single(NETBIOS_NODE_TYPE, "netbios-node-type", UINT8).decoded("RFC 2132 §8.7"),
            single(NETBIOS_SCOPE, "netbios-scope", STRING).decoded("RFC 2132 §8.8"),
            array(48, "font-servers", IPV4_ADDRESS),
            array(49, "x-display-manager", IPV4_ADDRESS),
            single(REQUESTED_ADDRESS, "dhcp-requested-address", IPV4_ADDRESS).decoded("RFC 2132 §9.1").builtByServer(),
            single(LEASE_TIME, "dhcp-lease-time", UINT32).decoded("RFC 2132 §9.2").builtByServer(),
            single(OPTION_OVERLOAD, "dhcp-option-overload", UINT8).decoded("RFC 2132 §9.3").builtByServer(),
            single(MESSAGE_TYPE, "dhcp-message-type", UINT8).decoded("RFC 2132 §9.6").builtByServer(),
            single(SERVER_IDENTIFIER, "dhcp-server-identifier", IPV4_ADDRESS).decoded("RFC 2132 §9.7"),
            array(PARAMETER_REQUEST_LIST, "dhcp-parameter-request-list", UINT8).decoded("RFC 2132 §9.8").builtByServer(),
            single(MESSAGE, "dhcp-message", STRING).decoded("RFC 2132 §9.9"),
            single(MAX_MESSAGE_SIZE, "dhcp-max-message-size", UINT16).decoded("RFC 2132 §9.10").builtByServer(),
            single(RENEWAL_TIME, "dhcp-renewal-time", UINT32).decoded("RFC 2132 §9.11").builtByServer(),
            single(REBINDING_TIME, "dhcp-rebinding-time", UINT32).decoded("RFC 2132 §9.12").builtByServer(),
            single(VENDOR_CLASS_IDENTIFIER, "vendor-class-identifier", STRING).decoded("RFC 2132 §9.13"),
            single(CLIENT_IDENTIFIER, "dhcp-client-identifier", BINARY).decoded("RFC 2132 §9.14").builtByServer(),
            single(62, "nwip-domain-name", STRING),
            single(63, "nwip-suboptions", BINARY),
            single(64, "nisplus-domain-name", STRING),
            array(65, "nisplus-servers", IPV4_ADDRESS),
            single(TFTP_SERVER_NAME, "tftp-server-name", STRING).decoded("RFC 2132 §9.4"),
            single(BOOT_FILE_NAME, "boot-file-name", STRING).decoded("RFC 2132 §9.5"),
            array(68, "mobile-ip-home-agent", IPV4_ADDRESS),
            array(69, "smtp-server", IPV4_ADDRESS),
            array(70, "pop-server", IPV4_ADDRESS),
            array(71, "nntp-server", IPV4_ADDRESS),
            array(72, "www-server", IPV4_ADDRESS),
            array(73, "finger-server", IPV4_ADDRESS),
            array(74, "irc-server", IPV4_ADDRESS),
            array(75, "streettalk-server", IPV4_ADDRESS),
            array(76, "streettalk-directory-assistance-server", IPV4_ADDRESS),
            single(USER_CLASS, "user-class", BINARY).decoded("RFC 3004"),
            record(78, "slp-directory-agent", BOOLEAN, IPV4_ADDRESS).repeated(),
            record(79, "slp-service-scope", BOOLEAN, STRING),
            record(FQDN, "fqdn", UINT8, UINT8, UINT8, OptionDataType.FQDN).decoded("RFC 4702"),
            single(RELAY_AGENT_INFORMATION, "dhcp-agent-options", EMPTY).decoded("RFC 3046").builtByServer(),
            array(85, "nds-servers", IPV4_ADDRESS),
            single(86, "nds-tree-name", STRING),
            single(87, "nds-context", STRING),
            array(88, "bcms-controller-names", OptionDataType.FQDN),
            array(89, "bcms-controller-address", IPV4_ADDRESS),
            single(AUTHENTICATE, "authenticate", BINARY).decoded("RFC 3118"),
            single(91, "client-last-transaction-time", UINT32),
            array(92, "associated-ip", IPV4_ADDRESS),
            array(CLIENT_SYSTEM, "client-system", UINT16).decoded("RFC 4578 §2.1"),
            record(CLIENT_NDI, "client-ndi", UINT8, UINT8, UINT8).decoded("RFC 4578 §2.2"),
            record(UUID_GUID, "uuid-guid", UINT8, BINARY).decoded("RFC 4578 §2.3"),
            single(98, "uap-servers", STRING),
            single(99, "geoconf-civic", BINARY),
            single(100, "pcode", STRING),
            single(101, "tcode", STRING),
            single(V6_ONLY_PREFERRED, "v6-only-preferred", UINT32).decoded("RFC 8925"),
            array(112, "netinfo-server-address", IPV4_ADDRESS),
            single(113, "netinfo-server-tag", STRING),
            single(V4_CAPTIVE_PORTAL, "v4-captive-portal", STRING).decoded("RFC 8910"),
            single(116, "auto-config", UINT8),
            array(117, "name-service-search", UINT16),
            single(SUBNET_SELECTION, "subnet-selection", IPV4_ADDRESS).decoded("RFC 3011"),
            array(DOMAIN_SEARCH, "domain-search", OptionDataType.FQDN).decoded("RFC 3397"),
            record(VIVCO_SUBOPTIONS, "vivco-suboptions", UINT32, BINARY).decoded("RFC 3925"),
            single(VIVSO_SUBOPTIONS, "vivso-suboptions", UINT32).definedIn("RFC 3925"),
            array(136, "pana-agent", IPV4_ADDRESS),
            single(137, "v4-lost", OptionDataType.FQDN),
            array(138, "capwap-ac-v4", IPV4_ADDRESS),
            array(141, "sip-ua-cs-domains", OptionDataType.FQDN),
            record(146, "rdnss-selection", UINT8, IPV4_ADDRESS, IPV4_ADDRESS, OptionDataType.FQDN).repeated(),
            record(159, "v4-portparams", UINT8, PSID),
            record(212, "option-6rd", UINT8, UINT8, IPV6_ADDRESS, IPV4_ADDRESS).repeated(),
            single(213, "v4-access-domain", OptionDataType.FQDN));

    /**
     * Kea's {@code dhcp-agent-options-space}: the sub-options of option 82. It defines no
     * encapsulating option, so sub-options nest exactly one level deep. The relay source port
     * sub-option stays binary because relays disagree on whether it carries a port.
     */
    public static final OptionSpace AGENT = new OptionSpace("dhcp-agent-options-space",
            single(AGENT_CIRCUIT_ID, "circuit-id", BINARY).decoded("RFC 3046 §2.1"),
            single(AGENT_REMOTE_ID, "remote-id", BINARY).decoded("RFC 3046 §2.2"),
            single(AGENT_DOCSIS_DEVICE_CLASS, "docsis-device-class", UINT32).decoded("RFC 3256"),
            single(AGENT_LINK_SELECTION, "link-selection", IPV4_ADDRESS).decoded("RFC 3527"),
            single(AGENT_SUBSCRIBER_ID, "subscriber-id", STRING).decoded("RFC 3993"),
            single(AGENT_RADIUS, "radius", BINARY).decoded("RFC 4014"),
            single(AGENT_AUTH, "auth", BINARY).decoded("RFC 4030"),
            single(AGENT_VENDOR_SPECIFIC_INFO, "vendor-specific-info", BINARY).decoded("RFC 4243"),
            single(AGENT_RELAY_FLAGS, "relay-flags", UINT8).decoded("RFC 5010"),
            single(AGENT_SERVER_ID_OVERRIDE, "server-id-override", IPV4_ADDRESS).decoded("RFC 5107"),
            single(AGENT_RELAY_ID, "relay-id", BINARY).decoded("RFC 6925"),
            single(AGENT_ACCESS_TECHNO_TYPE, "access-techno-type", UINT16).decoded("RFC 7839"),
            single(AGENT_ACCESS_NETWORK_NAME, "access-network-name", STRING).decoded("RFC 7839"),
            single(AGENT_ACCESS_POINT_NAME, "access-point-name", STRING).decoded("RFC 7839"),
            single(AGENT_ACCESS_POINT_BSSID, "access-point-bssid", BINARY).decoded("RFC 7839"),
            single(AGENT_OPERATOR_ID, "operator-id", UINT32).decoded("RFC 7839"),
            single(AGENT_OPERATOR_REALM, "operator-realm", STRING).decoded("RFC 7839"),
            single(AGENT_RELAY_PORT, "relay-port", BINARY).decoded("RFC 8357"),
            single(AGENT_VIRTUAL_SUBNET_SELECT, "virtual-subnet-select", BINARY).decoded("RFC 6607"),
            single(AGENT_VIRTUAL_SUBNET_SELECT_CTRL, "virtual-subnet-select-ctrl", EMPTY).decoded("RFC 6607"));

    /** CableLabs' vendor space (enterprise 4491), Kea's {@code docsis3_option_defs.h}. */
    public static final OptionSpace DOCSIS = new OptionSpace("vendor-4491",
            array(1, "oro", UINT8),
            array(2, "tftp-servers", IPV4_ADDRESS));

    /** The spaces {@code option-data} can name, besides {@code vendor-<enterprise>}. */
    public static final List<OptionSpace> CONFIGURABLE = List.of(DHCP4, VENDOR_ENCAPSULATED, DOCSIS);

    /** The codes of {@link #DHCP4} whose value has a record of its own; Kea's {@code factorySpecialFormatOption}. */
    private static final Map<Integer, Class<? extends Option4>> SPECIAL = Map.of(
            CLIENT_IDENTIFIER, Option4.ClientId.class,
            RELAY_AGENT_INFORMATION, Option4.RelayAgentInfo.class,
            CLIENT_NDI, Option4.ClientNdi.class,
            UUID_GUID, Option4.UuidGuid.class);

    /**
     * The record the codec decodes option {@code code} of {@code space} into: the special one, the
     * one its data type and array flag call for, or {@link Option4.Raw} for the options kept as
     * bytes.
     */
    public static Class<? extends Option4> recordOf(OptionSpace space, int code) {
        if (space == DHCP4 && code >= 0 && code < DHCP4_RECORDS.size()) {
            return DHCP4_RECORDS.get(code);
        }
        return lookUpRecordOf(space, code);
    }

    /**
     * {@link #recordOf} for every code of {@link #DHCP4}, looked up once: the codec asks for every
     * option it decodes, and every message made checks every option (a map of boxed codes each time).
     */
    private static final List<Class<? extends Option4>> DHCP4_RECORDS =
            IntStream.range(0, 256).<Class<? extends Option4>>mapToObj(code -> lookUpRecordOf(DHCP4, code)).toList();

    private static Class<? extends Option4> lookUpRecordOf(OptionSpace space, int code) {
        OptionDefinition definition = space.decoded(code).orElse(null);
        if (definition == null) {
            return Option4.Raw.class;
        }
        Class<? extends Option4> special = space == DHCP4 ? SPECIAL.get(code) : null;
        if (special != null) {
            return special;
        }
        boolean array = definition.array();
        return switch (definition.type()) {
            case EMPTY -> Option4.Empty.class;
            case UINT8 -> array ? Option4.Uint8List.class : Option4.Uint8.class;
            case UINT16 -> array ? Option4.Uint16List.class : Option4.Uint16.class;
            case UINT32 -> array ? Option4.Raw.class : Option4.Uint32.class;
            case INT32 -> array ? Option4.Raw.class : Option4.Int32.class;
            case IPV4_ADDRESS -> array ? Option4.AddressList.class : Option4.Address.class;
            case STRING -> array ? Option4.Raw.class : Option4.Text.class;
            default -> Option4.Raw.class;
        };
    }

    /**
     * Fails unless every option has the record its code calls for in {@code space}, the condition
     * for a value to come back unchanged from the wire.
     */
    static void requireRecords(OptionSpace space, Options4 options) {
        OptionLists.requireRecords(space, options.all(), Dhcp4Options::recordOf);
    }
}
