package io.tandem.dhcp4o6d.engine;

import static io.tandem.dhcp4o6d.engine.Queries.v4;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.wire.Bytes;
import io.tandem.dhcp4o6d.config.Dhcp4Config;
import io.tandem.dhcp4o6d.config.Subnet4;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A full pool answers "no address" to a client with no stake in it without walking the pool again,
 * and exactly as a walk would: anything that frees an address makes the next DHCPDISCOVER walk.
 */
class Allocator4Test {
    /** Pool .10 to .13, .13 reserved in it: full once .10 to .12 are taken. */
    static final Dhcp4Config CONFIG = Queries.config("""
            { "valid-lifetime": 3600,
              "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "4o6-interface": "eth0",
                             "pools": [ { "pool": "192.0.2.10 - 192.0.2.13" } ],
                             "reservations": [ { "hw-address": "00:00:5e:00:53:99", "ip-address": "192.0.2.13" } ] } ] }
            """);
    static final int POOL_SIZE = 4;
    static final ClientIdentity RESERVED = new ClientIdentity(Optional.empty(), Bytes.fromHex("00005e005399"));

    final Allocator4 allocator = new Allocator4();
    final LeaseTable4 leases = new LeaseTable4();
    final HostIndex hosts = new HostIndex(CONFIG);
    final List<Subnet4> subnets = CONFIG.subnets();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    static ClientIdentity client(int n) {
        return LeaseTable4Test.client(n);
    }

    private Optional<Inet4Address> discover(ClientIdentity client) {
        return allocator.offer(client, subnets, hosts.find(client, subnets), Optional.empty(), leases, hosts, now)
                .map(Allocator4.Allocation::address);
    }

    private static Lease4 lease(Inet4Address address, ClientIdentity client, long subnetId, long valid, Instant now) {
        return new Lease4(address, client.hwaddr(), Bytes.EMPTY, valid, now.getEpochSecond() + valid, subnetId, false,
                false, "", LeaseState.DEFAULT, "");
    }

    /** Leases .10 to .12 to clients 10 to 12, for {@code valid} seconds. */
    private void fill(long valid) {
        for (int n = 10; n <= 12; n++) {
            leases.put(lease(v4("192.0.2." + n), client(n), 1, valid, now));
        }
    }

    /** A stranger walks the full pool once; the next strangers are answered without a probe. */
    private void assertExhausted() {
        long before = allocator.probes;
        assertEquals(Optional.empty(), discover(client(100)));
        assertEquals(Optional.empty(), discover(client(101)));
        assertEquals(Optional.empty(), discover(client(102)));
        assertEquals(before + POOL_SIZE, allocator.probes, "one walk, then none");
    }

    @Test
    void aFullPoolIsWalkedOnceForStrangers() {
        fill(3600);
        assertExhausted();
        now = now.plusSeconds(3599);
        long before = allocator.probes;
        assertEquals(Optional.empty(), discover(client(103)));
        assertEquals(before, allocator.probes, "the leases still hold");
    }

    @Test
    void aReleaseFreesTheAddressForTheNextDiscover() {
        fill(3600);
        assertExhausted();
        leases.remove(v4("192.0.2.11"));
        assertEquals(Optional.of(v4("192.0.2.11")), discover(client(100)));
    }

    @Test
    void anExpiryFreesTheAddressForTheNextDiscover() {
        fill(3600);
        leases.put(lease(v4("192.0.2.12"), client(12), 1, 60, now));
        assertExhausted();
        now = now.plusSeconds(60);
        assertEquals(Optional.empty(), discover(client(100)), "expired only after its last second");
        now = now.plusSeconds(1);
        assertEquals(Optional.of(v4("192.0.2.12")), discover(client(100)));
    }

    @Test
    void aReclaimFreesWhatItForgetsForTheNextDiscover() {
        fill(3600);
        leases.put(lease(v4("192.0.2.10"), client(10), 1, 60, now.minus(Dhcp4o6Engine.HOLD_RECLAIMED).minusSeconds(120)));
        leases.hold(v4("192.0.2.10"), client(20), now.plus(Dhcp4o6Engine.OFFER_HOLD), now);
        assertExhausted();
        now = now.plus(Dhcp4o6Engine.OFFER_HOLD).plusSeconds(1);
        assertEquals(1, leases.reclaimExpired(now, Dhcp4o6Engine.HOLD_RECLAIMED), "the lease, and the offer that ran out");
        assertEquals(Optional.of(v4("192.0.2.10")), discover(client(100)));
    }

    @Test
    void aShorterLeaseOfTheAddressFreesItSooner() {
        fill(3600);
        assertExhausted();
        leases.put(lease(v4("192.0.2.11"), client(11), 1, 10, now));
        now = now.plusSeconds(11);
        assertEquals(Optional.of(v4("192.0.2.11")), discover(client(100)));
    }

    @Test
    void offersHoldAFullPoolUntilTheyRunOutOrAreReleased() {
        for (int n = 10; n <= 12; n++) {
            assertEquals(Optional.of(v4("192.0.2." + n)), discover(client(n)));
            leases.hold(v4("192.0.2." + n), client(n), now.plus(Dhcp4o6Engine.OFFER_HOLD), now);
        }
        assertExhausted();
        leases.releaseOffers(client(11));
        assertEquals(Optional.of(v4("192.0.2.11")), discover(client(100)), "client 11 chose another server");
        leases.hold(v4("192.0.2.11"), client(200), now.plus(Dhcp4o6Engine.OFFER_HOLD), now);
        assertExhausted();
        now = now.plus(Dhcp4o6Engine.OFFER_HOLD).plus(Duration.ofMillis(1));
        assertEquals(Optional.of(v4("192.0.2.12")), discover(client(100)), "the offers ran out; the cursor is kept");
    }

    @Test
    void aClientWithItsOwnLeaseOfferOrReservationInAFullPoolStillGetsIt() {
        leases.put(lease(v4("192.0.2.10"), client(10), 1, 3600, now));
        leases.put(lease(v4("192.0.2.11"), client(11), 1, 3600, now));
        leases.hold(v4("192.0.2.12"), client(20), now.plus(Dhcp4o6Engine.OFFER_HOLD), now);
        assertExhausted();
        assertEquals(Optional.of(v4("192.0.2.11")), discover(client(11)), "its lease");
        assertEquals(Optional.of(v4("192.0.2.12")), discover(client(20)), "its offer");
        assertEquals(Optional.of(v4("192.0.2.13")), discover(RESERVED), "its reservation");
        long before = allocator.probes;
        assertEquals(Optional.empty(), discover(client(103)));
        assertEquals(before, allocator.probes, "still known full for strangers");
    }

    @Test
    void aClientWhoseLeaseOnlyTheWalkFindsGetsIt() {
        fill(3600);
        leases.put(lease(v4("192.0.2.12"), client(7), 99, 3600, now)); // a subnet id no longer configured
        assertExhausted();
        long before = allocator.probes;
        assertEquals(Optional.of(v4("192.0.2.12")), discover(client(7)));
        assertEquals(before + 3, allocator.probes, "walked from the start of the pool to its address");
    }
}
