package io.tandem.dhcp4o6d.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.common.lease.Lease4;
import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.PairLab;
import io.tandem.common.testing.PairScenarios;
import io.tandem.common.wire.Addresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tandem's own pair, {@code dhcp6d -6 -4o6 6767} and {@code dhcp4o6d -4 -4o6 6767}, in network
 * namespaces: the 4o6 scenarios of {@link PairScenarios} (dhcp4o6d started first), and kill -9 of
 * each half in turn while {@code scripts/dhcp4o6-client} runs in load mode: after each restart
 * service resumes by itself, and every lease the client saw acknowledged is a row in the lease file.
 */
class TandemPairIT extends PairScenarios {
    TandemPairIT() {
        super(PairLab.Half6.DHCP6D, PairLab.Half4.DHCP4O6D, true);
    }

    @Test
    void killMinus9OfEitherHalfUnderLoadLosesNoAcknowledgedLeaseAndServiceResumes() throws Exception {
        long start = System.nanoTime();
        // A relay's queries with Interface-ID "load" land in 10.64.0.0/16; a new MAC for every DORA,
        // so that every ACK is a new row.
        LabProcess load = pair.lab().start("load", pair.clientNamespace(), pair.clientCommand(
                "--server", "2001:db8:3::1", "--source", "2001:db8:3::2", "--relay-link", "2001:db8:4::1",
                "--interface-id", "load", "--relay-source-port", "10549", "--mac", "02:00:00:40:00:00",
                "--clients", "8", "--duration", "24", "--fresh-macs", "--list-acked", "--tries", "2",
                "--timeout", "500").toArray(String[]::new));
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
        JsonNode report = PairLab.objects(load.output()).get(0);
        List<JsonNode> acked = new ArrayList<>();
        report.path("acked").forEach(acked::add);
        assertTrue(acked.size() > 0, report.toString());
        assertTrue(acked.stream().anyMatch(ack -> ack.path("at-ms").asLong() > restartedMillis),
                "service resumed after both restarts (at " + restartedMillis + " ms): " + summary(report));

        Set<String> rows = new HashSet<>();
        for (Lease4 row : pair.leaseRows()) {
            if (row.validLifetime() > 0) {
                rows.add(row.hwaddr().colonHex() + " " + Addresses.text(row.address()));
            }
        }
        List<String> missing = acked.stream().map(ack -> ack.path("mac").asText() + " " + ack.path("yiaddr").asText())
                .filter(ack -> !rows.contains(ack)).toList();
        assertEquals(List.of(), missing, "acknowledged leases without a row in " + pair.leaseFile4() + "; "
                + summary(report));

        JsonNode after = one("-i", "cli0", "--mac", "02:00:00:00:08:01");
        assertTrue(after.path("yiaddr").asText().startsWith("192.0.2."), after.toString());
    }

    private static String summary(JsonNode report) {
        return report.path("exchanges") + " exchanges, " + report.path("failures") + " failures, "
                + report.path("exchanges-per-second") + "/s";
    }
}
