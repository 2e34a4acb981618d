package io.tandem.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code --rebind} file: what {@code --acked} wrote, read back as each MAC's last address. */
class ReturningClientsTest {
    @Test
    void eachMacKeepsItsLastAddressInTheOrderItFirstAppears() {
        ReturningClients clients = ReturningClients.parse(List.of("mac,address,at-ms",
                "02:00:00:00:40:01,192.0.2.101,12", "02:00:00:00:40:00,192.0.2.100,13",
                "02:00:00:00:40:01,192.0.2.107,900", ""), 4);
        assertEquals(2, clients.count());
        assertArrayEquals(new long[] {0x02_00_00_00_40_01L, 0x02_00_00_00_40_00L}, clients.macs());
        assertArrayEquals(Addresses.parse4("192.0.2.107").getAddress(), Arrays.copyOfRange(clients.addresses(), 0, 4),
                "the later acknowledgement of the first MAC");
        assertArrayEquals(Addresses.parse4("192.0.2.100").getAddress(), Arrays.copyOfRange(clients.addresses(), 4, 8));
    }

    @Test
    void ipv6AddressesWithoutAHeader() {
        ReturningClients clients = ReturningClients.parse(List.of("02:00:00:00:30:00,2001:db8:1::200:0:3000"), 16);
        assertArrayEquals(Addresses.parse6("2001:db8:1::200:0:3000").getAddress(), clients.addresses());
    }

    @Test
    void aBadLineIsNamedByItsNumber() {
        IllegalArgumentException wrongFamily = assertThrows(IllegalArgumentException.class,
                () -> ReturningClients.parse(List.of("mac,address,at-ms", "02:00:00:00:40:00,192.0.2.100,1"), 16));
        assertTrue(wrongFamily.getMessage().startsWith("line 2 '02:00:00:00:40:00,192.0.2.100,1': not an IPv6"),
                wrongFamily.getMessage());
        IllegalArgumentException noAddress = assertThrows(IllegalArgumentException.class,
                () -> ReturningClients.parse(List.of("02:00:00:00:40:00"), 4));
        assertTrue(noAddress.getMessage().contains("expected MAC,ADDRESS"), noAddress.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReturningClients.parse(List.of("mac,address,at-ms"), 4),
                "a file with no client");
    }
}
