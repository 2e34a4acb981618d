package io.tandem.dhcp6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.config.Prefix6;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.dhcp6d.config.Dhcp6Config;
import io.tandem.dhcp6d.config.Dhcp6ConfigParser;
import io.tandem.dhcp6d.config.Reservation6;
import io.tandem.dhcp6d.config.Subnet6;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Allocator6} on its own: reservation, fixed-MAC, held and pool addresses, and the rows it builds. */
class Allocator6Test {
    static final String CONFIG = """
            {"Dhcp6": {"preferred-lifetime": 3000, "valid-lifetime": 4000,
              "subnet6": [
                {"id": 1, "subnet": "2001:db8:1::/64",
                 "pools": [{"pool": "2001:db8:1::100-2001:db8:1::103",
                            "option-data": [{"name": "dns-servers", "data": "2001:db8::53"}]}],
                 "pd-pools": [{"prefix": "2001:db8:8::", "prefix-len": 56, "delegated-len": 64}],
                 "reservations": [
                   {"duid": "00:03:00:01:00:00:5e:00:53:01", "hostname": "reserved",
                    "ip-addresses": ["2001:db8:1::10"], "prefixes": ["2001:db8:9::/64"]},
                   {"hw-address": "00:00:5e:00:53:99", "ip-addresses": ["2001:db8:1::100"]}]},
                {"id": 2, "subnet": "2001:db8:2::/64", "mac-addressing": {"prefix": "2001:db8:2::/80"}}]}}
            """;
    static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    static final Bytes RESERVED_DUID = Bytes.fromHex("00030001" + "00005e005301");
    static final Bytes POOL_DUID = Bytes.fromHex("00030001" + "00005e005302");
    static final ClientMac MAC = new ClientMac(MacAddress.parse("00:00:5e:00:53:02"), HwAddrSource.DUID);

    static Subnet6 subnet(int index) throws Exception {
        Dhcp6Config config = Dhcp6ConfigParser.parse(CONFIG, Path.of(".")).config();
        return config.subnets().get(index);
    }

    static Allocator6 poolClient(BindingTable bindings, Subnet6 link) {
        return new Allocator6(bindings, link, POOL_DUID, Optional.of(MAC), Optional.empty(), NOW);
    }

    @Test
    void aReservedClientGetsItsReservationsFirstThenThePools() throws Exception {
        Subnet6 link = subnet(0);
        Reservation6 reservation = link.reservations().get(0);
        Allocator6 allocator = new Allocator6(new BindingTable(), link, RESERVED_DUID, Optional.empty(),
                Optional.of(reservation), NOW);

        assertEquals(Optional.of(new Allocator6.Allocation(Addresses.parse6("2001:db8:1::10"), Optional.empty())),
                allocator.address(1, List.of()));
        Allocator6.Allocation second = allocator.address(2, List.of()).orElseThrow();
        assertTrue(link.pools().get(0).range().contains(second.address()), "a second IA_NA gets a pool address");
        assertEquals(Optional.of(link.pools().get(0)), second.pool());

        assertEquals(Optional.of(new Allocator6.Delegation(Prefix6.parse("2001:db8:9::/64"), Optional.empty())),
                allocator.prefix(1, List.of()));
        Allocator6.Delegation delegation = allocator.prefix(2, List.of()).orElseThrow();
        assertEquals(Optional.of(link.prefixPools().get(0)), delegation.pool());
        Prefix6 pooled = delegation.prefix();
        assertEquals(64, pooled.length());
        assertTrue(Prefix6.parse("2001:db8:8::/56").contains(pooled), "a second IA_PD gets a pool prefix");
    }

    /**
     * Kea 2.2 (the harness's reservations.json and lifecycle.json): what one IA of a client holds,
     * reserved or from a pool, another IA of the same client does not get; it gets a pool's.
     */
    @Test
    void anotherIaOfTheClientGetsAPoolsAddressOrPrefixNotWhatTheFirstHolds() throws Exception {
        Subnet6 link = subnet(0);
        BindingTable bindings = new BindingTable();
        Reservation6 reservation = link.reservations().get(0);
        Allocator6 first = new Allocator6(bindings, link, RESERVED_DUID, Optional.empty(), Optional.of(reservation), NOW);
        Prefix6 reserved = first.prefix(1, List.of()).orElseThrow().prefix();
        first.bind(LeaseType.PD, 1, reserved.network(), reserved.length());
        Inet6Address pooled = first.address(2, List.of()).orElseThrow().address();
        first.bind(LeaseType.NA, 2, pooled, 128);

        Allocator6 next = new Allocator6(bindings, link, RESERVED_DUID, Optional.empty(), Optional.of(reservation), NOW);
        Prefix6 second = next.prefix(2, List.of()).orElseThrow().prefix();
        assertTrue(Prefix6.parse("2001:db8:8::/56").contains(second), "not the reserved " + reserved + " IA 1 holds");
        Inet6Address other = next.address(3, List.of(pooled)).orElseThrow().address();
        assertTrue(!other.equals(pooled) && !other.equals(Addresses.parse6("2001:db8:1::10")),
                "neither the hint IA 2 holds nor the reserved address the first IA_NA of this message got");
        assertEquals(Optional.of(new Allocator6.Delegation(reserved, Optional.empty())),
                new Allocator6(bindings, link, RESERVED_DUID, Optional.empty(), Optional.of(reservation), NOW)
                        .prefix(1, List.of()), "IA 1 keeps its reserved prefix");
    }

    @Test
    void aPoolSkipsWhatOtherClientsHoldOrAreReservedAndWhatThisMessageGave() throws Exception {
        Subnet6 link = subnet(0);
        BindingTable bindings = new BindingTable();
        Bytes other = Bytes.fromHex("00030001" + "00005e005303");
        new Allocator6(bindings, link, other, Optional.empty(), Optional.empty(), NOW)
                .bind(LeaseType.NA, 1, Addresses.parse6("2001:db8:1::101"), 128);
        Allocator6 allocator = poolClient(bindings, link);

        List<Inet6Address> given = List.of(allocator.address(1, List.of()).orElseThrow().address(),
                allocator.address(2, List.of()).orElseThrow().address());
        assertEquals(List.of(Addresses.parse6("2001:db8:1::102"), Addresses.parse6("2001:db8:1::103")),
                given.stream().sorted(Comparator.comparing(Addresses::text)).toList(),
                "::100 is reserved for another host, ::101 held by another client");
        assertEquals(Optional.empty(), allocator.address(3, List.of()));
        assertEquals("no address is available for this client", allocator.noAddressReason());
    }

    @Test
    void anIaKeepsThePoolAddressItHolds() throws Exception {
        Subnet6 link = subnet(0);
        BindingTable bindings = new BindingTable();
        Inet6Address fresh = poolClient(bindings, link).address(1, List.of()).orElseThrow().address();
        Inet6Address held = fresh.equals(Addresses.parse6("2001:db8:1::102"))
                ? Addresses.parse6("2001:db8:1::103") : Addresses.parse6("2001:db8:1::102");
        poolClient(bindings, link).bind(LeaseType.NA, 1, held, 128);

        assertEquals(held, poolClient(bindings, link).address(1, List.of()).orElseThrow().address(),
                "the held address, not the one a new IA would get");
    }

    @Test
    void aMacAddressedSubnetGivesTheMacsAddressAndSaysWhenTheMacIsUnknown() throws Exception {
        Subnet6 link = subnet(1);
        assertEquals(Addresses.parse6("2001:db8:2::5e00:5302"),
                poolClient(new BindingTable(), link).address(1, List.of()).orElseThrow().address());

        Allocator6 noMac = new Allocator6(new BindingTable(), link, POOL_DUID, Optional.empty(), Optional.empty(),
                NOW);
        assertEquals(Optional.empty(), noMac.address(1, List.of()));
        assertEquals("the client's MAC address could not be found and the subnet has no pool", noMac.noAddressReason());
    }

    @Test
    void bindReleaseAndDeclineBuildTheRowsAndKeepTheBindings() throws Exception {
        Subnet6 link = subnet(0);
        BindingTable bindings = new BindingTable();
        Reservation6 reservation = link.reservations().get(0);
        Allocator6 allocator = new Allocator6(bindings, link, RESERVED_DUID, Optional.of(MAC), Optional.of(reservation),
                NOW);
        Inet6Address address = Addresses.parse6("2001:db8:1::10");

        Lease6 bound = allocator.bind(LeaseType.NA, 7, address, 128);
        assertEquals(new Lease6(address, RESERVED_DUID, 4000, NOW.getEpochSecond() + 4000, 1, 3000, LeaseType.NA, 7,
                128, false, false, "reserved",
                Optional.of(HardwareAddress.ethernet(MAC.mac().bytes(), HwAddrSource.DUID)), LeaseState.DEFAULT, ""),
                bound);
        assertEquals(Optional.of(bound), bindings.get(bound.binding()));

        assertEquals(List.of(bound.released()),
                Allocator6.release(bindings, RESERVED_DUID, LeaseType.NA, 7, List.of(address)));
        assertEquals(Optional.empty(), bindings.get(bound.binding()));
        assertEquals(List.of(), Allocator6.release(bindings, RESERVED_DUID, LeaseType.NA, 7, List.of(address)),
                "nothing left to release");

        allocator.bind(LeaseType.NA, 7, address, 128);
        Lease6 declined = Allocator6.decline(bindings, RESERVED_DUID, 7, List.of(address), NOW).get(0);
        assertEquals(LeaseState.DECLINED, declined.state());
        assertEquals(Lease6.EMPTY_DUID, declined.duid());
        assertEquals(NOW.getEpochSecond() + Allocator6.DECLINE_PROBATION_SECONDS, declined.expire());
        assertTrue(bindings.heldByOther(address, POOL_DUID, 1, NOW), "a declined address is held from every client");
    }

    static Bytes duid(int n) {
        return Bytes.fromHex("00030001" + "00005e0054" + String.format("%02x", n));
    }

    /** ::101 to ::103 bound to clients 1 to 3 until {@code NOW} + 4000 s; ::100 is reserved. */
    static BindingTable fullPool(Subnet6 link) {
        BindingTable bindings = new BindingTable();
        for (int n = 1; n <= 3; n++) {
            new Allocator6(bindings, link, duid(n), Optional.empty(), Optional.empty(), NOW)
                    .bind(LeaseType.NA, 1, Addresses.parse6("2001:db8:1::10" + n), 128);
        }
        return bindings;
    }

    /** What a new client's first IA_NA gets at {@code now}, and how many candidates it probed. */
    record Try(Optional<Inet6Address> address, long probes) {
        static Try of(BindingTable bindings, Subnet6 link, Bytes duid, Instant now) {
            Allocator6 allocator = new Allocator6(bindings, link, duid, Optional.empty(), Optional.empty(), now);
            return new Try(allocator.address(1, List.of()).map(Allocator6.Allocation::address), allocator.probes);
        }
    }

    @Test
    void aFullPoolIsProbedOnceForStrangersUntilSomethingIsFreed() throws Exception {
        Subnet6 link = subnet(0);
        BindingTable bindings = fullPool(link);

        assertEquals(new Try(Optional.empty(), 4), Try.of(bindings, link, duid(100), NOW));
        assertEquals(new Try(Optional.empty(), 0), Try.of(bindings, link, duid(101), NOW));
        assertEquals(new Try(Optional.empty(), 0), Try.of(bindings, link, duid(102), NOW.plusSeconds(4000)),
                "the bindings hold through their last second");

        Allocator6.release(bindings, duid(2), LeaseType.NA, 1, List.of(Addresses.parse6("2001:db8:1::102")));
        assertEquals(Optional.of(Addresses.parse6("2001:db8:1::102")), Try.of(bindings, link, duid(100), NOW).address(),
                "released");
    }

    @Test
    void anExpiryOrAShorterBindingFreesTheAddressForTheNextStranger() throws Exception {
        Subnet6 link = subnet(0);
        BindingTable bindings = fullPool(link);
        assertEquals(new Try(Optional.empty(), 4), Try.of(bindings, link, duid(100), NOW));
        assertEquals(Optional.of(Addresses.parse6("2001:db8:1::101")),
                Try.of(bindings, link, duid(100), NOW.plusSeconds(4001)).address(), "expired");

        BindingTable renewed = fullPool(link);
        assertEquals(new Try(Optional.empty(), 4), Try.of(renewed, link, duid(100), NOW));
        Lease6 held = renewed.ofClient(duid(3), 1, LeaseType.NA, NOW).get(0);
        renewed.put(new Lease6(held.address(), held.duid(), 10, NOW.getEpochSecond() + 10, held.subnetId(), 5,
                LeaseType.NA, 1, 128, false, false, "", Optional.empty(), LeaseState.DEFAULT, ""));
        assertEquals(Optional.of(Addresses.parse6("2001:db8:1::103")),
                Try.of(renewed, link, duid(100), NOW.plusSeconds(11)).address(), "renewed for 10 s only");
    }

    @Test
    void aReclaimFreesWhatItForgets() throws Exception {
        Subnet6 link = subnet(0);
        BindingTable bindings = fullPool(link);
        Allocator6.decline(bindings, duid(1), 1, List.of(Addresses.parse6("2001:db8:1::101")), NOW);
        Instant later = NOW.plusSeconds(Allocator6.DECLINE_PROBATION_SECONDS + 1);
        for (int n = 2; n <= 3; n++) {
            new Allocator6(bindings, link, duid(n), Optional.empty(), Optional.empty(), later)
                    .bind(LeaseType.NA, 1, Addresses.parse6("2001:db8:1::10" + n), 128);
        }
        assertEquals(new Try(Optional.empty(), 4), Try.of(bindings, link, duid(100), later),
                "declined, and ::102 and ::103 bound again");
        assertEquals(1, bindings.reclaimExpired(later.plusSeconds(1), 0), "the declined address at the end of its probation");
        assertEquals(Optional.of(Addresses.parse6("2001:db8:1::101")),
                Try.of(bindings, link, duid(100), later.plusSeconds(1)).address());
    }

    @Test
    void aClientWithItsOwnBindingOrReservationInAFullPoolStillGetsIt() throws Exception {
        Subnet6 link = subnet(0);
        BindingTable bindings = fullPool(link);
        assertEquals(new Try(Optional.empty(), 4), Try.of(bindings, link, duid(100), NOW));

        Allocator6 own = new Allocator6(bindings, link, duid(1), Optional.empty(), Optional.empty(), NOW);
        assertEquals(Addresses.parse6("2001:db8:1::101"), own.address(1, List.of()).orElseThrow().address(), "its binding");
        assertEquals(Optional.empty(),
                new Allocator6(bindings, link, duid(1), Optional.empty(), Optional.empty(), NOW).address(2, List.of()),
                "another IA of the same client probes, and finds the pool full: IA 1 holds its address");
        Allocator6 reserved = new Allocator6(bindings, link, duid(99), Optional.empty(),
                Optional.of(link.reservations().get(1)), NOW);
        assertEquals(Addresses.parse6("2001:db8:1::100"), reserved.address(1, List.of()).orElseThrow().address(), "its reservation");
        assertEquals(new Try(Optional.empty(), 0), Try.of(bindings, link, duid(101), NOW));
    }

    /** Subnets with each allocation order: 1 and 2 iterative (Kea's default), 3 stable, 4 random. */
    static final String ORDERS = """
            {"Dhcp6": {"subnet6": [
              {"id": 1, "subnet": "2001:db8:1::/64",
               "pools": [{"pool": "2001:db8:1::1-2001:db8:1::3"}, {"pool": "2001:db8:1::a-2001:db8:1::b"}]},
              {"id": 2, "subnet": "2001:db8:2::/64", "pools": [{"pool": "2001:db8:2::1-2001:db8:2::ffff"}]},
              {"id": 3, "subnet": "2001:db8:3::/64", "allocator": "stable",
               "pools": [{"pool": "2001:db8:3::1-2001:db8:3::ffff"}]},
              {"id": 4, "subnet": "2001:db8:4::/64", "allocator": "random",
               "pools": [{"pool": "2001:db8:4::1-2001:db8:4::4"}]}]}}
            """;

    static Subnet6 ordered(int index) throws Exception {
        return Dhcp6ConfigParser.parse(ORDERS, Path.of(".")).config().subnets().get(index);
    }

    /** Binds the first IA_NA of client {@code n} from the pools; its address, if it got one. */
    static Optional<Inet6Address> bindNew(BindingTable bindings, Subnet6 link, int n, Instant now) {
        Allocator6 allocator = new Allocator6(bindings, link, duid(n), Optional.empty(), Optional.empty(), now);
        Optional<Inet6Address> address = allocator.address(1, List.of()).map(Allocator6.Allocation::address);
        address.ifPresent(given -> allocator.bind(LeaseType.NA, 1, given, 128));
        return address;
    }

    /** Binds clients 1 to {@code count} in turn; their addresses. */
    static List<Inet6Address> bindNew(BindingTable bindings, Subnet6 link, int count) {
        List<Inet6Address> given = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            given.add(bindNew(bindings, link, n, NOW).orElseThrow());
        }
        return given;
    }

    static void release(BindingTable bindings, int n, String address) {
        Allocator6.release(bindings, duid(n), LeaseType.NA, 1, List.of(Addresses.parse6(address)));
    }

    @Test
    void iterativePoolsGoOnAfterTheLastAddressTriedFromPoolToPoolAndRoundAgain() throws Exception {
        Subnet6 link = ordered(0);
        BindingTable bindings = new BindingTable();
        assertEquals(List.of("2001:db8:1::1", "2001:db8:1::2", "2001:db8:1::3", "2001:db8:1::a"),
                bindNew(bindings, link, 4).stream().map(Addresses::text).toList());
        release(bindings, 1, "2001:db8:1::1");
        assertEquals(Optional.of(Addresses.parse6("2001:db8:1::b")), bindNew(bindings, link, 5, NOW),
                "after ::a, not the freed ::1");
        assertEquals(Optional.of(Addresses.parse6("2001:db8:1::1")), bindNew(bindings, link, 6, NOW), "round again");
        assertEquals(Optional.empty(), bindNew(bindings, link, 7, NOW), "full");
    }

    @Test
    void anIterativeSearchProbesOnlyWhatLiesBetweenTheLastAddressAndAFreeOne() throws Exception {
        Subnet6 link = ordered(1);
        BindingTable bindings = new BindingTable();
        for (int n = 1; n <= 100; n++) {
            Try first = Try.of(bindings, link, duid(n), NOW);
            assertEquals(new Try(Optional.of(Addresses.parse6(String.format("2001:db8:2::%x", n))), 1), first,
                    "client " + n + "'s Solicit");
            new Allocator6(bindings, link, duid(n), Optional.empty(), Optional.empty(), NOW)
                    .bind(LeaseType.NA, 1, first.address().orElseThrow(), 128);
        }
        Allocator6 other = new Allocator6(bindings, link, duid(200), Optional.empty(), Optional.empty(), NOW);
        for (int n = 101; n <= 150; n++) {
            other.bind(LeaseType.NA, n, Addresses.parse6(String.format("2001:db8:2::%x", n)), 128);
        }
        assertEquals(new Try(Optional.of(Addresses.parse6("2001:db8:2::97")), 51), Try.of(bindings, link, duid(151), NOW),
                "::65 to ::96 held by another client");
        bindNew(bindings, link, 151, NOW);
        assertEquals(new Try(Optional.of(Addresses.parse6("2001:db8:2::99")), 1), Try.of(bindings, link, duid(152), NOW),
                "::97 offered to client 151, then ::98 bound to it without a hint: Kea moves on at every offer too");
    }

    @Test
    void aReloadThatTakesTheLastAddressTriedOutOfThePoolsStartsAtTheFirst() throws Exception {
        BindingTable bindings = new BindingTable();
        Subnet6 before = ordered(0);
        bindNew(bindings, before, 1, NOW);
        bindNew(bindings, before, 2, NOW);
        Subnet6 after = Dhcp6ConfigParser.parse(ORDERS.replace("2001:db8:1::1-2001:db8:1::3", "2001:db8:1::3-2001:db8:1::4"),
                Path.of(".")).config().subnets().get(0);
        assertEquals(Optional.of(Addresses.parse6("2001:db8:1::3")), bindNew(bindings, after, 3, NOW));
        assertEquals(Optional.of(Addresses.parse6("2001:db8:1::4")), bindNew(bindings, after, 4, NOW), "and on from there");
    }

    @Test
    void stableGivesAClientTheSameAddressOnServersThatShareNothingAndAfterItsLeaseRanOut() throws Exception {
        Subnet6 link = ordered(2);
        BindingTable alone = new BindingTable();
        Inet6Address address = bindNew(alone, link, 100, NOW).orElseThrow();
        BindingTable busy = new BindingTable();
        bindNew(busy, link, 20);
        assertEquals(Optional.of(address), bindNew(busy, link, 100, NOW), "after 20 other clients");
        assertEquals(Optional.of(address), bindNew(new BindingTable(), link, 100, NOW.plusSeconds(100_000)));
        assertEquals(Optional.of(address), bindNew(alone, link, 100, NOW.plusSeconds(100_000)), "its lease ran out");
    }

    @Test
    void randomGivesEveryAddressOfThePoolOnceUntilItIsFull() throws Exception {
        Subnet6 link = ordered(3);
        BindingTable bindings = new BindingTable();
        Set<Inet6Address> given = new HashSet<>(bindNew(bindings, link, 4));
        assertEquals(4, given.size(), given.toString());
        assertTrue(given.stream().allMatch(link.pools().get(0).range()::contains));
        assertEquals(Optional.empty(), bindNew(bindings, link, 5, NOW));
    }
}

