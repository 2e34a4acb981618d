package io.tandem.common.lease;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.util.Optional;

/** Leases for tests: the values of a plain Kea row, with the address and client chosen by the test. */
public final class LeaseSamples {
    static final long EXPIRE = 1_795_333_094L;
    static final Bytes MAC = Bytes.fromHex("52:54:00:12:34:56");

    private LeaseSamples() {
    }

    public static Lease6 lease6(String address, String duid, long iaid) {
        return new Lease6(Addresses.parse6(address), Bytes.fromHex(duid), 4000, EXPIRE, 7, 3000, LeaseType.NA, iaid,
                128, false, false, "", Optional.of(HardwareAddress.ethernet(MAC, HwAddrSource.IPV6_LINK_LOCAL)),
                LeaseState.DEFAULT, "");
    }

    public static Lease4 lease4(String address, String mac) {
        return new Lease4(Addresses.parse4(address), Bytes.fromHex(mac), Bytes.EMPTY, 4000, EXPIRE, 9, false, false,
                "", LeaseState.DEFAULT, "");
    }
}
