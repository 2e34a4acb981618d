package io.tandem.dhcp4o6d.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.config.Ipv4;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.wire.Bytes;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The addresses held for clients between their DHCPOFFER and their DHCPREQUEST. */
class LeaseTable4Test {
    static final long BASE = Ipv4.toLong(Queries.v4("10.0.0.0"));

    final LeaseTable4 table = new LeaseTable4();
    final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final Instant until = now.plus(Dhcp4o6Engine.OFFER_HOLD);
    final Instant after = until.plusSeconds(1);

    static ClientIdentity client(int n) {
        return new ClientIdentity(Optional.empty(), Bytes.of((byte) 2, (byte) 0, (byte) (n >>> 24), (byte) (n >>> 16),
                (byte) (n >>> 8), (byte) n));
    }

    static Inet4Address address(int n) {
        return Ipv4.fromLong(BASE + n);
    }

    static Lease4 lease(int n, int client, long valid, long expire) {
        return new Lease4(address(n), client(client).hwaddr(), Bytes.EMPTY, valid, expire, 1, false, false, "",
                LeaseState.DEFAULT, "");
    }

    /**
     * Rows loaded one by one in file order leave what Kea's rule says the whole file leaves: the
     * last row of each address, without releases, without what ran out longer ago than the grace.
     */
    @Test
    void rowsLoadedInFileOrderLeaveTheLastRowOfEachAddress() {
        long at = now.getEpochSecond();
        Duration grace = Duration.ofHours(1);
        List<Lease4> rows = List.of(lease(1, 1, 3600, at + 3600), lease(2, 2, 3600, at + 3600),
                lease(1, 3, 3600, at + 1800), lease(2, 2, 3600, at + 3600).released(), lease(3, 4, 60, at - 60),
                lease(4, 5, 60, at - 7200), lease(5, 6, 3600, at).released(), lease(5, 6, 3600, at + 3600));
        rows.forEach(row -> table.load(row, now, grace));

        List<Lease4> expected = LeaseFile.latestPerBinding(rows).stream()
                .filter(lease -> lease.expire() >= at - grace.toSeconds()).toList();
        assertEquals(Set.copyOf(expected), Set.copyOf(table.snapshot()));
        assertEquals(3, table.snapshot().size(), "1 (its later client), the recently expired 3 and 5 taken again");
        assertEquals(Optional.of(address(1)),
                table.ofClient(client(3), Set.of(1L), now).map(Lease4::address), "the index follows the last row");
        assertEquals(Optional.empty(), table.ofClient(client(1), Set.of(1L), now));
    }

    @Test
    void anOfferHoldsTheAddressForItsClientUntilItRunsOut() {
        table.hold(address(1), client(1), until, now);

        assertEquals(Optional.of(address(1)), table.offeredTo(client(1), now));
        assertEquals(Optional.of(address(1)), table.offeredTo(client(1), until));
        assertFalse(table.isFreeFor(address(1), client(2), until));
        assertTrue(table.isFreeFor(address(1), client(1), now));
        assertEquals(Optional.empty(), table.offeredTo(client(2), now));

        assertEquals(Optional.empty(), table.offeredTo(client(1), after));
        assertTrue(table.isFreeFor(address(1), client(2), after));
    }

    @Test
    void aClientDiscoveringAgainHasOnlyItsNewOffer() {
        table.hold(address(1), client(1), until, now);
        table.hold(address(2), client(1), until, now);

        assertEquals(Optional.of(address(2)), table.offeredTo(client(1), now));
        assertTrue(table.isFreeFor(address(1), client(2), now));
        assertFalse(table.isFreeFor(address(2), client(2), now));
    }

    @Test
    void aClientIsKnownByItsWholeIdentity() {
        ClientIdentity withId = new ClientIdentity(Optional.of(Bytes.fromHex("01aabbcc")), client(1).hwaddr());
        table.hold(address(1), withId, until, now);

        assertEquals(Optional.of(address(1)), table.offeredTo(withId, now));
        assertEquals(Optional.empty(), table.offeredTo(client(1), now));
    }

    @Test
    void anOfferOfTheSameAddressToAnotherClientReplacesTheFirst() {
        table.hold(address(1), client(1), until, now);
        table.hold(address(1), client(2), until, now);

        assertEquals(Optional.empty(), table.offeredTo(client(1), now));
        assertEquals(Optional.of(address(1)), table.offeredTo(client(2), now));
    }

    @Test
    void releaseAndALeaseOfTheAddressEndTheOffer() {
        table.hold(address(1), client(1), until, now);
        table.hold(address(2), client(2), until, now);

        table.releaseOffers(client(1));
        assertEquals(Optional.empty(), table.offeredTo(client(1), now));
        assertTrue(table.isFreeFor(address(1), client(3), now));

        table.put(new Lease4(address(2), client(2).hwaddr(), Bytes.EMPTY, 3600, now.getEpochSecond() + 3600, 1,
                false, false, "", LeaseState.DEFAULT, ""));
        assertEquals(Optional.empty(), table.offeredTo(client(2), now));
        assertTrue(table.isFreeFor(address(2), client(2), now));
        assertFalse(table.isFreeFor(address(2), client(3), now));
    }

    /**
     * A burst fills the table; new offers go unheld (the client's earlier one stays) until the burst's
     * offers run out, and then all of them are gone: a second burst as large is held whole.
     */
    @Test
    void pastMaxOffersNewOffersGoUnheldUntilTheOldOnesRunOut() {
        for (int n = 0; n < LeaseTable4.MAX_OFFERS; n++) {
            table.hold(address(n), client(n), until, now);
        }
        table.hold(address(LeaseTable4.MAX_OFFERS), client(LeaseTable4.MAX_OFFERS), until, now);
        table.hold(address(LeaseTable4.MAX_OFFERS + 1), client(7), until, now);

        assertEquals(Optional.empty(), table.offeredTo(client(LeaseTable4.MAX_OFFERS), now));
        assertEquals(Optional.of(address(7)), table.offeredTo(client(7), now));
        assertEquals(Optional.of(address(LeaseTable4.MAX_OFFERS - 1)),
                table.offeredTo(client(LeaseTable4.MAX_OFFERS - 1), until));

        Instant later = after.plusSeconds(1);
        int second = LeaseTable4.MAX_OFFERS;
        for (int n = 0; n < LeaseTable4.MAX_OFFERS; n++) {
            table.hold(address(second + n), client(second + n), later.plus(Dhcp4o6Engine.OFFER_HOLD), later);
        }
        for (int n = 0; n < LeaseTable4.MAX_OFFERS; n += 997) {
            assertEquals(Optional.empty(), table.offeredTo(client(n), later));
            assertEquals(Optional.of(address(second + n)), table.offeredTo(client(second + n), later));
        }
        assertEquals(Optional.of(address(2 * second - 1)), table.offeredTo(client(2 * second - 1), later));
    }

    @Test
    void reclaimingForgetsTheOffersThatRanOut() {
        table.hold(address(1), client(1), until, now);
        table.hold(address(2), client(2), after, after.minus(Dhcp4o6Engine.OFFER_HOLD));

        table.reclaimExpired(after, Dhcp4o6Engine.OFFER_HOLD);

        assertEquals(Optional.empty(), table.offeredTo(client(1), now));
        assertEquals(Optional.of(address(2)), table.offeredTo(client(2), after));
    }

    /**
     * A wall clock stepped back an hour: an offer made before is held for what is left of its
     * hold, not an hour more. Stepped forward a day: the lease ends a day later (not expired on the
     * new clock) and the offer still holds its address for its client.
     */
    @Test
    void aClockStepKeepsOffersToTheirRealHoldAndMovesLeasesOnlyForward() {
        long at = now.getEpochSecond();
        table.put(lease(1, 1, 600, at + 600));
        table.hold(address(2), client(2), until, now);

        Instant backAnHour = now.minus(Duration.ofHours(1));
        assertEquals(0, table.clockStepped(Duration.ofHours(-1), backAnHour));
        assertEquals(Optional.empty(), table.offeredTo(client(2), backAnHour.plus(Dhcp4o6Engine.OFFER_HOLD)
                .plusSeconds(1)), "the hold ends when it would have in real time");
        assertEquals(at + 600, table.at(address(1)).orElseThrow().expire(), "the lease's wall-clock end stands");

        table.hold(address(2), client(2), backAnHour.plus(Dhcp4o6Engine.OFFER_HOLD), backAnHour);
        Instant dayLater = backAnHour.plus(Duration.ofDays(1));
        assertEquals(1, table.clockStepped(Duration.ofDays(1), dayLater));
        assertEquals(at + 600 + 86_400, table.at(address(1)).orElseThrow().expire());
        assertFalse(table.at(address(1)).orElseThrow().isExpired(dayLater));
        assertEquals(Optional.of(address(2)), table.offeredTo(client(2), dayLater), "the offer still holds");
        assertFalse(table.isFreeFor(address(1), client(3), dayLater), "nobody else gets the leased address");
    }
}
