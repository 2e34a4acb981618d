package io.tandem.dhcp6d.e2e;

import io.tandem.common.testing.NetnsLab;
import java.util.function.IntFunction;

/** The two kinds of MAC a client may have: a real NIC's, and a virtual machine's. */
enum MacKind {
    /** {@code 00:00:5e:00:53:nn}: universally administered (RFC 7042's documentation range). */
    UNIVERSAL("universally administered", NetnsLab::universalMac),
    /** {@code 52:54:00:00:53:nn}: locally administered, as qemu's are (Kea 2.2 ignores these in link-locals). */
    LOCAL("locally administered", NetnsLab::localMac);

    private final String label;
    private final IntFunction<String> mac;

    MacKind(String label, IntFunction<String> mac) {
        this.label = label;
        this.mac = mac;
    }

    String mac(int n) {
        return mac.apply(n);
    }

    @Override
    public String toString() {
        return label;
    }
}
