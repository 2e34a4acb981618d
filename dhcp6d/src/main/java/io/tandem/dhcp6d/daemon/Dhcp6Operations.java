package io.tandem.dhcp6d.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.event.EventBus;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.wire.Bytes;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.ops.DaemonControl;
import io.tandem.common.ops.DaemonOperations;
import io.tandem.common.daemon.ClientLookup;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.ops.Health;
import io.tandem.common.ops.LeaseJson;
import io.tandem.common.ops.LeaseSource;
import io.tandem.common.ops.MetricsText;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import io.tandem.dhcp6d.engine.DropReason6;
import io.tandem.dhcp6d.http.HttpListener;
import io.tandem.dhcp6d.http.HttpStats;
import io.tandem.dhcp6d.transport.Dhcp4o6Bridge;
import io.tandem.dhcp6d.transport.Dhcp6Transport;
import io.tandem.dhcp6d.transport.EventChannelReceiver;
import io.tandem.tftpd.server.TftpServer;
import io.tandem.tftpd.server.TransferReport;
import io.tandem.tftpd.transfer.TransferOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * dhcp6d as operators see it over HTTP: {@code /leases} (its IPv6 leases), {@code /metrics} and
 * the control commands. The parts of the daemon start one after another, so each is handed over
 * when it exists; until then its metrics are left out. Everything here runs at request time, on
 * the HTTP listener's threads; the packet path only bumps the counters it reads.
 */
final class Dhcp6Operations extends DaemonOperations {
    private final Dhcp6Engine engine;
    private final EventBus bus;
    private final LeaseCommit<Lease6> leaseCommit;
    private final LeaseSource<Lease6> leaseSource;
    private final Map<TransferOutcome, LongAdder> tftpTransfers = new EnumMap<>(TransferOutcome.class);
    private final LongAdder tftpBytes = new LongAdder();
    final Started<HttpListener> http = new Started<>();
    final Started<Dhcp6Transport> transport = new Started<>();
    final Started<EventChannelReceiver> channel = new Started<>();
    final Started<TftpServer> tftp = new Started<>();
    final Started<ClientLookup<Lease6, Bytes>> lookup = new Started<>();

    /**
     * @param leaseCommit its health is degraded while the lease file or database cannot be written
     * @param leaseSource what {@code /leases} and the lease commands read: the engine's bindings, or the lease database
     */
    Dhcp6Operations(Dhcp6Engine engine, EventBus bus, DaemonControl daemon, LeaseCommit<Lease6> leaseCommit,
                    LeaseSource<Lease6> leaseSource) {
        super(daemon, "Dhcp6", () -> engine.config().http().controlUsers());
        this.engine = engine;
        this.bus = bus;
        this.leaseCommit = leaseCommit;
        this.leaseSource = leaseSource;
        for (TransferOutcome outcome : TransferOutcome.values()) {
            tftpTransfers.put(outcome, new LongAdder());
        }
        LeaseJson.addLease6Commands(control(), leaseSource);
    }

    /** Counts one TFTP transfer; on the TFTP server's thread. */
    void tftpTransfer(TransferReport report) {
        tftpTransfers.get(report.outcome()).increment();
        tftpBytes.add(report.bytes());
    }

    @Override
    public Health health() {
        return leaseCommit.health();
    }

    @Override
    public ObjectNode leases(Optional<MacAddress> mac) throws IOException {
        return LeaseJson.leases6(leaseSource, mac);
    }

    @Override
    public void metrics(MetricsText out) {
        transport.get().ifPresent(running -> packets(out, running));
        leaseCommit.metrics(out, "tandem_dhcp6");
        lookup.get().ifPresent(clients -> clients.metrics(out, "tandem_dhcp6"));
        leasesBySubnet(out);
        transport.get().flatMap(Dhcp6Transport::dhcp4o6).ifPresent(stats -> dhcp4o6(out, stats));
        socketDrops(out, sockets());
        out.family("tandem_tftp_transfers_total", "counter", "TFTP transfers ended, by outcome");
        tftpTransfers.forEach((outcome, count) -> out.sample("tandem_tftp_transfers_total", count.sum(), "outcome",
                outcome.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        out.single("tandem_tftp_bytes_total", "counter", "bytes sent by TFTP transfers", tftpBytes.sum());
        http.get().map(HttpListener::stats).ifPresent(stats -> http(out, stats));
        out.single("tandem_events_published_total", "counter", "events put on the bus", bus.published());
        out.single("tandem_events_dropped_total", "counter",
                "events dropped from the queues of event-stream readers that fell behind", bus.lost());
        out.single("tandem_events_macs", "gauge", "MACs in the event table", bus.table().size());
        out.single("tandem_events_macs_evicted_total", "counter",
                "MACs evicted from the event table (events.max-macs)", bus.table().evicted());
        out.single("tandem_events_no_mac_keys", "gauge",
                "DUIDs and boot-file clients with no MAC found held for event streams (no_mac)", bus.unattributedKeys());
        channel.get().ifPresent(receiver -> {
            out.single("tandem_events_channel_received_total", "counter",
                    "datagrams received on the events channel from dhcp4o6d", receiver.received());
            out.single("tandem_events_channel_refused_total", "counter",
                    "events-channel datagrams dropped: not from loopback, or not an event", receiver.refused());
        });
    }

    /** Every socket that receives: the DHCPv6 and 4o6 ports, the events channel, TFTP's request port. */
    private List<InetSocketAddress> sockets() {
        List<InetSocketAddress> sockets = new ArrayList<>();
        transport.get().ifPresent(running -> sockets.addAll(running.localAddresses()));
        channel.get().ifPresent(receiver -> {
            try {
                sockets.add(receiver.localAddress());
            } catch (IOException e) {
                // closed: nothing to read
            }
        });
        tftp.get().ifPresent(server -> sockets.add(server.localAddress()));
        return sockets;
    }

    private static void packets(MetricsText out, Dhcp6Transport running) {
        byType(out, "tandem_dhcp6_packets_received_total",
                "DHCPv6 datagrams received, by message type (relay-forw when relayed)", running.receivedByType());
        byType(out, "tandem_dhcp6_packets_sent_total",
                "DHCPv6 datagrams sent, by message type (relay-repl when relayed)", running.sentByType());
        Map<DropReason6, Long> drops = running.drops();
        out.family("tandem_dhcp6_packets_dropped_total", "counter", "DHCPv6 datagrams dropped, by reason");
        for (DropReason6 reason : DropReason6.values()) {
            out.sample("tandem_dhcp6_packets_dropped_total", drops.getOrDefault(reason, 0L), "reason", reason.label());
        }
        out.single("tandem_dhcp6_decode_errors_total", "counter", "DHCPv6 datagrams that did not decode",
                drops.getOrDefault(DropReason6.MALFORMED, 0L));
        out.single("tandem_dhcp6_engine_failures_total", "counter",
                "DHCPv6 datagrams the engine failed on (DHCP6_ENGINE_FAILURE in the log)", running.engineFailures());
    }

    private static void byType(MetricsText out, String name, String help, long[] counts) {
        out.family(name, "counter", help);
        for (int code = 0; code < counts.length; code++) {
            if (counts[code] > 0) {
                out.sample(name, counts[code], "type", MessageType6.of(code).label());
            }
        }
    }

    private void leasesBySubnet(MetricsText out) {
        Instant now = Instant.now();
        Map<String, Long> counts = new TreeMap<>();
        for (Lease6 lease : engine.leases()) {
            if (lease.state() == LeaseState.DEFAULT && !lease.isRelease() && !lease.isExpired(now)) {
                counts.merge(lease.subnetId() + "/ia-" + lease.type().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
            }
        }
        out.family("tandem_dhcp6_leases", "gauge", "active IPv6 bindings, by subnet id and type");
        counts.forEach((key, count) -> out.sample("tandem_dhcp6_leases", count, "subnet_id",
                key.substring(0, key.indexOf('/')), "type", key.substring(key.indexOf('/') + 1)));
    }

    private static void dhcp4o6(MetricsText out, Dhcp4o6Bridge.Stats stats) {
        out.single("tandem_dhcp4o6_queries_forwarded_total", "counter", "DHCPV4-QUERY forwarded to the 4o6 partner",
                stats.forwarded());
        out.single("tandem_dhcp4o6_queries_shed_total", "counter",
                "DHCPV4-QUERY dropped unforwarded because the 4o6 partner was behind: a DHCPDISCOVER while "
                        + Dhcp4o6Bridge.MAX_BACKLOG + " queries waited there, a DHCPREQUEST while "
                        + Dhcp4o6Bridge.MAX_ONGOING_BACKLOG + " ongoing ones did", stats.shed());
        out.single("tandem_dhcp4o6_answers_total", "counter", "answers of the 4o6 partner sent on to clients",
                stats.answered());
        out.single("tandem_dhcp4o6_bad_answers_total", "counter",
                "datagrams from the 4o6 partner that could not be sent on", stats.badAnswers());
        out.histogram("tandem_dhcp4o6_round_trip_seconds",
                "time from forwarding a DHCPV4-QUERY to receiving the partner's answer", stats.roundTrips());
    }

    private static void http(MetricsText out, HttpStats stats) {
        out.single("tandem_http_requests_total", "counter", "HTTP requests read", stats.requests());
        out.single("tandem_http_boot_files_sent_total", "counter", "boot files sent over HTTP", stats.bootFilesSent());
        out.single("tandem_events_clients", "gauge", "GET /events streams open", stats.openStreams());
        out.single("tandem_events_clients_cut_off_total", "counter",
                "GET /events streams disconnected because their reader stopped reading", stats.streamsCutOff());
    }
}
