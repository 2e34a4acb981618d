package io.tandem.dhcp4o6d.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.common.lease.Lease4;
import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.PairLab;
import io.tandem.common.testing.PairScenarios;
import io.tandem.common.wire.Addresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tandem's own pair, {@code dhcp6d -6 -4o6 6767} and {@code dhcp4o6d -4 -4o6 6767}, in network
 * namespaces: the 4o6 scenarios of {@link PairScenarios} (dhcp4o6d started first), and kill -9 of
 * each half in turn while {@code scripts/dhcp-load} runs 4o6 DORA: after each restart service
 * resumes by itself, and every lease the generator saw acknowledged is a row in the lease file.
 */
class TandemPairIT extends PairScenarios {
    TandemPairIT() {
        super(PairLab.Half6.DHCP6D, PairLab.Half4.DHCP4O6D, true);
    }

    @Test
    void killMinus9OfEitherHalfUnderLoadLosesNoAcknowledgedLeaseAndServiceResumes() throws Exception {
        long start = System.nanoTime();
        // A relay's queries with Interface-ID "load" land in 10.64.0.0/16; a new MAC for every DORA
        // (8 in flight), so that every ACK is a new row.
        Path acked = pair.leaseFile4().resolveSibling("acked.csv");
        Path report = pair.leaseFile4().resolveSibling("load.json");
        LabProcess load = pair.lab().start("load", pair.clientNamespace(),
                Launcher.repository().resolve("scripts/dhcp-load").toString(), "--exchange", "dora",
                "--server", "2001:db8:3::1", "--source", "2001:db8:3::2", "--relay-link", "2001:db8:4::1",
                "--interface-id", "load", "--mac", "02:00:00:40:00:00", "--clients", "1000000000", "--window", "8",
                "--step-seconds", "24", "--timeout", "500", "--acked", acked.toString(), "--json", report.toString());
        TimeUnit.SECONDS.sleep(5);
        pair.kill4();
        TimeUnit.SECONDS.sleep(1);
        pair.start4();
        TimeUnit.SECONDS.sleep(3);
        pair.kill6();
        TimeUnit.SECONDS.sleep(1);
        pair.start6();
        long restartedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(0, load.awaitExit(Duration.ofSeconds(90)).orElseThrow(
                () -> new AssertionError("the load run did not end" + pair.diagnostics())), load.output());
        String summary = Files.readString(report);
        List<String[]> leases = Files.readAllLines(acked).stream().skip(1).map(line -> line.split(",")).toList();
        assertTrue(leases.size() > 0, summary);
        assertTrue(leases.stream().anyMatch(lease -> Long.parseLong(lease[2]) > restartedMillis),
                "service resumed after both restarts (at " + restartedMillis + " ms): " + summary);

        Set<String> rows = new HashSet<>();
        for (Lease4 row : pair.leaseRows()) {
            if (row.validLifetime() > 0) {
                rows.add(row.hwaddr().colonHex() + " " + Addresses.text(row.address()));
            }
        }
        List<String> missing = leases.stream().map(lease -> lease[0] + " " + lease[1])
                .filter(lease -> !rows.contains(lease)).toList();
        assertEquals(List.of(), missing, "acknowledged leases without a row in " + pair.leaseFile4() + "; " + summary);

        JsonNode after = one("-i", "cli0", "--mac", "02:00:00:00:08:01");
        assertTrue(after.path("yiaddr").asText().startsWith("192.0.2."), after.toString());
    }
}
