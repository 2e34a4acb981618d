package io.tandem.dhcp4o6d.engine;

import io.tandem.common.engine.Refused;
import io.tandem.common.lease.Lease4;
import io.tandem.common.wire.WireWriter;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp6.Dhcp4o6Ipc;
import java.util.List;
import java.util.function.Supplier;

/** What the engine decided for one datagram from the partner. */
public sealed interface Outcome4 {
    /** The lease rows to write before anything leaves; empty when nothing changed. */
    List<Lease4> leaseRows();

    /**
     * Send {@code response} to the partner, after {@code leaseRows} are in the lease file.
     *
     * @param response the DHCPV4-RESPONSE in Relay-Reply layers mirroring the query's, with the
     *                 query's metadata, ready for {@link Dhcp4o6Ipc#encode}
     * @param reply    the DHCPv4 message inside it
     * @param describe one line for the debug log: state, address, client; made only when it is logged
     */
    record Reply(Dhcp4o6Ipc.Envelope response, Dhcp4Message reply, List<Lease4> leaseRows, Supplier<String> describe)
            implements Outcome4 {
        public Reply {
            leaseRows = List.copyOf(leaseRows);
        }

        public String summary() {
            return describe.get();
        }

        /** The datagram for the partner, in Kea's port-pair format, appended to {@code writer}. */
        public void encode(WireWriter writer) {
            Dhcp4o6Ipc.encode(response, writer);
        }
    }

    /** A DHCPRELEASE or DHCPDECLINE: recorded, and by RFC 2131 §4.3.4 and §4.3.3 not answered. */
    record Recorded(List<Lease4> leaseRows, Supplier<String> describe) implements Outcome4 {
        public Recorded {
            leaseRows = List.copyOf(leaseRows);
        }

        public String summary() {
            return describe.get();
        }
    }

    /** Send nothing; {@code reason} is counted and {@code detail} logged at debug level. */
    record Drop(DropReason4 reason, String detail) implements Outcome4 {
        Drop(Refused refused) {
            this(refused.reason(DropReason4.class), refused.detail());
        }

        @Override
        public List<Lease4> leaseRows() {
            return List.of();
        }
    }

    /**
     * Answer nothing yet: this server holds no lease of {@code client}, which another server may
     * have bound; the query is answered again once the shared lease database was looked up.
     */
    record LookUp(Lease4.Owner client) implements Outcome4 {
        @Override
        public List<Lease4> leaseRows() {
            return List.of();
        }
    }
}
