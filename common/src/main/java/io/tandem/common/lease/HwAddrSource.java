package io.tandem.common.lease;

import java.util.Optional;

/**
 * Where a hardware address came from: the {@code hwaddr_source} column of a Kea v6 memfile row,
 * with Kea's bit values ({@code HWAddr::HWADDR_SOURCE_*} in {@code src/lib/dhcp/hwaddr.cc}) and
 * Kea's {@code mac-sources} names ({@code src/lib/dhcpsrv/cfg_mac_source.cc}). Kea's
 * {@code mac-sources} also accepts {@code any} (every source, in Kea's order), which names no
 * single source and so is not a constant here.
 */
public enum HwAddrSource {
    /** Origin not recorded: an empty column, or a lease added with Kea's {@code lease6-add} command. */
    UNKNOWN(0, null),
    /** Taken from the frame on a raw socket. */
    RAW(0x01, "raw"),
    /** The link-layer address inside a DUID-LLT or DUID-LL. */
    DUID(0x02, "duid"),
    /** The EUI-64 interface identifier of the IPv6 link-local source address. */
    IPV6_LINK_LOCAL(0x04, "ipv6-link-local"),
    /** The Client Link-Layer Address option a relay added (RFC 6939); Kea also accepts {@code rfc6939}. */
    CLIENT_LINK_ADDR_OPTION(0x08, "client-link-addr-option", "rfc6939"),
    /** The Remote-ID option a relay added (RFC 4649); Kea also accepts {@code rfc4649}. */
    REMOTE_ID(0x10, "remote-id", "rfc4649"),
    /** The Subscriber-ID option a relay added (RFC 4580); Kea also accepts {@code rfc4580}. */
    SUBSCRIBER_ID(0x20, "subscriber-id", "rfc4580"),
    /** The DOCSIS vendor option a CMTS added. */
    DOCSIS_CMTS(0x40, "docsis-cmts"),
    /** The DOCSIS vendor option a cable modem sent. */
    DOCSIS_MODEM(0x80, "docsis-modem");

    /** {@code values()} once: {@link #of} reads a column of every lease file row. */
    private static final HwAddrSource[] ALL = values();

    private final int code;
    private final String configName;
    private final String alias;

    HwAddrSource(int code, String configName) {
        this(code, configName, null);
    }

    HwAddrSource(int code, String configName, String alias) {
        this.code = code;
        this.configName = configName;
        this.alias = alias;
    }

    /** Kea's bit value, as written in the {@code hwaddr_source} column. */
    public int code() {
        return code;
    }

    /** Kea's {@code mac-sources} name; empty for {@link #UNKNOWN}, which cannot be configured. */
    public Optional<String> configName() {
        return Optional.ofNullable(configName);
    }

    /** The source with Kea's bit value; {@link IllegalArgumentException} for any other value. */
    public static HwAddrSource of(long code) {
        for (HwAddrSource source : ALL) {
            if (source.code == code) {
                return source;
            }
        }
        throw new IllegalArgumentException("hwaddr_source " + code + " is not one of Kea's HWADDR_SOURCE_* values");
    }

    /** The source for a Kea {@code mac-sources} name or its RFC alias, spelled exactly as Kea spells it. */
    public static Optional<HwAddrSource> ofConfigName(String name) {
        for (HwAddrSource source : values()) {
            if (name.equals(source.configName) || name.equals(source.alias)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
