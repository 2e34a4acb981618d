package io.tandem.dhcp6d.netboot;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import java.util.Locale;

/**
 * Which program is asking, from what it sends (RFC 5970 and FIELD-NOTES.md): iPXE says so in its
 * user class; UEFI HTTP boot sends vendor class data starting {@code HTTPClient}; UEFI PXE firmware
 * sends a client architecture and/or vendor class data starting {@code PXEClient}; EDK2's own
 * DHCPv6 driver, without those markers, is the firmware's network stack; anything else is an
 * operating system.
 */
public enum BootStage {
    PXE_FIRMWARE,
    IPXE,
    UEFI_HTTP,
    /**
     * UEFI firmware's own network stack: EDK2's Ip6Config, started by an RA with M=1, binds an
     * address in every network boot besides the PXE or HTTP boot client, with the same DUID and
     * no boot markers. It gets no boot options, and its event is {@code firmware_init}, not a
     * misleading {@code os_init}.
     */
    FIRMWARE_NETWORK,
    OS;

    private static final Bytes IPXE_USER_CLASS = Bytes.utf8("iPXE");
    private static final Bytes HTTP_CLIENT = Bytes.utf8("HTTPClient");
    private static final Bytes PXE_CLIENT = Bytes.utf8("PXEClient");

    public static BootStage of(Options6 options) {
        if (options.userClasses().contains(IPXE_USER_CLASS)) {
            return IPXE;
        }
        if (vendorClassStartsWith(options, HTTP_CLIENT)) {
            return UEFI_HTTP;
        }
        if (!options.clientArchTypes().isEmpty() || vendorClassStartsWith(options, PXE_CLIENT)) {
            return PXE_FIRMWARE;
        }
        return builtByEdk2(options) ? FIRMWARE_NETWORK : OS;
    }

    /**
     * EDK2's DHCPv6 driver (Dhcp6Dxe, shared by Ip6Config, PXE and HTTP boot) writes the Client
     * Identifier and then the Elapsed Time before anything else, in every message it builds; no
     * operating system's client starts that way (dhclient: 1, 6, 8, 3; dhcpcd: 1, 3, 6, 8; WIDE
     * dhcp6c: 1, 3, 8, 6; iPXE: 1, 3, 6). The order is what tells: Ip6Config may ask before or
     * after the PXE client, so the DUID they share cannot (seen both ways in FirmwareBootIT).
     */
    private static boolean builtByEdk2(Options6 options) {
        return options.size() >= 2 && options.all().get(0).code() == Dhcp6Options.CLIENTID
                && options.all().get(1).code() == Dhcp6Options.ELAPSED_TIME;
    }

    private static boolean vendorClassStartsWith(Options6 options, Bytes prefix) {
        for (Option6.VendorClass vendorClass : options.vendorClasses()) {
            for (Bytes data : vendorClass.data()) {
                if (data.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The name in logs and events: {@code pxe-firmware}, {@code ipxe}, {@code uefi-http}, {@code firmware-network}, {@code os}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
