package io.tandem.common.wire.dhcp6;

import static io.tandem.common.wire.dhcp6.Option6Format.*;

import io.tandem.common.wire.OptionSpace;

/**
 * The DHCPv6 option spaces: codes, Kea's names and body layouts. Every option the codec decodes
 * into a typed value is here; any other code is kept as raw bytes.
 */
public final class Dhcp6Options {
    private Dhcp6Options() {
    }

    public static final int CLIENTID = 1;
    public static final int SERVERID = 2;
    public static final int IA_NA = 3;
    public static final int IA_TA = 4;
    public static final int IAADDR = 5;
    public static final int ORO = 6;
    public static final int PREFERENCE = 7;
    public static final int ELAPSED_TIME = 8;
    public static final int RELAY_MSG = 9;
    public static final int AUTH = 11;
    public static final int UNICAST = 12;
    public static final int STATUS_CODE = 13;
    public static final int RAPID_COMMIT = 14;
    public static final int USER_CLASS = 15;
    public static final int VENDOR_CLASS = 16;
    public static final int VENDOR_OPTS = 17;
    public static final int INTERFACE_ID = 18;
    public static final int RECONF_MSG = 19;
    public static final int RECONF_ACCEPT = 20;
    public static final int SIP_SERVER_DNS = 21;
    public static final int SIP_SERVER_ADDR = 22;
    public static final int DNS_SERVERS = 23;
    public static final int DOMAIN_SEARCH = 24;
    public static final int IA_PD = 25;
    public static final int IAPREFIX = 26;
    public static final int SNTP_SERVERS = 31;
    public static final int INFORMATION_REFRESH_TIME = 32;
    public static final int REMOTE_ID = 37;
    public static final int SUBSCRIBER_ID = 38;
    public static final int CLIENT_FQDN = 39;
    public static final int NTP_SERVER = 56;
    public static final int BOOTFILE_URL = 59;
    public static final int BOOTFILE_PARAM = 60;
    public static final int CLIENT_ARCH_TYPE = 61;
    public static final int NII = 62;
    public static final int CLIENT_LINKLAYER_ADDR = 79;
    public static final int SOLMAX_RT = 82;
    public static final int INF_MAX_RT = 83;
    public static final int DHCPV4_MESSAGE = 87;
    public static final int DHCP4O6_SERVER_ADDR = 88;
    public static final int RELAY_SOURCE_PORT = 135;

    /** ISC's enterprise number; Kea's 4o6 pair exchanges its metadata in this vendor space. */
    public static final long ISC_ENTERPRISE = 2495;
    public static final int ISC_4O6_INTERFACE = 60000;
    public static final int ISC_4O6_SOURCE_ADDRESS = 60001;
    public static final int ISC_4O6_SOURCE_PORT = 60002;

    public static final int NTP_SERVER_ADDRESS = 1;
    public static final int NTP_SERVER_MULTICAST = 2;
    public static final int NTP_SERVER_FQDN = 3;

    /** Kea's {@code dhcp6} space. */
    public static final OptionSpace<Option6Format> DHCP6 = new OptionSpace<Option6Format>("dhcp6")
            .define(CLIENTID, "clientid", DUID, "RFC 9915 §21.2")
            .define(SERVERID, "serverid", DUID, "RFC 9915 §21.3")
            .define(IA_NA, "ia-na", Option6Format.IA_NA, "RFC 9915 §21.4")
            .define(IA_TA, "ia-ta", BINARY, "RFC 8415 §21.5 (obsolete in RFC 9915)")
            .define(IAADDR, "iaaddr", Option6Format.IAADDR, "RFC 9915 §21.6")
            .define(ORO, "oro", UINT16_LIST, "RFC 9915 §21.7")
            .define(PREFERENCE, "preference", UINT8, "RFC 9915 §21.8")
            .define(ELAPSED_TIME, "elapsed-time", UINT16, "RFC 9915 §21.9")
            .define(RELAY_MSG, "relay-msg", Option6Format.RELAY_MSG, "RFC 9915 §21.10")
            .define(AUTH, "auth", BINARY, "RFC 9915 §21.11")
            .define(UNICAST, "unicast", IPV6_ADDRESS, "RFC 8415 §21.12 (obsolete in RFC 9915)")
            .define(STATUS_CODE, "status-code", Option6Format.STATUS_CODE, "RFC 9915 §21.13")
            .define(RAPID_COMMIT, "rapid-commit", EMPTY, "RFC 9915 §21.14")
            .define(USER_CLASS, "user-class", LENGTH_PREFIXED_LIST, "RFC 9915 §21.15")
            .define(VENDOR_CLASS, "vendor-class", Option6Format.VENDOR_CLASS, "RFC 9915 §21.16")
            .define(VENDOR_OPTS, "vendor-opts", Option6Format.VENDOR_OPTS, "RFC 9915 §21.17")
            .define(INTERFACE_ID, "interface-id", BINARY, "RFC 9915 §21.18")
            .define(RECONF_MSG, "reconf-msg", UINT8, "RFC 9915 §21.19")
            .define(RECONF_ACCEPT, "reconf-accept", EMPTY, "RFC 9915 §21.20")
            .define(SIP_SERVER_DNS, "sip-server-dns", DOMAIN_LIST, "RFC 3319")
            .define(SIP_SERVER_ADDR, "sip-server-addr", IPV6_ADDRESS_LIST, "RFC 3319")
            .define(DNS_SERVERS, "dns-servers", IPV6_ADDRESS_LIST, "RFC 3646")
            .define(DOMAIN_SEARCH, "domain-search", DOMAIN_LIST, "RFC 3646")
            .define(IA_PD, "ia-pd", Option6Format.IA_PD, "RFC 9915 §21.21")
            .define(IAPREFIX, "iaprefix", Option6Format.IAPREFIX, "RFC 9915 §21.22")
            .define(SNTP_SERVERS, "sntp-servers", IPV6_ADDRESS_LIST, "RFC 4075")
            .define(INFORMATION_REFRESH_TIME, "information-refresh-time", UINT32, "RFC 9915 §21.23")
            .define(REMOTE_ID, "remote-id", Option6Format.REMOTE_ID, "RFC 4649")
            .define(SUBSCRIBER_ID, "subscriber-id", BINARY, "RFC 4580")
            .define(CLIENT_FQDN, "client-fqdn", BINARY, "RFC 4704")
            .define(NTP_SERVER, "ntp-server", Option6Format.NTP_SERVER, "RFC 5908")
            .define(BOOTFILE_URL, "bootfile-url", STRING, "RFC 5970 §3.1")
            .define(BOOTFILE_PARAM, "bootfile-param", LENGTH_PREFIXED_LIST, "RFC 5970 §3.2")
            .define(CLIENT_ARCH_TYPE, "client-arch-type", UINT16_LIST, "RFC 5970 §3.3")
            .define(Dhcp6Options.NII, "nii", Option6Format.NII, "RFC 5970 §3.4")
            .define(CLIENT_LINKLAYER_ADDR, "client-linklayer-addr", Option6Format.CLIENT_LINKLAYER_ADDR, "RFC 6939")
            .define(SOLMAX_RT, "solmax-rt", UINT32, "RFC 9915 §21.24")
            .define(INF_MAX_RT, "inf-max-rt", UINT32, "RFC 9915 §21.25")
            .define(DHCPV4_MESSAGE, "dhcpv4-message", BINARY, "RFC 7341 §7.1")
            .define(DHCP4O6_SERVER_ADDR, "dhcp4o6-server-addr", IPV6_ADDRESS_LIST, "RFC 7341 §7.2")
            .define(RELAY_SOURCE_PORT, "relay-source-port", UINT16, "RFC 8357");

    /** Sub-options of {@code ntp-server} (RFC 5908 §4); Kea's names. */
    public static final OptionSpace<Option6Format> NTP = new OptionSpace<Option6Format>("v6-ntp-server-suboptions")
            .define(NTP_SERVER_ADDRESS, "ntp-server-address", IPV6_ADDRESS, "RFC 5908 §4.1")
            .define(NTP_SERVER_MULTICAST, "ntp-server-multicast", IPV6_ADDRESS, "RFC 5908 §4.2")
            .define(NTP_SERVER_FQDN, "ntp-server-fqdn", FQDN, "RFC 5908 §4.3");

    /** ISC's vendor space (enterprise 2495): the metadata Kea's 4o6 pair adds to each datagram. */
    public static final OptionSpace<Option6Format> ISC_VENDOR = new OptionSpace<Option6Format>("vendor-2495")
            .define(ISC_4O6_INTERFACE, "4o6-interface", STRING, "Kea 4o6 IPC")
            .define(ISC_4O6_SOURCE_ADDRESS, "4o6-source-address", IPV6_ADDRESS, "Kea 4o6 IPC")
            .define(ISC_4O6_SOURCE_PORT, "4o6-source-port", UINT16, "Kea 4o6 IPC");

    /** Options inside a vendor-opts option of another enterprise: unknown, kept raw. */
    public static final OptionSpace<Option6Format> OTHER_VENDOR = new OptionSpace<>("vendor-other");

    /** The space of the sub-options in a vendor-opts option of {@code enterprise}. */
    public static OptionSpace<Option6Format> vendorSpace(long enterprise) {
        return enterprise == ISC_ENTERPRISE ? ISC_VENDOR : OTHER_VENDOR;
    }
}
