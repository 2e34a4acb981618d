package io.tandem.common.lease;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** dhcp6d's lease file: Kea's v6 memfile ({@code kea-leases6.csv}). See {@link LeaseFile}. */
public final class LeaseFile6 {
    private LeaseFile6() {
    }

    /** Every row of the file, in file order, and the rows that did not parse; see {@link LeaseFile#load}. */
    public static LoadedLeases<Lease6> load(Path file) throws IOException {
        return LeaseFile.load(file, LeaseCsv6.INSTANCE);
    }

    /** Opens the file for appending and compaction; see {@link LeaseFile#open}. */
    public static LeaseFile<Lease6> open(Path file) throws IOException {
        return LeaseFile.open(file, LeaseCsv6.INSTANCE);
    }

    /**
     * The bindings the rows leave: the last row of each {@link Lease6.Binding} (address, DUID,
     * IAID and lease type), without the bindings whose last row has a valid lifetime of 0 (a
     * release or deletion), in the order of those last rows.
     *
     * <p>Kea keeps one lease per address: its loader lets the last row for an address replace
     * any earlier one, whoever the client. Tandem gives one MAC the same address under every
     * DUID and IAID the MAC's firmware, boot loader and operating system use, so it keeps all of
     * those bindings; a release ends only the binding it names. Kea reading a Tandem file keeps
     * the last binding of each address, which is still the address of the right MAC.
     */
    public static List<Lease6> latestPerBinding(List<Lease6> rows) {
        return LeaseFile.latest(rows, Lease6::binding, Lease6::isRelease);
    }
}
