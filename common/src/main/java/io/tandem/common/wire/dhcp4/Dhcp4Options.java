package io.tandem.common.wire.dhcp4;

import static io.tandem.common.wire.dhcp4.Option4Format.*;

import io.tandem.common.wire.OptionDefinition;
import io.tandem.common.wire.OptionSpace;

/**
 * The DHCPv4 option spaces: codes, Kea's names (from {@code std_option_defs.h}) and body layouts.
 * A code defined here with a structured format is decoded strictly into its record; any other code,
 * and the ones defined as {@link Option4Format#BINARY}, is kept as raw bytes.
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

    /**
     * Kea's {@code dhcp4} space. Formats Kea gives as records the server never reads (fqdn,
     * domain-search with its RFC 1035 compression, the vendor options) stay {@code BINARY}.
     */
    public static final OptionSpace<Option4Format> DHCP4 = new OptionSpace<Option4Format>("dhcp4")
            .define(SUBNET_MASK, "subnet-mask", IPV4_ADDRESS, "RFC 2132 §3.3")
            .define(TIME_OFFSET, "time-offset", INT32, "RFC 2132 §3.4")
            .define(ROUTERS, "routers", IPV4_ADDRESS_LIST, "RFC 2132 §3.5")
            .define(TIME_SERVERS, "time-servers", IPV4_ADDRESS_LIST, "RFC 2132 §3.6")
            .define(NAME_SERVERS, "name-servers", IPV4_ADDRESS_LIST, "RFC 2132 §3.7")
            .define(DOMAIN_NAME_SERVERS, "domain-name-servers", IPV4_ADDRESS_LIST, "RFC 2132 §3.8")
            .define(LOG_SERVERS, "log-servers", IPV4_ADDRESS_LIST, "RFC 2132 §3.9")
            .define(HOST_NAME, "host-name", STRING, "RFC 2132 §3.14")
            .define(BOOT_SIZE, "boot-size", UINT16, "RFC 2132 §3.15")
            .define(DOMAIN_NAME, "domain-name", STRING, "RFC 2132 §3.17")
            .define(ROOT_PATH, "root-path", STRING, "RFC 2132 §3.19")
            .define(INTERFACE_MTU, "interface-mtu", UINT16, "RFC 2132 §5.1")
            .define(BROADCAST_ADDRESS, "broadcast-address", IPV4_ADDRESS, "RFC 2132 §5.3")
            .define(NIS_DOMAIN, "nis-domain", STRING, "RFC 2132 §8.1")
            .define(NIS_SERVERS, "nis-servers", IPV4_ADDRESS_LIST, "RFC 2132 §8.2")
            .define(NTP_SERVERS, "ntp-servers", IPV4_ADDRESS_LIST, "RFC 2132 §8.3")
            .define(VENDOR_ENCAPSULATED_OPTIONS, "vendor-encapsulated-options", BINARY, "RFC 2132 §8.4")
            .define(NETBIOS_NAME_SERVERS, "netbios-name-servers", IPV4_ADDRESS_LIST, "RFC 2132 §8.5")
            .define(NETBIOS_NODE_TYPE, "netbios-node-type", UINT8, "RFC 2132 §8.7")
            .define(NETBIOS_SCOPE, "netbios-scope", STRING, "RFC 2132 §8.8")
            .define(REQUESTED_ADDRESS, "dhcp-requested-address", IPV4_ADDRESS, "RFC 2132 §9.1")
            .define(LEASE_TIME, "dhcp-lease-time", UINT32, "RFC 2132 §9.2")
            .define(OPTION_OVERLOAD, "dhcp-option-overload", UINT8, "RFC 2132 §9.3")
            .define(MESSAGE_TYPE, "dhcp-message-type", UINT8, "RFC 2132 §9.6")
            .define(SERVER_IDENTIFIER, "dhcp-server-identifier", IPV4_ADDRESS, "RFC 2132 §9.7")
            .define(PARAMETER_REQUEST_LIST, "dhcp-parameter-request-list", UINT8_LIST, "RFC 2132 §9.8")
            .define(MESSAGE, "dhcp-message", STRING, "RFC 2132 §9.9")
            .define(MAX_MESSAGE_SIZE, "dhcp-max-message-size", UINT16, "RFC 2132 §9.10")
            .define(RENEWAL_TIME, "dhcp-renewal-time", UINT32, "RFC 2132 §9.11")
            .define(REBINDING_TIME, "dhcp-rebinding-time", UINT32, "RFC 2132 §9.12")
            .define(VENDOR_CLASS_IDENTIFIER, "vendor-class-identifier", STRING, "RFC 2132 §9.13")
            .define(CLIENT_IDENTIFIER, "dhcp-client-identifier", Option4Format.CLIENT_ID, "RFC 2132 §9.14")
            .define(TFTP_SERVER_NAME, "tftp-server-name", STRING, "RFC 2132 §9.4")
            .define(BOOT_FILE_NAME, "boot-file-name", STRING, "RFC 2132 §9.5")
            .define(USER_CLASS, "user-class", BINARY, "RFC 3004")
            .define(FQDN, "fqdn", BINARY, "RFC 4702")
            .define(RELAY_AGENT_INFORMATION, "dhcp-agent-options", RELAY_AGENT_INFO, "RFC 3046")
            .define(AUTHENTICATE, "authenticate", BINARY, "RFC 3118")
            .define(CLIENT_SYSTEM, "client-system", UINT16_LIST, "RFC 4578 §2.1")
            .define(Dhcp4Options.CLIENT_NDI, "client-ndi", Option4Format.CLIENT_NDI, "RFC 4578 §2.2")
            .define(Dhcp4Options.UUID_GUID, "uuid-guid", Option4Format.UUID_GUID, "RFC 4578 §2.3")
            .define(V6_ONLY_PREFERRED, "v6-only-preferred", UINT32, "RFC 8925")
            .define(V4_CAPTIVE_PORTAL, "v4-captive-portal", STRING, "RFC 8910")
            .define(SUBNET_SELECTION, "subnet-selection", IPV4_ADDRESS, "RFC 3011")
            .define(DOMAIN_SEARCH, "domain-search", BINARY, "RFC 3397")
            .define(VIVCO_SUBOPTIONS, "vivco-suboptions", BINARY, "RFC 3925")
            .define(VIVSO_SUBOPTIONS, "vivso-suboptions", BINARY, "RFC 3925");

    /**
     * Kea's {@code dhcp-agent-options-space}: the sub-options of option 82. It defines no
     * encapsulating format, so sub-options nest exactly one level deep. The relay source port
     * sub-option stays {@code BINARY} because relays disagree on whether it carries a port.
     */
    public static final OptionSpace<Option4Format> AGENT = new OptionSpace<Option4Format>("dhcp-agent-options-space")
            .define(AGENT_CIRCUIT_ID, "circuit-id", BINARY, "RFC 3046 §2.1")
            .define(AGENT_REMOTE_ID, "remote-id", BINARY, "RFC 3046 §2.2")
            .define(AGENT_DOCSIS_DEVICE_CLASS, "docsis-device-class", UINT32, "RFC 3256")
            .define(AGENT_LINK_SELECTION, "link-selection", IPV4_ADDRESS, "RFC 3527")
            .define(AGENT_SUBSCRIBER_ID, "subscriber-id", STRING, "RFC 3993")
            .define(AGENT_RADIUS, "radius", BINARY, "RFC 4014")
            .define(AGENT_AUTH, "auth", BINARY, "RFC 4030")
            .define(AGENT_VENDOR_SPECIFIC_INFO, "vendor-specific-info", BINARY, "RFC 4243")
            .define(AGENT_RELAY_FLAGS, "relay-flags", UINT8, "RFC 5010")
            .define(AGENT_SERVER_ID_OVERRIDE, "server-id-override", IPV4_ADDRESS, "RFC 5107")
            .define(AGENT_RELAY_ID, "relay-id", BINARY, "RFC 6925")
            .define(AGENT_ACCESS_TECHNO_TYPE, "access-techno-type", UINT16, "RFC 7839")
            .define(AGENT_ACCESS_NETWORK_NAME, "access-network-name", STRING, "RFC 7839")
            .define(AGENT_ACCESS_POINT_NAME, "access-point-name", STRING, "RFC 7839")
            .define(AGENT_ACCESS_POINT_BSSID, "access-point-bssid", BINARY, "RFC 7839")
            .define(AGENT_OPERATOR_ID, "operator-id", UINT32, "RFC 7839")
            .define(AGENT_OPERATOR_REALM, "operator-realm", STRING, "RFC 7839")
            .define(AGENT_RELAY_PORT, "relay-port", BINARY, "RFC 8357")
            .define(AGENT_VIRTUAL_SUBNET_SELECT, "virtual-subnet-select", BINARY, "RFC 6607")
            .define(AGENT_VIRTUAL_SUBNET_SELECT_CTRL, "virtual-subnet-select-ctrl", EMPTY, "RFC 6607");

    /** The layout of {@code code} in {@code space}: its definition's, or {@code BINARY} for an undefined code. */
    public static Option4Format formatOf(OptionSpace<Option4Format> space, int code) {
        return space.byCode(code).map(OptionDefinition::format).orElse(BINARY);
    }

    /**
     * Fails unless every option has the record its code's format calls for in {@code space}, the
     * condition for a value to come back unchanged from the wire.
     */
    static void requireFormats(OptionSpace<Option4Format> space, Options4 options) {
        for (Option4 option : options.all()) {
            Option4Format expected = formatOf(space, option.code());
            if (option.format() != expected) {
                throw new IllegalArgumentException(space.name() + " option " + option.code() + " ("
                        + space.nameOf(option.code()) + ") is " + expected + ", not " + option.format());
            }
        }
    }
}
