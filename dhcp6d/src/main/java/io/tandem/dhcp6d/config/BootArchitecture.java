package io.tandem.dhcp6d.config;

import java.util.List;
import java.util.Optional;

/**
 * The client architectures that {@code netboot.boot-files} and
 * {@code netboot.http-boot-file-urls} name, with the IANA "Processor Architecture Types" values
 * (RFC 5970 option 61) each stands for.
 */
public enum BootArchitecture {
    /** x86-64 UEFI: 7 (EFI BC), 9 (EFI x86-64), 16 (x86-64 UEFI HTTP). */
    X86_64_EFI("x86-64-efi", List.of(7, 9, 16)),
    /** ARM 64-bit UEFI: 11, 19 (HTTP). */
    ARM64_EFI("arm64-efi", List.of(11, 19)),
    /** x86 BIOS (legacy PXE): 0. */
    BIOS("bios", List.of(0));

    private final String key;
    private final List<Integer> architectureTypes;

    BootArchitecture(String key, List<Integer> architectureTypes) {
        this.key = key;
        this.architectureTypes = architectureTypes;
    }

    /** The key in the configuration, e.g. {@code x86-64-efi}. */
    public String key() {
        return key;
    }

    public List<Integer> architectureTypes() {
        return architectureTypes;
    }

    public static Optional<BootArchitecture> byKey(String key) {
        for (BootArchitecture architecture : values()) {
            if (architecture.key.equals(key)) {
                return Optional.of(architecture);
            }
        }
        return Optional.empty();
    }
}
