package io.tandem.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.common.lease.Lease4;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 4o6 scenarios every pairing must pass end to end (issue 5's "Done when"), with
 * {@code scripts/dhcp4o6-client} in a {@link PairLab}: Information-Request returns option 88; DORA by
 * multicast from a link-local source; DORA by unicast to the option-88 address from a global source;
 * the same MAC gets the same address again; RENEW with the U flag gets an ACK; a relayed query with
 * a configured Interface-ID lands in the subnet of its {@code 4o6-interface-id}, one with another
 * Interface-ID in the link's subnet; a relayed query with the Relay Source Port option is answered
 * on that port; RELEASE shows in the lease file as a row with valid lifetime 0; a query without
 * option 87 and one carrying a DHCPOFFER get no answer. A subclass names the two halves in its
 * constructor; each test uses its own MACs.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
public abstract class PairScenarios {
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private final PairLab.Half6 half6;
    private final PairLab.Half4 half4;
    private final boolean dhcp4First;
    protected PairLab pair;

    /** The two halves, and whether the DHCPv4 half starts first (either order must work). */
    protected PairScenarios(PairLab.Half6 half6, PairLab.Half4 half4, boolean dhcp4First) {
        this.half6 = half6;
        this.half4 = half4;
        this.dhcp4First = dhcp4First;
    }

    @BeforeAll
    void startPair() {
        pair = PairLab.start(work, half6, half4, dhcp4First);
    }

    @AfterAll
    void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    /** Runs the client and requires exit 0; the one JSON object it printed per client. */
    protected List<JsonNode> ok(String... arguments) {
        PairLab.ClientRun run = pair.client(CLIENT_TIMEOUT, arguments);
        assertEquals(0, run.exitCode(), () -> "dhcp4o6-client " + String.join(" ", arguments) + "\n" + run.output()
                + pair.diagnostics());
        return run.objects();
    }

    protected JsonNode one(String... arguments) {
        List<JsonNode> objects = ok(arguments);
        assertEquals(1, objects.size(), objects::toString);
        return objects.get(0);
    }

    private static void assertIn(String prefix, JsonNode result, String field) {
        assertTrue(result.path(field).asText().startsWith(prefix), field + " should start with " + prefix + ": " + result);
    }

    @Test
    void anInformationRequestReturnsOption88() {
        JsonNode reply = one("-i", "cli0", "--information-request", "--mac", "02:00:00:00:01:01");
        assertEquals("2001:db8:3::1", reply.path("dhcp4o6-server-addresses").path(0).asText(), reply::toString);
    }

    @Test
    void doraByMulticastFromTheLinkLocalAddressRenewsWithTheUnicastFlagAndKeepsItsAddress() {
        JsonNode first = one("-i", "cli0", "--mac", "02:00:00:00:02:01", "--renew");
        assertIn("192.0.2.", first, "yiaddr");
        assertEquals("192.0.2.1", first.path("server-id").asText(), first::toString);
        assertEquals(4000, first.path("lease-time").asLong(), first::toString);
        assertTrue(first.path("from").asText().startsWith("[fe80:") && first.path("from").asText().endsWith("]:547"),
                first::toString);
        assertEquals("000000", first.path("response-flags").asText(), "RFC 7341 defines no response flags");
        assertEquals(first.path("yiaddr"), first.path("renewed").path("yiaddr"), "the RENEWING REQUEST got an ACK");
        assertEquals("000000", first.path("renewed").path("response-flags").asText(), first::toString);

        JsonNode again = one("-i", "cli0", "--mac", "02:00:00:00:02:01");
        assertEquals(first.path("yiaddr"), again.path("yiaddr"), "the same MAC, the same address");
    }

    @Test
    void doraByUnicastToTheOption88AddressFromAGlobalSource() {
        List<JsonNode> objects = ok("-i", "cli0", "--find-server", "--source", "2001:db8:3:0:5::5",
                "--mac", "02:00:00:00:03:01", "--renew");
        assertEquals(2, objects.size(), objects::toString);
        JsonNode lease = objects.get(1);
        assertIn("203.0.113.", lease, "yiaddr");
        assertEquals("[2001:db8:3::1]:547", lease.path("from").asText(), lease::toString);
        assertEquals(lease.path("yiaddr"), lease.path("renewed").path("yiaddr"), lease::toString);
    }

    @Test
    void aRelayedQueryWithAConfiguredInterfaceIdLandsInItsSubnetAndIsAnsweredOnTheRelaySourcePort() {
        // The client binds [2001:db8:3::2]:10547: an answer it receives came to that port.
        JsonNode lease = one("--server", "2001:db8:3::1", "--source", "2001:db8:3::2", "--relay-link", "2001:db8:4::1",
                "--interface-id", "relay-7", "--relay-source-port", "10547", "--mac", "02:00:00:00:04:01", "--renew");
        assertIn("198.51.100.", lease, "yiaddr");
        assertTrue(lease.path("relayed").asBoolean(), "a Relay-Reply: " + lease);
        assertEquals(lease.path("yiaddr"), lease.path("renewed").path("yiaddr"), lease::toString);
    }

    @Test
    void aRelayedQueryWithAnotherInterfaceIdLandsInTheLinksSubnet() {
        JsonNode lease = one("--server", "2001:db8:3::1", "--source", "2001:db8:3::2", "--relay-link", "2001:db8:4::1",
                "--interface-id", "relay-8", "--relay-source-port", "10548", "--mac", "02:00:00:00:05:01");
        assertIn("192.0.2.", lease, "yiaddr");
        assertTrue(lease.path("relayed").asBoolean(), lease::toString);
    }

    @Test
    void aReleaseShowsInTheLeaseFileAsARowWithValidLifetimeZero() {
        JsonNode lease = one("-i", "cli0", "--mac", "02:00:00:00:06:01", "--release");
        assertTrue(lease.path("released").asBoolean(), lease::toString);
        String address = lease.path("yiaddr").asText();
        Bytes mac = Bytes.fromHex("020000000601");
        NetnsLab.await(Duration.ofSeconds(10), "a release row for " + address, () -> {
            List<Lease4> rows = pair.leaseRows().stream()
                    .filter(row -> Addresses.text(row.address()).equals(address) && row.hwaddr().equals(mac)).toList();
            return rows.stream().anyMatch(row -> row.validLifetime() > 0)
                    && rows.get(rows.size() - 1).validLifetime() == 0;
        }, pair::diagnostics);
    }

    @Test
    void queriesWithoutOption87OrCarryingADhcpofferGetNoAnswer() {
        for (String probe : List.of("no-dhcpv4-message", "offer")) {
            JsonNode result = one("-i", "cli0", "--mac", "02:00:00:00:07:01", "--probe", probe, "--tries", "1",
                    "--timeout", "1500");
            assertFalse(result.path("answered").asBoolean(true), probe + ": " + result);
        }
        // And the pair still answers.
        assertIn("192.0.2.", one("-i", "cli0", "--mac", "02:00:00:00:07:01"), "yiaddr");
    }
}
