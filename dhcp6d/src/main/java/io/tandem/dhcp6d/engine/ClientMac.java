package io.tandem.dhcp6d.engine;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HwAddrSource;

/** The client's MAC and where it was found, as recorded with its lease and events. */
record ClientMac(MacAddress mac, HwAddrSource source) {
}
