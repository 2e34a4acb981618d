package io.tandem.common.event;

/**
 * The event vocabulary. The netboot stages keep the names of dhcpv6macd (its README and its
 * machine state machine), so that its consumers keep working; the address life cycle names the
 * DHCPv6 exchange that caused it.
 */
public final class EventNames {
    /** The MAC was seen for the first time (or again after its entry was evicted). */
    public static final String INIT = "init";
    /**
     * UEFI firmware's own network stack (EDK2's Ip6Config, started by an RA with M=1) got its
     * address; it sends no boot markers, and is told from an OS by how EDK2 orders its options.
     */
    public static final String FIRMWARE_INIT = "firmware_init";
    /** PXE firmware was given {@code tftp://[server]/<mac>/<boot file>} (bootfile URL, RFC 5970). */
    public static final String POINT_PXE_TO_IPXE_OVER_TFTP = "point_pxe_to_ipxe_over_tftp";
    /** The TFTP server sent that boot file to the end. */
    public static final String SERVED_IPXE_OVER_TFTP = "served_ipxe_over_tftp";
    /** iPXE (user class {@code iPXE}) was given the rendered HTTP boot URL. */
    public static final String POINT_IPXE_TO_HTTP_BOOT = "point_ipxe_to_http_boot";
    /** UEFI HTTP boot firmware (vendor class {@code HTTPClient}) was given its HTTP boot URL. */
    public static final String HTTP_BOOT = "http_boot";
    /** dhcp6d's HTTP listener sent a boot file to the end. */
    public static final String SERVED_BOOT_FILE_OVER_HTTP = "served_boot_file_over_http";
    /**
     * A TFTP transfer ended without the file: the server refused the request (no such file,
     * busy), the client aborted it or stopped answering, or a newer request from the machine
     * ended it; {@code outcome} says which and {@code reason} why.
     */
    public static final String TFTP_TRANSFER_FAILED = "tftp_transfer_failed";
    /** dhcp6d's {@code /boot/} refused a boot file (404, 403) or the connection ended before the file did. */
    public static final String HTTP_BOOT_FILE_FAILED = "http_boot_file_failed";
    /** An operating system (no boot stage) asked for an address. */
    public static final String OS_INIT = "os_init";
    /** An address was offered in an Advertise. */
    public static final String ADVERTISED = "advertised";
    /** A binding was committed by a Reply to a Request (or to a Rapid Commit Solicit). */
    public static final String BOUND = "bound";
    /** A binding was extended by a Renew or Rebind. */
    public static final String RENEWED = "renewed";
    /** The client released a binding. */
    public static final String RELEASED = "released";
    /** The client declined an address (RFC 9915 §18.2.8: it found the address in use). */
    public static final String DECLINED = "declined";
    /**
     * The client asked for addresses (Solicit, Request, Renew, Rebind) and got none: every IA
     * answered with a status such as NoAddrsAvail, or no subnet holds its link and it got no
     * answer at all; the status's name and text, or the missing subnet, are its {@code reason}.
     */
    public static final String NOT_SERVED = "not_served";
    /**
     * A DHCPv6 client whose MAC no source of {@code mac-sources} gave (a DUID-UUID or DUID-EN, no
     * client link-layer address option from a relay, no EUI-64 link-local address): an
     * {@link UnattributedEvent} under its DUID, with what it asked and on which link.
     */
    public static final String NO_MAC = "no_mac";
    /**
     * The MAC came back with another DUID than its last event named (firmware, iPXE, installer,
     * OS); the {@link EventTable} adds it, with {@code previous-duid} and {@code duid}.
     */
    public static final String DUID_CHANGED = "duid_changed";
    /** dhcp4o6d offered an IPv4 address (DHCPOFFER) over DHCPv4-over-DHCPv6. */
    public static final String OFFERED_4O6 = "4o6_offered";
    /** dhcp4o6d acknowledged an IPv4 lease (DHCPACK to a DHCPREQUEST). */
    public static final String ACKED_4O6 = "4o6_acked";
    /** dhcp4o6d refused a DHCPREQUEST (DHCPNAK). */
    public static final String NAKED_4O6 = "4o6_naked";
    /** The 4o6 client released its IPv4 lease (DHCPRELEASE). */
    public static final String RELEASED_4O6 = "4o6_released";
    /** The 4o6 client declined an IPv4 address (DHCPDECLINE: it found the address in use). */
    public static final String DECLINED_4O6 = "4o6_declined";

    /** The detail that names the client's DHCPv6 DUID; a change of it makes a {@link #DUID_CHANGED}. */
    public static final String DUID_DETAIL = "duid";

    private EventNames() {
    }
}
