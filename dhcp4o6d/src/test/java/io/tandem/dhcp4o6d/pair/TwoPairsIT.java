package io.tandem.dhcp4o6d.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.NetnsLab;
import io.tandem.common.testing.PostgresCluster;
import io.tandem.common.wire.Addresses;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Tandem pairs on one link and one PostgreSQL lease database, as README "Several servers" sets
 * them up with {@code conf/shared-dhcp6d.json}, {@code conf/shared-dhcp4o6d-a.json} and
 * {@code -b.json} (the database's address and password replaced, and both servers given the
 * whole v4 range as one shared pool instead of a half each): network namespaces
 * {@code srva} and {@code srvb}, each with its own {@code eth0} (2001:db8:1::1 and ::2) on one bridge
 * with the clients' {@code cli0}, each running {@code dhcp6d -6 -4o6 6767} and {@code dhcp4o6d -4
 * -4o6 6767} with their own pid files; the throwaway cluster reached from each server namespace
 * through {@code socat} to its Unix socket. {@code scripts/dhcp-load} on {@code cli0} binds 100
 * DHCPv6 clients (SARR) and 100 4o6 clients (DORA) by multicast, so both servers hear every
 * client and the first to answer serves it; then pair A is killed -9 (by the pids in its pid
 * files), and every client rebinds ({@code --rebind}) at pair B and must keep its address. All the
 * while a watcher reads {@code lease6} and {@code lease4} several times a second: an address whose
 * row passes to another client while the first one's lease has not run out is held by two
 * clients. Needs root, {@code socat}, {@code postgresql-15} and {@code kea-admin}.
 */
@Tag("system")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class TwoPairsIT {
    private static final int CLIENTS = 100;
    private static final String FIRST_MAC6 = "02:00:00:00:06:00";
    private static final String FIRST_MAC4 = "02:00:00:00:04:00";
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(180);
    private static final String HALF_A = "192.0.2.100 - 192.0.2.149";
    private static final String HALF_B = "192.0.2.150 - 192.0.2.199";
    private static final String SHARED_POOL = "192.0.2.100 - 192.0.2.199";

    @RegisterExtension
    static final PostgresCluster.PerClass DATABASE = new PostgresCluster.PerClass();

    @TempDir
    Path work;

    /** One server of the two: its namespace and its pair of daemons. */
    private record Pair(NetnsLab.Namespace namespace, Path folder, LabProcess dhcp6d, LabProcess dhcp4o6d) {
    }

    @Test
    void twoHundredClientsBindThroughBothPairsAndRebindTheirOwnAddressesAtTheSurvivor() throws Exception {
        NetnsLab.requireCommands("socat");
        PostgresCluster cluster = DATABASE.cluster();
        try (NetnsLab lab = NetnsLab.create(work.resolve("lab"))) {
            NetnsLab.Namespace link = lab.namespace("link");
            NetnsLab.Namespace serverA = lab.namespace("srva");
            NetnsLab.Namespace serverB = lab.namespace("srvb");
            NetnsLab.Namespace client = lab.namespace("cli");
            lab.execOk(link, "ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            lab.execOk(link, "ip", "link", "set", "br0", "up");
            lab.veth(serverA, "eth0", NetnsLab.universalMac(0xa), link, "porta", NetnsLab.universalMac(0xa1));
            lab.veth(serverB, "eth0", NetnsLab.universalMac(0xb), link, "portb", NetnsLab.universalMac(0xb1));
            lab.veth(client, "cli0", NetnsLab.universalMac(0xc), link, "portc", NetnsLab.universalMac(0xc1));
            for (String port : List.of("porta", "portb", "portc")) {
                lab.execOk(link, "ip", "link", "set", port, "master", "br0");
            }
            lab.addAddress(serverA, "eth0", "2001:db8:1::1/64");
            lab.addAddress(serverB, "eth0", "2001:db8:1::2/64");
            // The clients' link-local address names no MAC (it is not an EUI-64), so dhcp6d takes
            // each client's MAC from its DUID-LL, as from a hundred machines, not cli0's for all.
            lab.execOk(client, "ip", "-6", "address", "flush", "dev", "cli0", "scope", "link");
            lab.addAddress(client, "cli0", "fe80::c:1/64");

            Pair a = startPair(lab, cluster, "a", serverA);
            Pair b = startPair(lab, cluster, "b", serverB);
            try (TableWatcher watcher = TableWatcher.start(cluster)) {
                Map<Long, String> bound6 = bindAll(lab, client, "sarr", FIRST_MAC6);
                Map<Long, String> bound4 = bindAll(lab, client, "dora", FIRST_MAC4);
                assertEquals(CLIENTS, bound6.values().stream().distinct().count(), "no DHCPv6 address given twice");
                assertEquals(CLIENTS, bound4.values().stream().distinct().count(), "no 4o6 address given twice");
                for (Map.Entry<Long, String> entry : bound6.entrySet()) {
                    assertEquals(macAddressed(entry.getKey()), entry.getValue(), "the MAC-derived address");
                }
                Map<String, Long> servedByA = served(lab, a);
                Map<String, Long> servedByB = served(lab, b);
                System.out.printf("TwoPairsIT: bindings acknowledged by pair A %s, by pair B %s%n", servedByA,
                        servedByB);
                assertHeld(cluster, bound6, bound4, 0);

                long killedAt = System.currentTimeMillis() / 1000;
                killByPidFile(a.dhcp6d(), a.folder().resolve("dhcp6d.pid"));
                killByPidFile(a.dhcp4o6d(), a.folder().resolve("dhcp4o6d.pid"));
                // expire is in whole seconds: rebinding in a later second than the last binding
                // shows in the table as a later expiry
                TimeUnit.MILLISECONDS.sleep(1100);

                Map<Long, String> rebound6 = rebindAll(lab, client, "sarr", bound6);
                Map<Long, String> rebound4 = rebindAll(lab, client, "dora", bound4);
                assertEquals(bound6, rebound6, "every DHCPv6 client keeps its address at pair B");
                assertEquals(bound4, rebound4, "every 4o6 client keeps its address at pair B");
                assertHeld(cluster, bound6, bound4, killedAt + 1);
                watcher.assertNoAddressChangedHands();
                assertTrue(b.dhcp6d().isAlive() && b.dhcp4o6d().isAlive(), diagnostics(lab));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + diagnostics(lab), e);
            }
        }
    }

    /**
     * Starts {@code name}'s pair in {@code namespace}: socat from 127.0.0.1:(the cluster's port)
     * there to the cluster's Unix socket, dhcp4o6d, then dhcp6d (which logs the pairing).
     */
    private Pair startPair(NetnsLab lab, PostgresCluster cluster, String name, NetnsLab.Namespace namespace)
            throws IOException {
        Path folder = Files.createDirectories(work.resolve("pair-" + name));
        lab.start("socat-" + name, namespace, "socat", "TCP-LISTEN:" + cluster.port() + ",bind=127.0.0.1,reuseaddr,fork",
                "UNIX-CONNECT:" + cluster.unixSocket());
        NetnsLab.await(Duration.ofSeconds(20), "socat listening in " + namespace,
                () -> lab.exec(namespace, "socat", "-u", "OPEN:/dev/null", "TCP:127.0.0.1:" + cluster.port()).ok(),
                () -> lab.exec(namespace, "ss", "-ltn").output());
        Path config6 = writeConf(cluster, "shared-dhcp6d.json", folder);
        Path config4 = writeConf(cluster, "shared-dhcp4o6d-" + name + ".json", folder);
        LabProcess dhcp4o6d = lab.start("dhcp4o6d-" + name, namespace, launcher("dhcp4o6d"), "-4", "-4o6", "6767",
                "-cf", config4.toString(), "-lf", folder.resolve("leases4.csv").toString(), "-pf",
                folder.resolve("dhcp4o6d.pid").toString());
        awaitOutput(lab, dhcp4o6d, "DHCP4O6_LISTENING");
        LabProcess dhcp6d = lab.start("dhcp6d-" + name, namespace, launcher("dhcp6d"), "-6", "-4o6", "6767", "-cf",
                config6.toString(), "-lf", folder.resolve("leases6.csv").toString(), "-pf",
                folder.resolve("dhcp6d.pid").toString(), "eth0");
        awaitOutput(lab, dhcp6d, "DHCP4O6_PAIRED");
        return new Pair(namespace, folder, dhcp6d, dhcp4o6d);
    }

    /** The example config {@code conf/NAME} with the database's host, port and password of this cluster. */
    private static Path writeConf(PostgresCluster cluster, String name, Path folder) throws IOException {
        String example = Files.readString(Launcher.repository().resolve("conf").resolve(name));
        String host = "\"host\": \"db.example.org\", \"port\": 5432";
        String password = "\"password\": \"change-me\"";
        assertTrue(example.contains(host) && example.contains(password), name + " names db.example.org:5432");
        return Files.writeString(folder.resolve(name), example
                .replace(host, "\"host\": \"127.0.0.1\", \"port\": " + cluster.port())
                .replace(password, "\"password\": \"" + PostgresCluster.PASSWORD + "\"")
                // One pool shared by both servers, not the example's halves: a client bound in one
                // half must be able to rebind at the other server, which leaves an address outside
                // its own pools to that address's server
                .replace(HALF_A, SHARED_POOL).replace(HALF_B, SHARED_POOL));
    }

    private static String launcher(String name) {
        return Launcher.repository().resolve("scripts").resolve(name).toString();
    }

    private static void awaitOutput(NetnsLab lab, LabProcess process, String text) {
        NetnsLab.await(Duration.ofSeconds(120), process.label() + " to log " + text,
                () -> process.output().contains(text) || !process.isAlive(), () -> diagnostics(lab));
        assertTrue(process.isAlive(), process.label() + " ended" + diagnostics(lab));
    }

    /** kill -9 of the pid in {@code pidFile}, which must be {@code process}'s own. */
    private static void killByPidFile(LabProcess process, Path pidFile) throws IOException {
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertEquals(process.pid(), pid, pidFile + " names the daemon");
        NetnsLab.Result kill = NetnsLab.runOnHost(Duration.ofSeconds(10), "kill", "-s", "KILL", Long.toString(pid));
        assertTrue(kill.ok(), kill.toString());
        assertTrue(process.awaitExit(Duration.ofSeconds(10)).isPresent(), process + " survived kill -9");
    }

    /**
     * Binds {@link #CLIENTS} clients from {@code firstMac} with {@code exchange} (sarr or dora) by
     * multicast on cli0, 50 a second, each once; a client whose exchange was lost or refused (the
     * machine is shared, and a pool address can be taken by the other server in between) tries
     * again alone, up to three times. Each client's acknowledged address.
     */
    private Map<Long, String> bindAll(NetnsLab lab, NetnsLab.Namespace client, String exchange, String firstMac)
            throws IOException {
        long first = MacAddress.parse(firstMac).toLong();
        Map<Long, String> bound = load(lab, client, exchange + "-bind", "--exchange", exchange, "--mac", firstMac,
                "--clients", Integer.toString(CLIENTS), "--rate", "50", "--step-seconds", Double.toString(CLIENTS / 50.0));
        for (int round = 1; round <= 3 && bound.size() < CLIENTS; round++) {
            for (long mac = first; mac < first + CLIENTS; mac++) {
                if (!bound.containsKey(mac)) {
                    bound.putAll(load(lab, client, exchange + "-retry-" + round + "-" + Long.toHexString(mac),
                            "--exchange", exchange, "--mac", MacAddress.fromLong(mac).toString(), "--clients", "1",
                            "--rate", "1", "--step-seconds", "1"));
                }
            }
        }
        assertEquals(CLIENTS, bound.size(), exchange + ": every client bound: " + bound);
        return bound;
    }

    /** Every client of {@code bound} rebinds once (50 a second); each one's acknowledged address. */
    private Map<Long, String> rebindAll(NetnsLab lab, NetnsLab.Namespace client, String exchange,
                                        Map<Long, String> bound) throws IOException {
        Path held = work.resolve(exchange + "-held.csv");
        List<String> lines = new ArrayList<>(List.of("mac,address,at-ms"));
        bound.forEach((mac, address) -> lines.add(MacAddress.fromLong(mac) + "," + address + ",0"));
        Files.write(held, lines);
        Map<Long, String> rebound = load(lab, client, exchange + "-rebind", "--exchange", exchange, "--rebind",
                held.toString(), "--rate", "50", "--step-seconds", Double.toString(bound.size() / 50.0));
        return new HashMap<>(rebound);
    }

    /** One run of {@code scripts/dhcp-load -i cli0 ARGUMENTS} in the client namespace; the last address acknowledged to each MAC. */
    private Map<Long, String> load(NetnsLab lab, NetnsLab.Namespace client, String name, String... arguments)
            throws IOException {
        Path acked = work.resolve(name + ".csv");
        List<String> command = new ArrayList<>(List.of(launcher("dhcp-load"), "-i", "cli0", "--timeout", "3000",
                "--acked", acked.toString(), "--json", work.resolve(name + ".json").toString()));
        command.addAll(List.of(arguments));
        NetnsLab.Result result = lab.exec(client, LOAD_TIMEOUT, command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.toString());
        System.out.println("TwoPairsIT " + name + ":\n" + result.output());
        Map<Long, String> last = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(acked);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            last.put(MacAddress.parse(fields[0]).toLong(), fields[1]);
        }
        return last;
    }

    /** {@code 2001:db8:1::/80} (the example's mac-addressing prefix) with {@code mac} in its last 48 bits. */
    private static String macAddressed(long mac) throws IOException {
        ByteBuffer address = ByteBuffer.allocate(16).put(Addresses.parse6("2001:db8:1::").getAddress(), 0, 10);
        address.put(MacAddress.fromLong(mac).bytes().toArray());
        return Addresses.text(InetAddress.getByAddress(address.array()));
    }

    /**
     * The tables hold each client's address as its own row (lease6: the client's DUID-LL;
     * lease4: its MAC), with an expiry later than {@code expiresAfter} (epoch seconds).
     */
    private static void assertHeld(PostgresCluster cluster, Map<Long, String> bound6, Map<Long, String> bound4,
                                   long expiresAfter) throws Exception {
        Map<String, String[]> rows6 = rows(cluster, "SELECT address, encode(duid, 'hex'),"
                + " extract(epoch FROM expire)::bigint FROM lease6");
        for (Map.Entry<Long, String> entry : bound6.entrySet()) {
            String[] row = rows6.get(entry.getValue());
            assertTrue(row != null && row[1].equals("00030001" + hex(entry.getKey())), "lease6 row of "
                    + entry.getValue() + ": " + (row == null ? "none" : String.join("|", row)));
            assertTrue(Long.parseLong(row[2]) > expiresAfter, "lease6 " + entry.getValue() + " expires at " + row[2]);
        }
        Map<String, String[]> rows4 = rows(cluster, "SELECT host('0.0.0.0'::inet + address), encode(hwaddr, 'hex'),"
                + " extract(epoch FROM expire)::bigint FROM lease4");
        for (Map.Entry<Long, String> entry : bound4.entrySet()) {
            String[] row = rows4.get(entry.getValue());
            assertTrue(row != null && row[1].equals(hex(entry.getKey())), "lease4 row of " + entry.getValue() + ": "
                    + (row == null ? "none" : String.join("|", row)));
            assertTrue(Long.parseLong(row[2]) > expiresAfter, "lease4 " + entry.getValue() + " expires at " + row[2]);
        }
    }

    private static String hex(long mac) {
        return MacAddress.fromLong(mac).bytes().colonHex().replace(":", "").toLowerCase();
    }

    /** The rows of {@code query}, by its first column (psql's unaligned output, | between columns). */
    private static Map<String, String[]> rows(PostgresCluster cluster, String query) throws Exception {
        Map<String, String[]> rows = new HashMap<>();
        for (String line : cluster.sql(query).lines().toList()) {
            String[] columns = line.split("\\|", -1);
            rows.put(columns[0], columns);
        }
        return rows;
    }

    /**
     * What a pair acknowledged, from each daemon's {@code /metrics} read inside its namespace:
     * dhcp6d's Replies and dhcp4o6d's ACKs; empty for a pair that is gone.
     */
    private static Map<String, Long> served(NetnsLab lab, Pair pair) {
        Map<String, Long> served = new LinkedHashMap<>();
        served.put("replies", sample(lab, pair.namespace(), "http://[::1]:6315/metrics",
                "tandem_dhcp6_packets_sent_total{type=\"reply\"}"));
        served.put("acks", sample(lab, pair.namespace(), "http://[::1]:6317/metrics",
                "tandem_dhcp4o6d_packets_sent_total{type=\"dhcpack\"}"));
        return served;
    }

    private static long sample(NetnsLab lab, NetnsLab.Namespace namespace, String url, String series) {
        NetnsLab.Result metrics = lab.exec(namespace, "curl", "-sS", "--max-time", "10", url);
        assertTrue(metrics.ok(), metrics.toString());
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.e+E]+)$").matcher(metrics.output());
        return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
    }

    /** Every process's output, for a failure message. */
    private static String diagnostics(NetnsLab lab) {
        StringBuilder text = new StringBuilder();
        for (LabProcess process : lab.processes()) {
            String output = process.output();
            text.append("\n--- ").append(process).append('\n')
                    .append(output.length() > 10_000 ? output.substring(output.length() - 10_000) : output);
        }
        return text.toString();
    }

    /**
     * Reads both lease tables every 200 ms on a thread of its own and remembers each address's
     * holder (lease6: DUID and IAID; lease4: hardware address) and expiry. The primary keys allow
     * one row per address, so a second client can only appear by taking the row over: if it does
     * while the previous holder's lease had not yet run out, that address was held by two clients.
     */
    private static final class TableWatcher implements AutoCloseable {
        private final PostgresCluster cluster;
        private final Map<String, String[]> lastSeen = new HashMap<>();
        private final List<String> changedHands = Collections.synchronizedList(new ArrayList<>());
        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int reads;

        private TableWatcher(PostgresCluster cluster) {
            this.cluster = cluster;
            this.thread = new Thread(this::watch, "two-pairs-table-watcher");
        }

        static TableWatcher start(PostgresCluster cluster) {
            TableWatcher watcher = new TableWatcher(cluster);
            watcher.thread.setDaemon(true);
            watcher.thread.start();
            return watcher;
        }

        private void watch() {
            while (running) {
                long now = System.currentTimeMillis() / 1000;
                try {
                    compare("lease6", rows(cluster, "SELECT address, encode(duid, 'hex') || '/' || iaid,"
                            + " extract(epoch FROM expire)::bigint FROM lease6"), now);
                    compare("lease4", rows(cluster, "SELECT address, encode(hwaddr, 'hex'),"
                            + " extract(epoch FROM expire)::bigint FROM lease4"), now);
                    reads++;
                    TimeUnit.MILLISECONDS.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }

        /** {@code now}: epoch seconds taken before the read, so a previous lease expiring after it was still running. */
        private void compare(String table, Map<String, String[]> rows, long now) {
            for (Map.Entry<String, String[]> row : rows.entrySet()) {
                String key = table + " " + row.getKey();
                String[] before = lastSeen.put(key, row.getValue());
                if (before != null && !before[1].equals(row.getValue()[1]) && Long.parseLong(before[2]) > now) {
                    changedHands.add(key + " passed from " + before[1] + " (lease until " + before[2] + ") to "
                            + row.getValue()[1] + " at " + now);
                }
            }
            lastSeen.keySet().removeIf(key -> key.startsWith(table + " ")
                    && !rows.containsKey(key.substring(table.length() + 1)));
        }

        void assertNoAddressChangedHands() {
            assertEquals(List.of(), failures, "the watcher could read the tables");
            assertTrue(reads >= 10, "the tables were read " + reads + " times");
            assertEquals(List.of(), changedHands, "no address held by two clients (" + reads + " reads)");
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(30_000);
        }
    }
}
