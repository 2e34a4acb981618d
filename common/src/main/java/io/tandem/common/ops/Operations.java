package io.tandem.common.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.identity.MacAddress;
import java.io.IOException;
import java.util.Optional;

/** What a daemon shows operators over HTTP: its leases, its metrics and its control commands. */
public interface Operations {
    /**
     * {@code GET /leases}: {@link LeaseJson#leases6} or {@link LeaseJson#leases4}.
     *
     * @throws IOException when the lease database it reads cannot be read
     */
    ObjectNode leases(Optional<MacAddress> mac) throws IOException;

    /** {@code GET /health}: ok unless a part of the daemon reports it cannot do its work. */
    default Health health() {
        return Health.OK;
    }

    /** {@code GET /metrics}: every metric family, written at scrape time. */
    void metrics(MetricsText out);

    /** {@code POST /}: the control commands. */
    ControlChannel control();
}
