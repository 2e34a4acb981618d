package io.tandem.common.lease;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** dhcp4o6d's lease file: Kea's v4 memfile ({@code kea-leases4.csv}). See {@link LeaseFile}. */
public final class LeaseFile4 {
    private LeaseFile4() {
    }

    /** Every row of the file, in file order, and the rows that did not parse; see {@link LeaseFile#load}. */
    public static LoadedLeases<Lease4> load(Path file) throws IOException {
        return LeaseFile.load(file, LeaseCsv4.INSTANCE);
    }

    /** Opens the file for appending and compaction; see {@link LeaseFile#open}. */
    public static LeaseFile<Lease4> open(Path file) throws IOException {
        return LeaseFile.open(file, LeaseCsv4.INSTANCE);
    }

    /**
     * The leases the rows leave, by Kea's own rule (a v4 binding is its address): the last row
     * of each address, without the addresses whose last row has a valid lifetime of 0 (a release
     * or deletion), in the order of those last rows.
     */
    public static List<Lease4> latestPerBinding(List<Lease4> rows) {
        return LeaseFile.latest(rows, Lease4::address, Lease4::isRelease);
    }
}
