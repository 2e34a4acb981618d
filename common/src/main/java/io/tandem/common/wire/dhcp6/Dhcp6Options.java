package io.tandem.common.wire.dhcp6;

import static io.tandem.common.wire.OptionDataType.*;
import static io.tandem.common.wire.OptionDefinition.array;
import static io.tandem.common.wire.OptionDefinition.record;
import static io.tandem.common.wire.OptionDefinition.single;

import io.tandem.common.wire.OptionDefinition;
import io.tandem.common.wire.OptionLists;
import io.tandem.common.wire.OptionSpace;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The DHCPv6 option spaces, one row per option: Kea 2.2's definitions ({@code std_option_defs.h},
 * {@code docsis3_option_defs.h}), so that a Kea configuration means the same bytes in Tandem, plus
 * the options Tandem defines itself ({@code ntp-server}). The codec decodes the rows marked
 * decoded into the record their data type calls for, or the special record of the
 * few with a structure of their own (Kea's {@code factorySpecialFormatOption}); any other option
 * is kept as its bytes.
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
    /** CableLabs' enterprise number (DOCSIS). */
    public static final long DOCSIS_ENTERPRISE = 4491;
    public static final int ISC_4O6_INTERFACE = 60000;
    public static final int ISC_4O6_SOURCE_ADDRESS = 60001;
    public static final int ISC_4O6_SOURCE_PORT = 60002;

    public static final int NTP_SERVER_ADDRESS = 1;
    public static final int NTP_SERVER_MULTICAST = 2;
    public static final int NTP_SERVER_FQDN = 3;

    /** Kea's {@code s46-rule-options}: inside {@code s46-rule} (RFC 7598). */
    public static final OptionSpace S46_RULE = new OptionSpace("s46-rule-options",
            record(93, "s46-portparams", UINT8, PSID));

    /** Kea's {@code s46-v4v6bind-options}: inside {@code s46-v4v6bind} (RFC 7598). */
    public static final OptionSpace S46_V4V6BIND = new OptionSpace("s46-v4v6bind-options",
            record(93, "s46-portparams", UINT8, PSID));

    /** Kea's {@code s46-cont-mape-options} (RFC 7598). */
    public static final OptionSpace S46_CONT_MAPE = new OptionSpace("s46-cont-mape-options",
            single(90, "s46-br", IPV6_ADDRESS),
            record(89, "s46-rule", UINT8, UINT8, UINT8, IPV4_ADDRESS, IPV6_PREFIX).encapsulating(S46_RULE.name()));

    /** Kea's {@code s46-cont-mapt-options} (RFC 7598). */
    public static final OptionSpace S46_CONT_MAPT = new OptionSpace("s46-cont-mapt-options",
            record(89, "s46-rule", UINT8, UINT8, UINT8, IPV4_ADDRESS, IPV6_PREFIX).encapsulating(S46_RULE.name()),
            single(91, "s46-dmr", IPV6_PREFIX));

    /** Kea's {@code s46-cont-lw-options} (RFC 7598). */
    public static final OptionSpace S46_CONT_LW = new OptionSpace("s46-cont-lw-options",
            single(90, "s46-br", IPV6_ADDRESS),
            record(92, "s46-v4v6bind", IPV4_ADDRESS, IPV6_PREFIX).encapsulating(S46_V4V6BIND.name()));

    /** Sub-options of {@code ntp-server} (RFC 5908 §4); Kea's names. */
    public static final OptionSpace NTP = new OptionSpace("v6-ntp-server-suboptions",
            single(NTP_SERVER_ADDRESS, "ntp-server-address", IPV6_ADDRESS).decoded("RFC 5908 §4.1"),
            single(NTP_SERVER_MULTICAST, "ntp-server-multicast", IPV6_ADDRESS).decoded("RFC 5908 §4.2"),
            single(NTP_SERVER_FQDN, "ntp-server-fqdn", FQDN).decoded("RFC 5908 §4.3"));

    /** ISC's vendor space (enterprise 2495): the metadata Kea's 4o6 pair adds to each datagram. */
    public static final OptionSpace ISC_VENDOR = new OptionSpace("vendor-2495",
            single(ISC_4O6_INTERFACE, "4o6-interface", STRING).decoded("Kea 4o6 IPC"),
            single(ISC_4O6_SOURCE_ADDRESS, "4o6-source-address", IPV6_ADDRESS).decoded("Kea 4o6 IPC"),
            single(ISC_4O6_SOURCE_PORT, "4o6-source-port", UINT16).decoded("Kea 4o6 IPC"));

    /** CableLabs' vendor space (enterprise 4491), Kea's {@code docsis3_option_defs.h}. */
    public static final OptionSpace DOCSIS = new OptionSpace("vendor-4491",
            array(1, "oro", UINT16),
            single(2, "device-type", STRING),
            single(10, "vendor-type", STRING),
            array(32, "tftp-servers", IPV6_ADDRESS),
            single(33, "config-file", STRING),
            array(34, "syslog-servers", IPV6_ADDRESS),
            single(36, "device-id", BINARY),
            array(37, "time-servers", IPV6_ADDRESS),
            single(38, "time-offset", INT32),
            single(1026, "cmts-cm-mac", BINARY));

    /** Kea's {@code dhcp6} space. */
    public static final OptionSpace DHCP6 = new OptionSpace("dhcp6",
            single(CLIENTID, "clientid", BINARY).decoded("RFC 9915 §21.2").builtByServer(),
            single(SERVERID, "serverid", BINARY).decoded("RFC 9915 §21.3").builtByServer(),
            record(IA_NA, "ia-na", UINT32, UINT32, UINT32).decoded("RFC 9915 §21.4").builtByServer(),
            single(IA_TA, "ia-ta", UINT32).definedIn("RFC 8415 §21.5 (obsolete in RFC 9915)").builtByServer(),
            record(IAADDR, "iaaddr", IPV6_ADDRESS, UINT32, UINT32).decoded("RFC 9915 §21.6").builtByServer(),
            array(ORO, "oro", UINT16).decoded("RFC 9915 §21.7").builtByServer(),
            single(PREFERENCE, "preference", UINT8).decoded("RFC 9915 §21.8"),
            single(ELAPSED_TIME, "elapsed-time", UINT16).decoded("RFC 9915 §21.9").builtByServer(),
            single(RELAY_MSG, "relay-msg", BINARY).decoded("RFC 9915 §21.10").builtByServer(),
            single(AUTH, "auth", BINARY).decoded("RFC 9915 §21.11"),
            single(UNICAST, "unicast", IPV6_ADDRESS).decoded("RFC 8415 §21.12 (obsolete in RFC 9915)"),
            record(STATUS_CODE, "status-code", UINT16, STRING).decoded("RFC 9915 §21.13").builtByServer(),
            single(RAPID_COMMIT, "rapid-commit", EMPTY).decoded("RFC 9915 §21.14").builtByServer(),
            single(USER_CLASS, "user-class", BINARY).decoded("RFC 9915 §21.15"),
            record(VENDOR_CLASS, "vendor-class", UINT32, BINARY).decoded("RFC 9915 §21.16"),
            single(VENDOR_OPTS, "vendor-opts", UINT32).decoded("RFC 9915 §21.17"),
            single(INTERFACE_ID, "interface-id", BINARY).decoded("RFC 9915 §21.18").builtByServer(),
            single(RECONF_MSG, "reconf-msg", UINT8).decoded("RFC 9915 §21.19").builtByServer(),
            single(RECONF_ACCEPT, "reconf-accept", EMPTY).decoded("RFC 9915 §21.20").builtByServer(),
            array(SIP_SERVER_DNS, "sip-server-dns", FQDN).decoded("RFC 3319"),
            array(SIP_SERVER_ADDR, "sip-server-addr", IPV6_ADDRESS).decoded("RFC 3319"),
            array(DNS_SERVERS, "dns-servers", IPV6_ADDRESS).decoded("RFC 3646"),
            array(DOMAIN_SEARCH, "domain-search", FQDN).decoded("RFC 3646"),
            record(IA_PD, "ia-pd", UINT32, UINT32, UINT32).decoded("RFC 9915 §21.21").builtByServer(),
            record(IAPREFIX, "iaprefix", UINT32, UINT32, UINT8, IPV6_ADDRESS).decoded("RFC 9915 §21.22").builtByServer(),
            array(27, "nis-servers", IPV6_ADDRESS),
            array(28, "nisp-servers", IPV6_ADDRESS),
            array(29, "nis-domain-name", FQDN),
            array(30, "nisp-domain-name", FQDN),
            array(SNTP_SERVERS, "sntp-servers", IPV6_ADDRESS).decoded("RFC 4075"),
            single(INFORMATION_REFRESH_TIME, "information-refresh-time", UINT32).decoded("RFC 9915 §21.23"),
            array(33, "bcmcs-server-dns", FQDN),
            array(34, "bcmcs-server-addr", IPV6_ADDRESS),
            record(36, "geoconf-civic", UINT8, UINT16, BINARY),
            record(REMOTE_ID, "remote-id", UINT32, BINARY).decoded("RFC 4649"),
            single(SUBSCRIBER_ID, "subscriber-id", BINARY).decoded("RFC 4580"),
            record(CLIENT_FQDN, "client-fqdn", UINT8, FQDN).decoded("RFC 4704"),
            array(40, "pana-agent", IPV6_ADDRESS),
            single(41, "new-posix-timezone", STRING),
            single(42, "new-tzdb-timezone", STRING),
            array(43, "ero", UINT16),
            record(44, "lq-query", UINT8, IPV6_ADDRESS),
            single(45, "client-data", EMPTY),
            single(46, "clt-time", UINT32),
            record(47, "lq-relay-data", IPV6_ADDRESS, BINARY),
            array(48, "lq-client-link", IPV6_ADDRESS),
            single(51, "v6-lost", FQDN),
            array(52, "capwap-ac-v6", IPV6_ADDRESS),
            single(53, "relay-id", BINARY),
            array(NTP_SERVER, "ntp-server", NTP_SERVERS).encapsulating(NTP.name()).decoded("RFC 5908"),
            single(57, "v6-access-domain", FQDN),
            array(58, "sip-ua-cs-list", FQDN),
            single(BOOTFILE_URL, "bootfile-url", STRING).decoded("RFC 5970 §3.1"),
            array(BOOTFILE_PARAM, "bootfile-param", TUPLE).decoded("RFC 5970 §3.2"),
            array(CLIENT_ARCH_TYPE, "client-arch-type", UINT16).decoded("RFC 5970 §3.3"),
            record(NII, "nii", UINT8, UINT8, UINT8).decoded("RFC 5970 §3.4"),
            single(64, "aftr-name", FQDN),
            single(65, "erp-local-domain-name", FQDN),
            single(66, "rsoo", EMPTY),
            single(67, "pd-exclude", IPV6_PREFIX),
            record(74, "rdnss-selection", IPV6_ADDRESS, UINT8, FQDN).repeated(),
            single(CLIENT_LINKLAYER_ADDR, "client-linklayer-addr", BINARY).decoded("RFC 6939").builtByServer(),
            single(80, "link-address", IPV6_ADDRESS),
            single(SOLMAX_RT, "solmax-rt", UINT32).decoded("RFC 9915 §21.24"),
            single(INF_MAX_RT, "inf-max-rt", UINT32).decoded("RFC 9915 §21.25"),
            single(DHCPV4_MESSAGE, "dhcpv4-message", BINARY).decoded("RFC 7341 §7.1").builtByServer(),
            array(DHCP4O6_SERVER_ADDR, "dhcp4o6-server-addr", IPV6_ADDRESS).decoded("RFC 7341 §7.2"),
            single(94, "s46-cont-mape", EMPTY).encapsulating(S46_CONT_MAPE.name()),
            single(95, "s46-cont-mapt", EMPTY).encapsulating(S46_CONT_MAPT.name()),
            single(96, "s46-cont-lw", EMPTY).encapsulating(S46_CONT_LW.name()),
            single(103, "v6-captive-portal", STRING),
            single(RELAY_SOURCE_PORT, "relay-source-port", UINT16).decoded("RFC 8357").builtByServer(),
            array(143, "ipv6-address-andsf", IPV6_ADDRESS));

    /** Options inside a vendor-opts option of an enterprise without a space here: unknown, kept raw. */
    public static final OptionSpace OTHER_VENDOR = new OptionSpace("vendor-other");

    /** The spaces {@code option-data} can name, besides {@code vendor-<enterprise>}. */
    public static final List<OptionSpace> CONFIGURABLE =
            List.of(DHCP6, NTP, S46_CONT_MAPE, S46_CONT_MAPT, S46_CONT_LW, S46_RULE, S46_V4V6BIND, ISC_VENDOR, DOCSIS);

    /**
     * The codes of {@link #DHCP6} whose value has a record of its own, whatever their data type
     * says; Kea's {@code factorySpecialFormatOption}. Relay-msg is {@link Option6.Raw} outside a
     * relay message.
     */
    private static final Map<Integer, Class<? extends Option6>> SPECIAL = Map.ofEntries(
            Map.entry(CLIENTID, Option6.DuidOption.class),
            Map.entry(SERVERID, Option6.DuidOption.class),
            Map.entry(IA_NA, Option6.IaNa.class),
            Map.entry(IAADDR, Option6.IaAddress.class),
            Map.entry(RELAY_MSG, Option6.RelayedMessage.class),
            Map.entry(STATUS_CODE, Option6.StatusCode.class),
            Map.entry(USER_CLASS, Option6.LengthPrefixedList.class),
            Map.entry(VENDOR_CLASS, Option6.VendorClass.class),
            Map.entry(VENDOR_OPTS, Option6.VendorOptions.class),
            Map.entry(IA_PD, Option6.IaPd.class),
            Map.entry(IAPREFIX, Option6.IaPrefix.class),
            Map.entry(REMOTE_ID, Option6.RemoteId.class),
            Map.entry(NTP_SERVER, Option6.NtpServer.class),
            Map.entry(NII, Option6.Nii.class),
            Map.entry(CLIENT_LINKLAYER_ADDR, Option6.ClientLinkLayerAddress.class));

    /**
     * {@link #recordOf} for the codes of {@link #DHCP6} below 256 (all it defines), looked up once:
     * the codec asks for every option it decodes, and every message made checks every option.
     */
    private static final List<Class<? extends Option6>> DHCP6_RECORDS =
            IntStream.range(0, 256).<Class<? extends Option6>>mapToObj(code -> lookUpRecordOf(DHCP6, code)).toList();

    /** The space of the sub-options in a vendor-opts option of {@code enterprise}. */
    public static OptionSpace vendorSpace(long enterprise) {
        if (enterprise == ISC_ENTERPRISE) {
            return ISC_VENDOR;
        }
        return enterprise == DOCSIS_ENTERPRISE ? DOCSIS : OTHER_VENDOR;
    }

    /**
     * The record the codec decodes option {@code code} of {@code space} into: the special one, the
     * one its data type and array flag call for, or {@link Option6.Raw} for the options carried as
     * bytes.
     */
    public static Class<? extends Option6> recordOf(OptionSpace space, int code) {
        if (space == DHCP6 && code < DHCP6_RECORDS.size()) {
            return DHCP6_RECORDS.get(code);
        }
        return lookUpRecordOf(space, code);
    }

    private static Class<? extends Option6> lookUpRecordOf(OptionSpace space, int code) {
        OptionDefinition definition = space.decoded(code).orElse(null);
        if (definition == null) {
            return Option6.Raw.class;
        }
        Class<? extends Option6> special = space == DHCP6 ? SPECIAL.get(code) : null;
        if (special != null) {
            return special;
        }
        boolean array = definition.array();
        return switch (definition.type()) {
            case EMPTY -> Option6.Empty.class;
            case UINT8 -> array ? Option6.Raw.class : Option6.Uint8.class;
            case UINT16 -> array ? Option6.Uint16List.class : Option6.Uint16.class;
            case UINT32 -> array ? Option6.Raw.class : Option6.Uint32.class;
            case IPV6_ADDRESS -> array ? Option6.AddressList.class : Option6.Address.class;
            case FQDN -> array ? Option6.DomainList.class : Option6.Domain.class;
            case STRING -> array ? Option6.Raw.class : Option6.Text.class;
            case TUPLE -> array ? Option6.LengthPrefixedList.class : Option6.Raw.class;
            default -> Option6.Raw.class;
        };
    }

    /**
     * Fails unless every option of {@code options} has the record the codec decodes its code of
     * {@code space} into, the condition for a value to come back unchanged from the wire.
     * {@code inRelay}: the options of a relay message, where relay-msg is decoded.
     */
    static void requireRecords(OptionSpace space, Options6 options, boolean inRelay) {
        OptionLists.requireRecords(space, options.all(), inRelay ? Dhcp6Options::recordOf : RECORD_OUTSIDE_RELAY);
    }

    /** {@link #recordOf} outside a relay message, where relay-msg is not decoded. */
    private static final OptionLists.RecordOf RECORD_OUTSIDE_RELAY = (space, code) -> {
        Class<? extends Option6> record = recordOf(space, code);
        return record == Option6.RelayedMessage.class ? Option6.Raw.class : record;
    };
}
