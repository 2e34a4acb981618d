package io.tandem.common.lease;

import io.tandem.common.wire.Bytes;
import java.util.Objects;

/**
 * The hardware address of a v6 lease, as Kea's {@code HWAddr} keeps it: the address, its ARP
 * hardware type ({@code hwtype} column, 1 for Ethernet) and where it came from
 * ({@code hwaddr_source} column).
 */
public record HardwareAddress(Bytes address, int type, HwAddrSource source) {
    /** The ARP parameters registry's hardware type for Ethernet. */
    public static final int ETHERNET = 1;
    /** Kea's {@code HWAddr::MAX_HWADDR_LEN}: longer addresses are refused when read back. */
    public static final int MAX_LENGTH = 20;

    public HardwareAddress {
        Objects.requireNonNull(source, "source");
        if (address.isEmpty() || address.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a hardware address is 1 to " + MAX_LENGTH + " bytes, not "
                    + address.length());
        }
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("hardware type " + type + " is not 0 to 65535");
        }
    }

    /** An Ethernet MAC address found through {@code source}. */
    public static HardwareAddress ethernet(Bytes mac, HwAddrSource source) {
        return new HardwareAddress(mac, ETHERNET, source);
    }

    @Override
    public String toString() {
        return address.colonHex() + " (type " + type + ", " + source + ")";
    }
}
