package io.tandem.common.lease;

import java.util.List;

/**
 * What a lease file holds: every row that parsed, in file order, and a problem for every row
 * that did not (it was skipped, as Kea's loader skips it).
 *
 * @param <L> the lease record
 */
public record LoadedLeases<L>(List<L> leases, List<Problem> problems) {
    public LoadedLeases {
        leases = List.copyOf(leases);
        problems = List.copyOf(problems);
    }

    /** A row that was skipped: its line number (1 is the first line of the file) and what is wrong with it. */
    public record Problem(long line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }
}
