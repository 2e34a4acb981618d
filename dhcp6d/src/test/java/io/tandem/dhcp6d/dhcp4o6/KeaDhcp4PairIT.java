package io.tandem.dhcp6d.dhcp4o6;

import io.tandem.common.testing.PairLab;
import io.tandem.common.testing.PairScenarios;

/**
 * Tandem's dhcp6d paired with Debian's {@code kea-dhcp4} over Kea's port pair: the 4o6 scenarios of
 * {@link PairScenarios} with {@code scripts/dhcp4o6-client} on the link, direct and as a relay.
 * Needs root and Debian's kea-dhcp4-server ({@code scripts/install-test-deps}).
 */
class KeaDhcp4PairIT extends PairScenarios {
    KeaDhcp4PairIT() {
        super(PairLab.Half6.DHCP6D, PairLab.Half4.KEA_DHCP4, false);
    }
}
