package io.tandem.dhcp4o6d.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.ops.DaemonControl;
import io.tandem.common.ops.DaemonOperations;
import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.ops.Health;
import io.tandem.common.ops.LeaseJson;
import io.tandem.common.ops.LeaseSource;
import io.tandem.common.ops.MetricsText;
import io.tandem.common.wire.dhcp4.MessageType4;
import io.tandem.dhcp4o6d.engine.Dhcp4o6Engine;
import io.tandem.dhcp4o6d.engine.DropReason4;
import io.tandem.dhcp4o6d.event.EventSender;
import io.tandem.common.http.HttpServer;
import io.tandem.dhcp4o6d.transport.Dhcp4o6Transport;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * dhcp4o6d as operators see it over its own HTTP listener: {@code /leases} (its IPv4 leases),
 * {@code /metrics} and the control commands, {@code lease4-get} and {@code lease4-get-by-hw-address}
 * among them. Read at request time; the packet path only bumps counters.
 */
final class Dhcp4o6Operations extends DaemonOperations {
    private final Dhcp4o6Engine engine;
    private final LeaseCommit<Lease4> leaseCommit;
    private final LeaseSource<Lease4> leaseSource;
    final Started<Dhcp4o6Transport> transport = new Started<>();
    final Started<EventSender> events = new Started<>();
    final Started<HttpServer> http = new Started<>();
    final Started<ClientLookup<Lease4, Lease4.Owner>> lookup = new Started<>();

    /**
     * @param leaseCommit its health is degraded while the lease file or database cannot be written
     * @param leaseSource what {@code /leases} and the lease commands read: the engine's leases, or the lease database
     */
    Dhcp4o6Operations(Dhcp4o6Engine engine, DaemonControl daemon, LeaseCommit<Lease4> leaseCommit,
                      LeaseSource<Lease4> leaseSource) {
        super(daemon, "Dhcp4", () -> engine.config().http().controlUsers());
        this.engine = engine;
        this.leaseCommit = leaseCommit;
        this.leaseSource = leaseSource;
        LeaseJson.addLease4Commands(control(), leaseSource);
    }

    @Override
    public Health health() {
        return leaseCommit.health();
    }

    @Override
    public ObjectNode leases(Optional<MacAddress> mac) throws IOException {
        return LeaseJson.leases4(leaseSource, mac);
    }

    @Override
    public void metrics(MetricsText out) {
        transport.get().ifPresent(running -> {
            out.single("tandem_dhcp4o6d_datagrams_received_total", "counter",
                    "port-pair datagrams received from the DHCPv6 partner", running.received());
            long[] byType = running.answeredByType();
            out.family("tandem_dhcp4o6d_packets_sent_total", "counter", "DHCPv4 answers sent, by message type");
            for (int code = 0; code < byType.length; code++) {
                if (byType[code] > 0) {
                    out.sample("tandem_dhcp4o6d_packets_sent_total", byType[code], "type",
                            MessageType4.of(code).name().toLowerCase(Locale.ROOT));
                }
            }
            out.single("tandem_dhcp4o6d_recorded_total", "counter", "DHCPRELEASE and DHCPDECLINE recorded",
                    running.recorded());
            Map<DropReason4, Long> drops = running.drops();
            out.family("tandem_dhcp4o6d_packets_dropped_total", "counter", "datagrams dropped, by reason");
            for (DropReason4 reason : DropReason4.values()) {
                out.sample("tandem_dhcp4o6d_packets_dropped_total", drops.getOrDefault(reason, 0L), "reason",
                        reason.label());
            }
            out.single("tandem_dhcp4o6d_decode_errors_total", "counter",
                    "datagrams or DHCPv4 messages that did not decode",
                    drops.getOrDefault(DropReason4.MALFORMED_DATAGRAM, 0L)
                            + drops.getOrDefault(DropReason4.MALFORMED_DHCPV4, 0L));
            out.single("tandem_dhcp4o6d_engine_failures_total", "counter",
                    "datagrams the engine failed on (DHCP4O6_ENGINE_FAILURE in the log)", running.engineFailures());
        });
        leaseCommit.metrics(out, "tandem_dhcp4o6d");
        lookup.get().ifPresent(clients -> clients.metrics(out, "tandem_dhcp4o6d"));
        socketDrops(out, transport.get().flatMap(Dhcp4o6Transport::localAddress).stream().toList());
        Instant now = Instant.now();
        Map<Long, Long> bySubnet = new TreeMap<>();
        for (Lease4 lease : engine.leases()) {
            if (lease.state() == LeaseState.DEFAULT && !lease.isRelease() && !lease.isExpired(now)) {
                bySubnet.merge(lease.subnetId(), 1L, Long::sum);
            }
        }
        out.family("tandem_dhcp4o6d_leases", "gauge", "active IPv4 leases, by subnet id");
        bySubnet.forEach((subnet, count) -> out.sample("tandem_dhcp4o6d_leases", count, "subnet_id",
                Long.toString(subnet)));
        events.get().ifPresent(sender -> {
            out.single("tandem_dhcp4o6d_events_sent_total", "counter", "events sent to dhcp6d", sender.sent());
            out.single("tandem_dhcp4o6d_events_lost_total", "counter",
                    "events lost: nobody listening on the events channel, or its socket full", sender.dropped());
        });
        http.get().ifPresent(listener -> out.single("tandem_http_requests_total", "counter", "HTTP requests read",
                listener.requests()));
    }
}
