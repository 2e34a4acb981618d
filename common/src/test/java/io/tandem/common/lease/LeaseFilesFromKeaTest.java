package io.tandem.common.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Files written by Debian's Kea 2.2 (see src/test/resources/lease/README.md) and Kea 2.4-style samples. */
class LeaseFilesFromKeaTest {
    static Path resource(String name) {
        try {
            return Path.of(LeaseFilesFromKeaTest.class.getResource("/lease/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsEveryRowKea22WroteForV6Clients() throws Exception {
        LoadedLeases<Lease6> loaded = LeaseFile.load(resource("kea-2.2-leases6.csv"), LeaseCsv6.INSTANCE);
        assertEquals(List.of(), loaded.problems());
        assertEquals(8, loaded.leases().size());

        Lease6 dhclient = loaded.leases().get(0);
        assertEquals(new Lease6(Addresses.parse6("2001:db8:1::100"), Bytes.fromHex("00:03:00:01:52:54:00:12:34:56"),
                4000, 1795333094L, 7, 3000, LeaseType.NA, 1193046, 128, false, false, "",
                Optional.of(HardwareAddress.ethernet(LeaseSamples.MAC, HwAddrSource.DUID)), LeaseState.DEFAULT, ""),
                dhclient);
        assertEquals(1795329094L, dhclient.cltt());

        Lease6 prefix = loaded.leases().get(1);
        assertEquals(LeaseType.PD, prefix.type());
        assertEquals(56, prefix.prefixLength());

        Lease6 annotated = loaded.leases().get(2);
        assertEquals("pxe,host&co.example.org", annotated.hostname());
        assertEquals("{ \"tandem\": { \"mac-source\": \"ipv6-link-local\", \"note\": \"a, b & c\" } }",
                annotated.userContext());
        assertEquals(LeaseState.DECLINED, loaded.leases().get(3).state());
        assertEquals(dhclient.released(), loaded.leases().get(5));
        assertEquals(LeaseState.EXPIRED_RECLAIMED, loaded.leases().get(6).state());
        assertEquals(prefix.released(), loaded.leases().get(7));

        assertEquals(List.of(annotated, loaded.leases().get(3), loaded.leases().get(6)),
                LeaseFile.latestPerBinding(loaded.leases()));
    }

    @Test
    void readsEveryRowKea22WroteForV4Clients() throws Exception {
        LoadedLeases<Lease4> loaded = LeaseFile.load(resource("kea-2.2-leases4.csv"), LeaseCsv4.INSTANCE);
        assertEquals(List.of(), loaded.problems());
        assertEquals(6, loaded.leases().size());

        Lease4 dhclient = loaded.leases().get(0);
        assertEquals(new Lease4(Addresses.parse4("192.0.2.100"), LeaseSamples.MAC, Bytes.EMPTY, 4000, 1795333096L, 9,
                false, false, "vm", LeaseState.DEFAULT, ""), dhclient);
        Lease4 annotated = loaded.leases().get(1);
        assertEquals(Bytes.fromHex("01:0a:00:27:00:00:03"), annotated.clientId());
        assertEquals("boot,er&x", annotated.hostname());
        assertEquals(loaded.leases().get(4).released(), loaded.leases().get(5));

        assertEquals(List.of(annotated, loaded.leases().get(3)), LeaseFile.latestPerBinding(loaded.leases()));
    }

    @Test
    void readsFilesWithKea24sPoolIdColumn() throws Exception {
        LoadedLeases<Lease6> leases6 = LeaseFile.load(resource("kea-2.4-leases6.csv"), LeaseCsv6.INSTANCE);
        assertEquals(List.of(), leases6.problems());
        assertEquals(3, leases6.leases().size());
        Lease6 released = leases6.leases().get(2);
        assertEquals(LeaseState.RELEASED, released.state());
        assertEquals("host,one.example.org", released.hostname());
        assertEquals("{ \"pool\": \"a,b\" }", released.userContext());

        LoadedLeases<Lease4> leases4 = LeaseFile.load(resource("kea-2.4-leases4.csv"), LeaseCsv4.INSTANCE);
        assertEquals(List.of(), leases4.problems());
        assertEquals(List.of(LeaseState.DEFAULT, LeaseState.RELEASED),
                leases4.leases().stream().map(Lease4::state).toList());
    }

    @Test
    void readsTheServerDuidFileKea22Wrote() throws Exception {
        assertEquals("00:01:00:01:32:95:48:bd:9a:91:13:5e:4e:45",
                ServerDuidFile.loadOrCreate(resource("kea-2.2-dhcp6-serverid"), () -> {
                    throw new AssertionError("the DUID exists");
                }).toString());
    }
}
