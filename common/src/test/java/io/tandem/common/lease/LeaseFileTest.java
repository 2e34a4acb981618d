package io.tandem.common.lease;

import static io.tandem.common.lease.LeaseSamples.lease4;
import static io.tandem.common.lease.LeaseSamples.lease6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseFileTest {
    private static final String HEADER6 = LeaseCsv6.INSTANCE.keaHeader().line();

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("leases6.csv");
    }

    private LeaseFile<Lease6> open() throws IOException {
        return LeaseFile.open(file(), LeaseCsv6.INSTANCE);
    }

    private LoadedLeases<Lease6> load() throws IOException {
        return LeaseFile.load(file(), LeaseCsv6.INSTANCE);
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(file(), StandardCharsets.UTF_8);
    }

    @Test
    void aMissingFileHoldsNoLeases() throws IOException {
        assertEquals(new LoadedLeases<Lease6>(List.of(), List.of()), load());
    }

    @Test
    void anAppendedBatchIsInTheFileWhenAppendReturns() throws IOException {
        LeaseFile<Lease6> leases = open();
        assertEquals(List.of(HEADER6), lines());
        List<Lease6> batch = List.of(lease6("2001:db8::1", "00030001525400123456", 1),
                lease6("2001:db8::1", "00040102030405060708090a0b0c0d0e0f10", 2));
        leases.append(batch);
        // Read by another reader while the appender stays open, as after a kill -9: nothing is
        // waiting in a buffer of ours.
        assertEquals(new LoadedLeases<>(batch, List.of()), load());
        leases.append(List.of(batch.get(0).released()));
        leases.sync();
        assertEquals(4, lines().size());
        leases.close();
    }

    @Test
    void reopeningAFileAppendsAfterItsRows() throws IOException {
        Lease4 first = lease4("192.0.2.10", "52:54:00:00:00:01");
        Lease4 second = lease4("192.0.2.11", "52:54:00:00:00:02");
        try (LeaseFile<Lease4> leases = LeaseFile.open(directory.resolve("leases4.csv"), LeaseCsv4.INSTANCE)) {
            leases.append(List.of(first));
        }
        try (LeaseFile<Lease4> leases = LeaseFile.open(directory.resolve("leases4.csv"), LeaseCsv4.INSTANCE)) {
            leases.append(List.of(second));
        }
        assertEquals(List.of(first, second),
                LeaseFile.load(directory.resolve("leases4.csv"), LeaseCsv4.INSTANCE).leases());
    }

    @Test
    void badRowsAreReportedWithTheirLineNumbersAndSkipped() throws IOException {
        Lease6 good = lease6("2001:db8::1", "00030001525400123456", 1);
        Lease6 alsoGood = lease6("2001:db8::2", "00030001525400123457", 1);
        String goodRow = LeaseCsv6.INSTANCE.encode(good);
        Files.writeString(file(), String.join("\n", HEADER6, goodRow, "",
                "2001:db8::3,00:03:00:01,4000",
                goodRow.replace("2001:db8::1", "2001:db8::g"),
                goodRow.replace(",4000,", ",-4000,"),
                LeaseCsv6.INSTANCE.encode(alsoGood)) + "\n");
        LoadedLeases<Lease6> loaded = load();
        assertEquals(List.of(good, alsoGood), loaded.leases());
        assertEquals(List.of(4L, 5L, 6L), loaded.problems().stream().map(LoadedLeases.Problem::line).toList());
        assertTrue(loaded.problems().get(0).message().contains("3 values"), loaded.problems().toString());
        assertTrue(loaded.problems().get(1).message().contains("address '2001:db8::g'"), loaded.problems().toString());
        assertTrue(loaded.problems().get(2).message().contains("valid_lifetime '-4000'"), loaded.problems().toString());
    }

    @Test
    void aForeignHeaderIsReportedAndTheRowsAfterItReadInKeasLayout() throws IOException {
        Lease6 good = lease6("2001:db8::1", "00030001525400123456", 1);
        Files.writeString(file(), "\naddress,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,"
                + "hostname,state,user_context\n" + LeaseCsv6.INSTANCE.encode(good) + "\n");
        LoadedLeases<Lease6> loaded = load();
        assertEquals(List.of(good), loaded.leases());
        assertEquals(1, loaded.problems().size());
        LoadedLeases.Problem header = loaded.problems().get(0);
        assertEquals(2L, header.line());
        assertTrue(header.message().startsWith("not a lease file header (the header lacks column(s) duid"),
                header.message());
        assertTrue(header.message().endsWith("read in Kea 2.2's layout"), header.message());
    }

    @Test
    void aFileWithAForeignHeaderIsKeptAsideAndRewrittenWithItsGoodRows() throws IOException {
        Lease6 good = lease6("2001:db8::1", "00030001525400123456", 1);
        String damaged = "garbage where the header was\n" + LeaseCsv6.INSTANCE.encode(good) + "\n1,2,3\n";
        Files.writeString(file(), damaged);
        Lease6 next = lease6("2001:db8::2", "00030001525400123457", 1);
        try (LeaseFile<Lease6> leases = open()) {
            leases.append(List.of(next));
        }
        assertEquals(new LoadedLeases<>(List.of(good, next), List.of()), load());
        assertEquals(HEADER6, lines().get(0));
        List<Path> kept;
        try (var listing = Files.list(directory)) {
            kept = listing.filter(path -> path.getFileName().toString().startsWith("leases6.csv.damaged-")).toList();
        }
        assertEquals(1, kept.size(), kept.toString());
        assertEquals(damaged, Files.readString(kept.get(0)), "the damaged file as it was");
    }

    @Test
    void anotherFamilysFileIsReadAsNoLeasesWithEveryLineReported() throws IOException {
        Path v4 = directory.resolve("leases4.csv");
        try (LeaseFile<Lease4> leases = LeaseFile.open(v4, LeaseCsv4.INSTANCE)) {
            leases.append(List.of(lease4("192.0.2.10", "52:54:00:00:00:01"),
                    lease4("192.0.2.11", "52:54:00:00:00:02")));
        }
        LoadedLeases<Lease6> loaded = LeaseFile.load(v4, LeaseCsv6.INSTANCE);
        assertEquals(List.of(), loaded.leases());
        assertEquals(List.of(1L, 2L, 3L), loaded.problems().stream().map(LoadedLeases.Problem::line).toList());
    }

    @Test
    void aRowCutShortIsReportedAndTheNextAppendStartsOnANewLine() throws IOException {
        Lease6 good = lease6("2001:db8::1", "00030001525400123456", 1);
        String cut = LeaseCsv6.INSTANCE.encode(good).substring(0, 30);
        Files.writeString(file(), HEADER6 + "\n" + cut);
        LoadedLeases.Problem torn = load().problems().get(0);
        assertEquals(2L, torn.line());
        assertTrue(torn.message().endsWith("the file ends inside this line (a write cut short)"), torn.message());
        Lease6 next = lease6("2001:db8::2", "00030001525400123457", 1);
        try (LeaseFile<Lease6> leases = open()) {
            leases.append(List.of(next));
        }
        LoadedLeases<Lease6> loaded = load();
        assertEquals(List.of(next), loaded.leases());
        assertEquals(2L, loaded.problems().get(0).line());
        assertFalse(loaded.problems().get(0).message().contains("cut short"), "the torn line is no longer the last");
        assertEquals(List.of(HEADER6, cut, LeaseCsv6.INSTANCE.encode(next)), lines());
    }

    @Test
    void aWholeLastRowWithoutItsLineEndReadsAndIsNotGluedToTheNext() throws IOException {
        Lease6 good = lease6("2001:db8::1", "00030001525400123456", 1);
        Files.writeString(file(), HEADER6 + "\n" + LeaseCsv6.INSTANCE.encode(good));
        assertEquals(new LoadedLeases<>(List.of(good), List.of()), load());
        Lease6 next = lease6("2001:db8::2", "00030001525400123457", 1);
        try (LeaseFile<Lease6> leases = open()) {
            leases.append(List.of(next));
        }
        assertEquals(new LoadedLeases<>(List.of(good, next), List.of()), load());
    }

    @Test
    void theCompactionAfterADamagedStartWritesOnlyGoodRows() throws IOException {
        Lease6 good = lease6("2001:db8::1", "00030001525400123456", 1);
        String row = LeaseCsv6.INSTANCE.encode(good);
        Files.writeString(file(), HEADER6 + "\n" + row + "\n" + row.replace(",4000,", ",x,") + "\n"
                + row.substring(0, 20));
        LoadedLeases<Lease6> loaded = load();
        assertEquals(List.of(3L, 4L), loaded.problems().stream().map(LoadedLeases.Problem::line).toList());
        try (LeaseFile<Lease6> leases = open()) {
            leases.compact(() -> LeaseFile.latestPerBinding(loaded.leases()));
        }
        assertEquals(List.of(HEADER6, row), lines());
    }

    @Test
    void appendsToAKea24FileInItsOwnLayout() throws IOException {
        Files.copy(LeaseFilesFromKeaTest.resource("kea-2.4-leases6.csv"), file());
        Lease6 lease = lease6("2001:db8::1", "00030001525400123456", 1);
        try (LeaseFile<Lease6> leases = open()) {
            leases.append(List.of(lease));
        }
        List<String> lines = lines();
        assertEquals(HEADER6 + ",pool_id", lines.get(0));
        assertEquals(LeaseCsv6.INSTANCE.encode(lease) + ",0", lines.get(lines.size() - 1));
        LoadedLeases<Lease6> loaded = load();
        assertEquals(List.of(), loaded.problems());
        assertEquals(4, loaded.leases().size());
    }

    @Test
    void aFileFromAnOlderKeaIsRewrittenUnderKea22sHeaderBeforeAppending() throws IOException {
        String oldHeader = "address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,"
                + "fqdn_fwd,fqdn_rev,hostname,hwaddr,state";
        Files.writeString(file(), oldHeader + "\n"
                + "2001:db8::7,00:03:00:01:52:54:00:12:34:56,4000,1795333094,7,3000,0,9,128,0,0,old,52:54:00:12:34:56,0\n");
        Lease6 lease = lease6("2001:db8::1", "00030001525400123456", 1);
        try (LeaseFile<Lease6> leases = open()) {
            leases.append(List.of(lease));
        }
        List<String> lines = lines();
        assertEquals(List.of(HEADER6,
                "2001:db8::7,00:03:00:01:52:54:00:12:34:56,4000,1795333094,7,3000,0,9,128,0,0,old,52:54:00:12:34:56,0,,1,0",
                LeaseCsv6.INSTANCE.encode(lease)), lines);
    }

    @Test
    void compactionLeavesTheGivenLeasesUnderKea22sHeaderAndAppendingGoesOn() throws IOException {
        Files.copy(LeaseFilesFromKeaTest.resource("kea-2.4-leases6.csv"), file());
        try (LeaseFile<Lease6> leases = open()) {
            Lease6 kept = lease6("2001:db8::1", "00030001525400123456", 1);
            leases.append(List.of(kept, lease6("2001:db8::2", "00030001525400123457", 1)));
            leases.compact(() -> List.of(kept));
            assertEquals(List.of(HEADER6, LeaseCsv6.INSTANCE.encode(kept)), lines());

            Lease6 later = lease6("2001:db8::3", "00030001525400123458", 1);
            leases.append(List.of(later));
            leases.sync();
            assertEquals(List.of(kept, later), load().leases());
        }
        assertTrue(Files.notExists(directory.resolve("leases6.csv.new")));
    }

    @Test
    void rowsAppendedWhileACompactionWritesItsFileAreCarriedOver() throws IOException {
        Lease6 before = lease6("2001:db8::1", "00030001525400123456", 1);
        Lease6 during = lease6("2001:db8::2", "00030001525400123457", 1);
        try (LeaseFile<Lease6> leases = open()) {
            leases.append(List.of(before));
            leases.compact(() -> {
                List<Lease6> snapshot = List.of(before);
                try {
                    // What the engine may do after the snapshot is taken and before the new file is in place.
                    leases.append(List.of(during, before.released()));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return snapshot;
            });
        }
        List<Lease6> rows = load().leases();
        assertEquals(List.of(before, during, before.released()), rows);
        assertEquals(List.of(during), LeaseFile.latestPerBinding(rows));
    }

    @Test
    void aFailedCompactionLeavesTheFileAndTheAppenderAsTheyWere() throws IOException {
        Lease6 lease = lease6("2001:db8::1", "00030001525400123456", 1);
        try (LeaseFile<Lease6> leases = open()) {
            leases.append(List.of(lease));
            assertThrows(IllegalStateException.class, () -> leases.compact(() -> {
                throw new IllegalStateException("no snapshot");
            }));
            leases.append(List.of(lease.released()));
        }
        assertEquals(List.of(lease, lease.released()), load().leases());
        assertTrue(Files.notExists(directory.resolve("leases6.csv.new")));
    }

    @Test
    void anInterruptedAppendFailsAndTheNextOneReopensTheFile() throws IOException {
        Lease6 first = lease6("2001:db8::1", "00030001525400123456", 1);
        Lease6 second = lease6("2001:db8::2", "00030001525400123457", 1);
        try (LeaseFile<Lease6> leases = open()) {
            Thread.currentThread().interrupt();
            try {
                assertThrows(ClosedByInterruptException.class, () -> leases.append(List.of(first)));
            } finally {
                Thread.interrupted();
            }
            leases.append(List.of(second));
            leases.sync();
        }
        assertEquals(List.of(second), load().leases());
    }

    @Test
    void aClosedFileRefusesAppends() throws IOException {
        LeaseFile<Lease6> leases = open();
        leases.close();
        leases.close();
        assertThrows(IllegalStateException.class,
                () -> leases.append(List.of(lease6("2001:db8::1", "00030001525400123456", 1))));
    }

    @Test
    void keepsEveryBindingOfAnAddressWhereKeaKeepsOne() throws IOException {
        Lease6 firmware = lease6("2001:db8::1", "000400112233445566778899aabbccddeeff", 1);
        Lease6 ipxe = lease6("2001:db8::1", "00030001525400123456", 0);
        Lease6 os = lease6("2001:db8::1", "00010001329548c6525400123456", 7);
        Lease6 firmwareRenewed = new Lease6(firmware.address(), firmware.duid(), 4000, firmware.expire() + 60, 7, 3000,
                LeaseType.NA, 1, 128, false, false, "", firmware.hardwareAddress(), LeaseState.DEFAULT, "");
        List<Lease6> rows = List.of(firmware, ipxe, os, ipxe.released(), firmwareRenewed);
        assertEquals(List.of(os, firmwareRenewed), LeaseFile.latestPerBinding(rows));

        Lease4 a = lease4("192.0.2.10", "52:54:00:00:00:01");
        Lease4 b = lease4("192.0.2.10", "52:54:00:00:00:02");
        assertEquals(List.of(b), LeaseFile.latestPerBinding(List.of(a, b)));
        assertEquals(List.of(), LeaseFile.latestPerBinding(List.of(a, b, b.released())));
    }

    @Test
    void blankLinesAreSkippedAsKeaSkipsThem() throws IOException {
        Lease6 lease = lease6("2001:db8::1", "00030001525400123456", 1);
        Files.writeString(file(), "\n\n" + HEADER6 + "\n\n" + LeaseCsv6.INSTANCE.encode(lease) + "\n\n",
                StandardOpenOption.CREATE_NEW);
        assertEquals(new LoadedLeases<>(List.of(lease), List.of()), load());
    }
}
