package io.tandem.client;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load mode: {@code clients} concurrent clients, each with its own MAC, each running DORA after DORA
 * until the exchange budget or the time is used up. One exchange is one DORA (two round trips). The
 * report: exchanges per second and latency percentiles of the completed exchanges, and the failures.
 */
public final class LoadRun {
    /** At most this many latency samples and acknowledged leases are kept. */
    static final int MAX_SAMPLES = 2_000_000;

    /**
     * {@code exchanges}: total DORAs to run (0: no limit); {@code durationMillis}: how long (0: no
     * limit; one of the two must be set); {@code freshMacs}: a new MAC for every exchange, so that
     * every ACK is a new lease; {@code listAcked}: report each acknowledged lease.
     */
    public record Settings(int clients, long exchanges, long durationMillis, long baseMac, boolean freshMacs,
                           boolean listAcked, Session.Patience patience) {
        public Settings {
            if (clients < 1 || exchanges < 0 || durationMillis < 0 || (exchanges == 0 && durationMillis == 0)) {
                throw new IllegalArgumentException("load mode needs clients >= 1 and exchanges or a duration");
            }
        }
    }

    private final Settings settings;
    private final QuerySocket socket;
    private final Latencies latencies = new Latencies(MAX_SAMPLES);
    private final AtomicLong failures = new AtomicLong();
    private final Map<String, AtomicLong> failureKinds = new HashMap<>();
    private final List<Map<String, Object>> acked = new ArrayList<>();
    private final AtomicLong budget;
    private long startNanos;
    private long deadlineNanos;

    public LoadRun(Settings settings, QuerySocket socket) {
        this.settings = settings;
        this.socket = socket;
        budget = new AtomicLong(settings.exchanges() == 0 ? Long.MAX_VALUE : settings.exchanges());
    }

    /** The MAC of client {@code client} in its {@code round}-th exchange. */
    static Bytes mac(long baseMac, int clients, int client, long round, boolean freshMacs) {
        long value = (baseMac + client + (freshMacs ? round * clients : 0)) & 0xffff_ffff_ffffL;
        byte[] bytes = new byte[6];
        for (int i = 5; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return Bytes.of(bytes);
    }

    public Map<String, Object> run() throws InterruptedException {
        startNanos = System.nanoTime();
        deadlineNanos = settings.durationMillis() == 0 ? Long.MAX_VALUE
                : startNanos + settings.durationMillis() * 1_000_000;
        List<Thread> workers = new ArrayList<>();
        for (int client = 0; client < settings.clients(); client++) {
            int index = client;
            Thread worker = new Thread(() -> work(index), "dhcp4o6-client-" + client);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return report((System.nanoTime() - startNanos) / 1e9);
    }

    private void work(int client) {
        for (long round = 0; System.nanoTime() < deadlineNanos && budget.getAndDecrement() > 0; round++) {
            Bytes mac = mac(settings.baseMac(), settings.clients(), client, round, settings.freshMacs());
            Session session = new Session(socket, new ClientMessages(mac), settings.patience());
            long start = System.nanoTime();
            try {
                Session.Lease lease = session.dora(new HashMap<>());
                long end = System.nanoTime();
                latencies.add(end - start);
                if (settings.listAcked()) {
                    record(mac, lease, end);
                }
            } catch (Session.Failure e) {
                fail(e.getMessage().startsWith("no answer") ? "timeout" : "refused");
            } catch (java.io.IOException e) {
                fail("io-error");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void record(Bytes mac, Session.Lease lease, long when) {
        if (acked.size() < MAX_SAMPLES) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("mac", mac.colonHex());
            row.put("yiaddr", Addresses.text(lease.address()));
            row.put("at-ms", (when - startNanos) / 1_000_000);
            acked.add(row);
        }
    }

    private void fail(String kind) {
        failures.incrementAndGet();
        synchronized (failureKinds) {
            failureKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private Map<String, Object> report(double seconds) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mode", "load");
        report.put("clients", settings.clients());
        report.put("exchange", "DORA");
        report.put("exchanges", latencies.count());
        report.put("failures", failures.get());
        synchronized (failureKinds) {
            Map<String, Long> kinds = new LinkedHashMap<>();
            failureKinds.forEach((kind, count) -> kinds.put(kind, count.get()));
            report.put("failure-kinds", kinds);
        }
        report.put("retries", socket.retries());
        report.put("seconds", Math.round(seconds * 1000) / 1000.0);
        report.put("exchanges-per-second", Math.round(latencies.count() / seconds * 10) / 10.0);
        report.put("latency-ms", latencies.summaryMillis());
        if (settings.listAcked()) {
            synchronized (this) {
                report.put("acked", List.copyOf(acked));
            }
        }
        return report;
    }
}
