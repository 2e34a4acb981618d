package io.tandem.dhcp4o6d.kea;

import io.tandem.common.testing.PairLab;
import io.tandem.common.testing.PairScenarios;

/**
 * The "kea-dhcp6 with Tandem's dhcp4o6d" pairing: Debian's {@code kea-dhcp6} 2.2 with
 * {@code "dhcp4o6-port": 6767} and the packaged dhcp4o6d with {@code -4o6 6767}, through the 4o6
 * scenarios of {@link PairScenarios} (dhcp4o6d takes srv0's IPv4 address as its server identifier,
 * as kea-dhcp4 would). Needs root and Debian's kea-dhcp6-server ({@code scripts/install-test-deps}).
 */
class KeaDhcp6PairingIT extends PairScenarios {
    KeaDhcp6PairingIT() {
        super(PairLab.Half6.KEA_DHCP6, PairLab.Half4.DHCP4O6D, false);
    }
}
