package io.tandem.dhcp6d.engine;

import io.tandem.common.engine.Refused;
import io.tandem.common.event.BootEvent;
import io.tandem.common.event.UnattributedEvent;
import io.tandem.common.lease.Lease6;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;

/** What the engine decided for one datagram. */
public sealed interface Outcome6 {
    /**
     * Send {@code message} to {@code destination}:{@code port} out of {@code interfaceName}, after
     * {@code leaseRows} are in the lease file; then {@code events} may be published, or, for a
     * client whose MAC was not found, {@code noMac}.
     */
    record Reply(Dhcp6Message message, Inet6Address destination, int port, String interfaceName,
                 List<Lease6> leaseRows, List<BootEvent> events, Optional<UnattributedEvent> noMac) implements Outcome6 {
        public Reply {
            leaseRows = List.copyOf(leaseRows);
            events = List.copyOf(events);
        }
    }

    /**
     * Hand a DHCPV4-QUERY to dhcp4o6d: {@code datagram} is the query as received, relay layers
     * included, with Kea's 4o6 metadata added ({@link io.tandem.common.wire.dhcp6.Dhcp4o6Ipc}).
     */
    record ForwardToDhcp4o6(byte[] datagram) implements Outcome6 {
    }

    /**
     * Send nothing; {@code reason} is counted and {@code detail} logged at debug level; {@code
     * events} (a {@code not_served} for a client on a link without a subnet) may be published.
     */
    record Drop(DropReason6 reason, String detail, List<BootEvent> events) implements Outcome6 {
        public Drop {
            events = List.copyOf(events);
        }

        Drop(Refused refused) {
            this(refused.reason(DropReason6.class), refused.detail(), List.of());
        }
    }

    /**
     * Serve nothing yet: this server holds nothing of the client {@code duid}, which another server
     * may have bound; the query is served again once the shared lease database was looked up.
     */
    record LookUp(Bytes duid) implements Outcome6 {
    }
}
