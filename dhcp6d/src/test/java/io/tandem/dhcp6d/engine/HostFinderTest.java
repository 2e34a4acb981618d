package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.config.HostIdentifierType;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.testing.Dhcp6Messages;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.dhcp6d.config.Dhcp6Config;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import io.tandem.dhcp6d.config.Reservation6;
import io.tandem.dhcp6d.config.Subnet6;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link HostFinder} on its own: identifiers in the configured order, the subnet's reservations before the global ones. */
class HostFinderTest {
    static final String CONFIG = """
            {"Dhcp6": {
              "reservations": [{"duid": "00:03:00:01:00:00:5e:00:53:02", "hostname": "global-by-duid"}],
              "subnet6": [{"id": 1, "subnet": "2001:db8:1::/64", "reservations": [
                {"hw-address": "00:00:5e:00:53:02", "hostname": "subnet-by-mac"},
                {"duid": "00:03:00:01:00:00:5e:00:53:02", "hostname": "subnet-by-duid"}]},
                {"id": 2, "subnet": "2001:db8:2::/64"}]}}
            """;
    static final Duid DUID = Duid.fromHex("00030001" + "00005e005302");
    static final ClientMac MAC = new ClientMac(MacAddress.parse("00:00:5e:00:53:02"), HwAddrSource.DUID);

    /** The hostname of the client's reservation, its link being subnet 1 (with reservations) or 2 (without). */
    static Optional<String> hostname(List<HostIdentifierType> order, boolean inSubnet) throws Exception {
        Dhcp6Config config = Dhcp6ConfigParser.parse(CONFIG, Path.of(".")).config();
        Subnet6 subnet = config.subnets().get(inSubnet ? 0 : 1);
        ClientMessage client = ClientMessage.unwrap(Dhcp6Messages.solicit(DUID).build()).orElseThrow();
        return HostFinder.find(order, subnet, config.globalReservations(), client, Optional.of(MAC))
                .flatMap(Reservation6::hostname);
    }

    @Test
    void identifiersAreTriedInOrderAndTheSubnetComesBeforeTheGlobalReservations() throws Exception {
        assertEquals(Optional.of("subnet-by-mac"), hostname(List.of(HostIdentifierType.HW_ADDRESS,
                HostIdentifierType.DUID), true));
        assertEquals(Optional.of("subnet-by-duid"), hostname(List.of(HostIdentifierType.DUID,
                HostIdentifierType.HW_ADDRESS), true));
        assertEquals(Optional.of("global-by-duid"), hostname(List.of(HostIdentifierType.DUID), false));
        assertEquals(Optional.empty(), hostname(List.of(HostIdentifierType.HW_ADDRESS), false));
    }

    @Test
    void aRemoteIdIsMatchedWithItsEnterpriseNumberFirst() {
        ClientMessage client = ClientMessage.unwrap(Dhcp6Messages.relayForward(Dhcp6Messages.solicit(DUID).build(), 0,
                Addresses.parse6("2001:db8:1::1"), Addresses.parse6("fe80::1"),
                new Option6.RemoteId(9, Bytes.utf8("r")))).orElseThrow();
        assertEquals(Optional.of(Bytes.fromHex("00000009" + "72")),
                HostFinder.identifier(HostIdentifierType.REMOTE_ID, client, Optional.empty()));
    }
}
