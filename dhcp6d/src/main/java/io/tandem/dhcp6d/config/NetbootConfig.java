package io.tandem.dhcp6d.config;

import java.net.Inet6Address;
import java.util.Map;
import java.util.Optional;

/**
 * Tandem's {@code netboot}: the boot options for each boot stage.
 *
 * @param serverAddress        {@code server-address}: the address in the TFTP URLs given to PXE
 *                             firmware ({@code tftp://[server-address]/<mac>/<boot file>}); when
 *                             absent, the server's address on the client's link
 * @param httpBootUrlTemplate  {@code http-boot-url-template}: the URL given to iPXE and to UEFI
 *                             HTTP boot, with the placeholders {@code {{.MAC}}},
 *                             {@code {{.BaseAddress}}} and {@code {{.Payload}}}; empty (the
 *                             default) turns boot options off
 * @param bootFiles            {@code boot-files}: the file PXE firmware fetches over TFTP, per
 *                             architecture (defaults: x86-64-efi {@code ipxe.efi}, arm64-efi
 *                             {@code snp.efi}, bios {@code undionly.kpxe})
 * @param httpBootFileUrls     {@code http-boot-file-urls}: for UEFI HTTP boot, a URL per
 *                             architecture used instead of the template, with the same
 *                             placeholders (default none)
 */
public record NetbootConfig(Optional<Inet6Address> serverAddress, String httpBootUrlTemplate,
                            Map<BootArchitecture, String> bootFiles,
                            Map<BootArchitecture, String> httpBootFileUrls) {
    public static final Map<BootArchitecture, String> DEFAULT_BOOT_FILES = Map.of(
            BootArchitecture.X86_64_EFI, "ipxe.efi",
            BootArchitecture.ARM64_EFI, "snp.efi",
            BootArchitecture.BIOS, "undionly.kpxe");
    public static final NetbootConfig DEFAULT = new NetbootConfig(Optional.empty(), "", DEFAULT_BOOT_FILES, Map.of());

    public NetbootConfig {
        bootFiles = Map.copyOf(bootFiles);
        httpBootFileUrls = Map.copyOf(httpBootFileUrls);
    }

    /** Whether boot options are given at all (the template is not empty). */
    public boolean enabled() {
        return !httpBootUrlTemplate.isEmpty();
    }
}
