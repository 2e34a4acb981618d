package io.tandem.dhcp6d.netboot;

import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import java.util.Locale;

/**
 * Which program is asking, from what it sends (RFC 5970 and FIELD-NOTES.md): iPXE says so in its
 * user class; UEFI HTTP boot sends vendor class data starting {@code HTTPClient}; UEFI PXE firmware
 * sends a client architecture and/or vendor class data starting {@code PXEClient}; anything else
 * is an operating system, unless the engine knows its DUID from the firmware's PXE or HTTP boot
 * client: then it is the firmware's own network stack ({@link #FIRMWARE_NETWORK}).
 */
public enum BootStage {
    PXE_FIRMWARE,
    IPXE,
    UEFI_HTTP,
    /** EDK2's Ip6Config: the firmware's own DHCPv6 client, without boot markers; gets no boot options. */
    FIRMWARE_NETWORK,
    OS;

    private static final Bytes IPXE_USER_CLASS = Bytes.utf8("iPXE");
    private static final Bytes HTTP_CLIENT = Bytes.utf8("HTTPClient");
    private static final Bytes PXE_CLIENT = Bytes.utf8("PXEClient");

    /** The stage the message's own options show: never {@link #FIRMWARE_NETWORK}, which needs history. */
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
        return OS;
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
