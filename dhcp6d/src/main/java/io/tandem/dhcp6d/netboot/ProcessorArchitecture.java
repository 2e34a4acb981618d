package io.tandem.dhcp6d.netboot;

import java.util.Map;

/**
 * Names of the IANA "Processor Architecture Types" (RFC 5970 option 61), spelled as the Go DHCP
 * library under dhcpv6macd and coredhcp spells them, so that the JSON in {@code {{.Payload}}} reads
 * the same to the provisioning systems that already consume it ({@code "EFI x86-64 boot from HTTP"}).
 */
final class ProcessorArchitecture {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "Intel x86PC"), Map.entry(1, "NEC/PC98"), Map.entry(2, "EFI Itanium"),
            Map.entry(3, "DEC Alpha"), Map.entry(4, "Arc x86"), Map.entry(5, "Intel Lean Client"),
            Map.entry(6, "EFI IA32"), Map.entry(7, "EFI x86-64"), Map.entry(8, "EFI Xscale"),
            Map.entry(9, "EFI BC"), Map.entry(10, "EFI ARM32"), Map.entry(11, "EFI ARM64"),
            Map.entry(12, "PowerPC Open Firmware"), Map.entry(13, "PowerPC ePAPR"), Map.entry(14, "POWER OPAL v3"),
            Map.entry(15, "EFI x86 boot from HTTP"), Map.entry(16, "EFI x86-64 boot from HTTP"),
            Map.entry(17, "EFI BC boot from HTTP"), Map.entry(18, "EFI ARM32 boot from HTTP"),
            Map.entry(19, "EFI ARM64 boot from HTTP"), Map.entry(20, "Intel x86PC boot from HTTP"),
            Map.entry(21, "U-Boot ARM32"), Map.entry(22, "U-Boot ARM64"),
            Map.entry(23, "U-boot ARM32 boot from HTTP"), Map.entry(24, "U-Boot ARM64 boot from HTTP"),
            Map.entry(25, "EFI RISC-V 32-bit"), Map.entry(26, "EFI RISC-V 32-bit boot from HTTP"),
            Map.entry(27, "EFI RISC-V 64-bit"), Map.entry(28, "EFI RISC-V 64-bit boot from HTTP"),
            Map.entry(29, "EFI RISC-V 128-bit"), Map.entry(30, "EFI RISC-V 128-bit boot from HTTP"),
            Map.entry(31, "s390 Basic"), Map.entry(32, "s390 Extended"), Map.entry(33, "EFI MIPS32"),
            Map.entry(34, "EFI MIPS64"), Map.entry(35, "EFI Sunway 32-bit"), Map.entry(36, "EFI Sunway 64-bit"));

    private ProcessorArchitecture() {
    }

    static String name(int type) {
        return NAMES.getOrDefault(type, "unknown");
    }
}
