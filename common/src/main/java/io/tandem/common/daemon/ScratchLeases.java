package io.tandem.common.daemon;

import io.tandem.common.config.LeaseDatabaseConfig.Durability;
import io.tandem.common.lease.Lease;
import io.tandem.common.lease.LeaseCsv;
import io.tandem.common.lease.LeaseFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A warm-up's leases: rows written to a lease file of its own in the temporary directory (deleted
 * at close) with the daemon's durability, so that the row encoding and the write are compiled too
 * (they were the first to be compiled under load when dhcp6d's warm-up kept its leases in memory).
 * In memory when no file can be made.
 */
public record ScratchLeases<L extends Lease>(LeaseCommit<L> commit, Optional<LeaseFile<L>> file,
                                             Optional<Path> path) implements AutoCloseable {
    /** @param prefix the start of the temporary file's name: {@code "dhcp6d-warm-up-"} */
    public static <L extends Lease> ScratchLeases<L> open(String prefix, LeaseCsv<L> csv, Durability durability,
                                                          String logPrefix) {
        Path path = null;
        try {
            path = Files.createTempFile(prefix, ".csv");
            LeaseFile<L> file = LeaseFile.open(path, csv);
            return new ScratchLeases<>(LeaseCommit.to(file, durability, logPrefix), Optional.of(file), Optional.of(path));
        } catch (IOException e) {
            deleteQuietly(Optional.ofNullable(path));
            return new ScratchLeases<>(LeaseCommit.inMemory(), Optional.empty(), Optional.empty());
        }
    }

    @Override
    public void close() {
        try {
            commit.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (file.isPresent()) {
                file.get().close();
            }
        } catch (IOException e) {
            // only the scratch file's last rows are at stake; it is deleted next
        }
        deleteQuietly(path);
    }

    private static void deleteQuietly(Optional<Path> path) {
        try {
            if (path.isPresent()) {
                Files.deleteIfExists(path.get());
            }
        } catch (IOException e) {
            // a file left in the temporary directory, nothing else
        }
    }
}
