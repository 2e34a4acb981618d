package io.tandem.dhcp6d.e2e;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import java.net.Inet6Address;

/**
 * The address a test expects, worked out here rather than by the daemon's code: the first 80
 * bits of the prefix, then the 48 bits of the MAC ({@code 2001:db8:1::/80} and
 * {@code 52:54:00:12:34:56} give {@code 2001:db8:1::5254:12:3456}).
 */
final class PrefixPlusMac {
    private PrefixPlusMac() {
    }

    static Inet6Address address(String prefix80, String mac) {
        byte[] address = Addresses.parse6(prefix80.replaceFirst("/\\d+$", "")).getAddress();
        byte[] macBytes = MacAddress.parse(mac).bytes().toArray();
        System.arraycopy(macBytes, 0, address, 10, 6);
        return Addresses.inet6(address);
    }
}
