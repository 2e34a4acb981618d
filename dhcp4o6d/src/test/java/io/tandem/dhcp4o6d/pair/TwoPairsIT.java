package io.tandem.dhcp4o6d.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Optional;
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
 * {@code -b.json} (only the database's address and password replaced; one v4 pool, shared):
 * network namespaces {@code srva} and {@code srvb}, each with its own {@code eth0} (2001:db8:1::1
 * and ::2) on one bridge with the clients' {@code cli0}, each running {@code dhcp6d -6 -4o6 6767}
 * and {@code dhcp4o6d -4 -4o6 6767} with their own pid files; the throwaway cluster reached from
 * each server namespace through {@code socat} to its Unix socket.
 *
 * <p>{@code scripts/dhcp-load} on {@code cli0} binds 100 DHCPv6 clients (SARR) and 100 4o6 clients
 * (DORA): half of each on the link by multicast, heard by both servers (the first to answer serves
 * the client), half through a relay on the link that sends a quarter to pair A only and a quarter
 * to pair B only, at the same time, so that both servers lease from the one v4 pool without
 * hearing each other (B's candidates are A's addresses: refused, learnt, NAKed, bound at the next
 * DISCOVER). Then pair A is killed -9 (by the pids in its pid files), and every client rebinds
 * ({@code --rebind}: the link's by multicast, the relay's through pair B) and must keep its
 * address. All the while a watcher reads {@code lease6} and {@code lease4} five times a second: an
 * address whose row passes to another client while the first one's lease has not run out is held
 * by two clients. Needs root, {@code socat}, {@code postgresql-15} and {@code kea-admin}.
 */
@Tag("system")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class TwoPairsIT {
    /** DHCPv6 clients, and as many 4o6 clients. */
    private static final int CLIENTS = 100;
    /** The relay's address on cli0, its link-address and source. */
    private static final String RELAY = "2001:db8:1::c:2";
    /** dhcp-load's route: clients on cli0 itself, by multicast, heard by both servers. */
    private static final List<String> LINK = List.of("-i", "cli0");
    /** A relay on the link that sends its clients to one server only: that server alone hears them. */
    private static final List<String> VIA_A = List.of("--server", "2001:db8:1::1", "--source", RELAY,
            "--relay-link", RELAY);
    private static final List<String> VIA_B = List.of("--server", "2001:db8:1::2", "--source", RELAY,
            "--relay-link", RELAY);
    private static final Group SARR_LINK = new Group("sarr-link", "sarr", LINK, 0x02_00_00_00_06_00L, 50);
    private static final Group SARR_VIA_A = new Group("sarr-via-a", "sarr", VIA_A, 0x02_00_00_00_06_32L, 25);
    private static final Group SARR_VIA_B = new Group("sarr-via-b", "sarr", VIA_B, 0x02_00_00_00_06_4bL, 25);
    private static final Group DORA_LINK = new Group("dora-link", "dora", LINK, 0x02_00_00_00_04_00L, 50);
    private static final Group DORA_VIA_A = new Group("dora-via-a", "dora", VIA_A, 0x02_00_00_00_04_32L, 25);
    private static final Group DORA_VIA_B = new Group("dora-via-b", "dora", VIA_B, 0x02_00_00_00_04_4bL, 25);
    /** The groups, in the order they run; the groups of one batch run at the same time. */
    private static final List<List<Group>> BATCHES = List.of(List.of(SARR_LINK), List.of(SARR_VIA_A, SARR_VIA_B),
            List.of(DORA_LINK), List.of(DORA_VIA_A, DORA_VIA_B));
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(180);
    private static final int RETRY_ROUNDS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PostgresCluster.PerClass DATABASE = new PostgresCluster.PerClass();

    @TempDir
    Path work;

    /** Clients that bind the same way: {@code count} MACs from {@code firstMac}, each with {@code exchange} over {@code route}. */
    private record Group(String name, String exchange, List<String> route, long firstMac, int count) {
    }

    /** One server of the two: its namespace and its pair of daemons. */
    private record Pair(NetnsLab.Namespace namespace, Path folder, LabProcess dhcp6d, LabProcess dhcp4o6d) {
    }

    @Test
    void twoHundredClientsBindThroughBothPairsAndRebindTheirOwnAddressesAtTheSurvivor() throws Exception {
        NetnsLab.requireCommands("socat", "curl");
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
            lab.addAddress(client, "cli0", RELAY + "/64");

            Pair a = startPair(lab, cluster, "a", serverA);
            Pair b = startPair(lab, cluster, "b", serverB);
            try (TableWatcher watcher = TableWatcher.start(cluster)) {
                Map<Group, Map<Long, String>> bound = new LinkedHashMap<>();
                for (List<Group> together : BATCHES) {
                    bound.putAll(bindAll(lab, client, together));
                }
                Map<Long, String> bound6 = merged(bound, "sarr");
                Map<Long, String> bound4 = merged(bound, "dora");
                assertEquals(CLIENTS, bound6.values().stream().distinct().count(), "no DHCPv6 address given twice");
                assertEquals(CLIENTS, bound4.values().stream().distinct().count(), "no 4o6 address given twice");
                for (Map.Entry<Long, String> entry : bound6.entrySet()) {
                    assertEquals(macAddressed(entry.getKey()), entry.getValue(), "the MAC-derived address");
                }
                Map<String, Long> servedByA = served(lab, a);
                Map<String, Long> servedByB = served(lab, b);
                System.out.printf("TwoPairsIT: acknowledged by pair A %s, by pair B %s%n", servedByA, servedByB);
                for (Map<String, Long> served : List.of(servedByA, servedByB)) {
                    assertTrue(served.get("replies") > 0 && served.get("acks") > 0, "both pairs bound clients: "
                            + servedByA + ", " + servedByB);
                }
                assertHeld(cluster, bound6, bound4, 0);

                long killedAt = System.currentTimeMillis() / 1000;
                killByPidFile(a.dhcp6d(), a.folder().resolve("dhcp6d.pid"));
                killByPidFile(a.dhcp4o6d(), a.folder().resolve("dhcp4o6d.pid"));
                // expire is in whole seconds: rebinding in a later second than the last binding
                // shows in the table as a later expiry
                TimeUnit.MILLISECONDS.sleep(1100);

                // The link's clients rebind by multicast, the relay's through pair B: each must keep its address
                Map<Group, Map<Long, String>> rebound = new LinkedHashMap<>();
                for (List<Group> together : BATCHES) {
                    rebound.putAll(rebindAll(lab, client, together, bound));
                }
                for (Group group : bound.keySet()) {
                    assertEquals(bound.get(group), rebound.get(group), group.name() + ": every client keeps its"
                            + " address at pair B");
                }
                assertHeld(cluster, bound6, bound4, killedAt + 1);
                watcher.assertNoAddressChangedHands();
                assertTrue(b.dhcp6d().isAlive() && b.dhcp4o6d().isAlive(), "pair B still serves");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + diagnostics(lab) + "\n--- lease4 rows by hardware address"
                        + " (more than one):\n" + cluster.sql("SELECT encode(hwaddr, 'hex'), count(*) FROM lease4"
                        + " GROUP BY 1 HAVING count(*) > 1") + "\n--- lease4 rows: " + cluster.sql(
                        "SELECT count(*) FROM lease4"), e);
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
                .replace(password, "\"password\": \"" + PostgresCluster.PASSWORD + "\""));
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
     * Binds each group's clients, the groups at the same time: each client once, 25 a second from
     * each group. A client whose exchange was lost (the machine is shared) or refused (its REQUEST
     * was for an address the other server had leased: the server learns that row and NAKs, one
     * address learnt per refusal) tries again as a client does after a DHCPNAK, up to
     * {@link #RETRY_ROUNDS} times while a round binds or is refused. Each group's clients'
     * acknowledged addresses.
     */
    private Map<Group, Map<Long, String>> bindAll(NetnsLab lab, NetnsLab.Namespace client, List<Group> groups)
            throws IOException {
        List<LoadRun> runs = new ArrayList<>();
        for (Group group : groups) {
            runs.add(new LoadRun(group.name() + "-bind", group.route(), "--exchange", group.exchange(), "--mac",
                    MacAddress.fromLong(group.firstMac()).toString(), "--clients", Integer.toString(group.count()),
                    "--rate", "25", "--step-seconds", Double.toString(group.count() / 25.0)));
        }
        List<LoadResult> results = load(lab, client, runs);
        Map<Group, Map<Long, String>> bound = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            Group group = groups.get(i);
            Map<Long, String> addresses = results.get(i).acknowledged();
            boolean progress = true;
            int round = 1;
            for (; round <= RETRY_ROUNDS && addresses.size() < group.count() && progress; round++) {
                int before = addresses.size();
                long refused = 0;
                if (group.route().equals(LINK)) {
                    // Only the missing clients: a bound client's DHCPDISCOVER by multicast would be
                    // offered another address by the server that did not bind it (not looked up)
                    for (long mac = group.firstMac(); mac < group.firstMac() + group.count(); mac++) {
                        if (!addresses.containsKey(mac)) {
                            LoadResult again = load(lab, client, List.of(new LoadRun(group.name() + "-retry-" + round
                                    + "-" + Long.toHexString(mac), group.route(), "--exchange", group.exchange(),
                                    "--mac", MacAddress.fromLong(mac).toString(), "--clients", "1", "--rate", "1",
                                    "--step-seconds", "1"))).get(0);
                            addresses.putAll(again.acknowledged());
                            refused += again.refused();
                        }
                    }
                } else {
                    // The whole group again through its one server, which gives a bound client its own address back
                    LoadResult again = load(lab, client, List.of(new LoadRun(group.name() + "-retry-" + round,
                            group.route(), "--exchange", group.exchange(), "--mac",
                            MacAddress.fromLong(group.firstMac()).toString(), "--clients",
                            Integer.toString(group.count()), "--rate", "25", "--step-seconds",
                            Double.toString(group.count() / 25.0)))).get(0);
                    for (Map.Entry<Long, String> entry : again.acknowledged().entrySet()) {
                        String held = addresses.putIfAbsent(entry.getKey(), entry.getValue());
                        assertTrue(held == null || held.equals(entry.getValue()), group.name() + ": client "
                                + MacAddress.fromLong(entry.getKey()) + " bound to " + held + " got " + entry.getValue());
                    }
                    refused += again.refused();
                }
                // A refusal (a DHCPNAK) taught the server the row it lost to, so another round can
                // bind; a round that neither bound nor was refused will not be followed by one that does
                progress = addresses.size() > before || refused > 0;
            }
            System.out.printf("TwoPairsIT: %s bound %d of %d clients after %d retry rounds%n", group.name(),
                    addresses.size(), group.count(), round - 1);
            assertEquals(group.count(), addresses.size(), group.name() + ": every client bound: " + addresses);
            bound.put(group, addresses);
        }
        return bound;
    }

    /**
     * Every client of each group rebinds once at the same time as the other groups' (a relay's
     * clients through pair B); each group's clients' acknowledged addresses.
     */
    private Map<Group, Map<Long, String>> rebindAll(NetnsLab lab, NetnsLab.Namespace client, List<Group> groups,
                                                    Map<Group, Map<Long, String>> bound) throws IOException {
        List<LoadRun> runs = new ArrayList<>();
        for (Group group : groups) {
            Path held = work.resolve(group.name() + "-held.csv");
            List<String> lines = new ArrayList<>(List.of("mac,address,at-ms"));
            bound.get(group).forEach((mac, address) -> lines.add(MacAddress.fromLong(mac) + "," + address + ",0"));
            Files.write(held, lines);
            runs.add(new LoadRun(group.name() + "-rebind", group.route().equals(LINK) ? LINK : VIA_B, "--exchange",
                    group.exchange(), "--rebind", held.toString(), "--rate", "25", "--step-seconds",
                    Double.toString(group.count() / 25.0)));
        }
        List<LoadResult> results = load(lab, client, runs);
        Map<Group, Map<Long, String>> rebound = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            rebound.put(groups.get(i), results.get(i).acknowledged());
        }
        return rebound;
    }

    /** One run of {@code scripts/dhcp-load}: its name (for its files), how it reaches the servers, and the rest. */
    private record LoadRun(String name, List<String> route, List<String> arguments) {
        LoadRun(String name, List<String> route, String... arguments) {
            this(name, route, List.of(arguments));
        }
    }

    /** What one run of {@code scripts/dhcp-load} got: the last address acknowledged to each MAC, and how many exchanges were refused. */
    private record LoadResult(Map<Long, String> acknowledged, long refused) {
    }

    /** Runs {@code scripts/dhcp-load} in the client namespace once for each of {@code runs}, all at the same time. */
    private List<LoadResult> load(NetnsLab lab, NetnsLab.Namespace client, List<LoadRun> runs)
            throws IOException {
        List<LabProcess> processes = new ArrayList<>();
        for (LoadRun run : runs) {
            List<String> command = new ArrayList<>(List.of(launcher("dhcp-load")));
            command.addAll(run.route());
            // A long timeout: an ACK given up on while its row was written would leave the client
            // holding that row when it binds again through the other server, which does not look it up
            command.addAll(List.of("--timeout", "10000", "--acked", work.resolve(run.name() + ".csv").toString(),
                    "--json", work.resolve(run.name() + ".json").toString()));
            command.addAll(run.arguments());
            processes.add(lab.start(run.name(), client, command.toArray(String[]::new)));
        }
        List<LoadResult> results = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            LabProcess process = processes.get(i);
            assertEquals(Optional.of(0), process.awaitExit(LOAD_TIMEOUT), process + ":\n" + process.output());
            System.out.println("TwoPairsIT " + runs.get(i).name() + ":\n" + process.output());
            Map<Long, String> last = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(work.resolve(runs.get(i).name() + ".csv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(",");
                last.put(MacAddress.parse(fields[0]).toLong(), fields[1]);
            }
            long refused = 0;
            for (JsonNode step : JSON.readTree(work.resolve(runs.get(i).name() + ".json").toFile()).get("steps")) {
                refused += step.get("refused").asLong();
            }
            results.add(new LoadResult(last, refused));
        }
        return results;
    }

    /** The addresses of every group of {@code exchange}, by MAC. */
    private static Map<Long, String> merged(Map<Group, Map<Long, String>> bound, String exchange) {
        Map<Long, String> merged = new LinkedHashMap<>();
        bound.forEach((group, addresses) -> {
            if (group.exchange().equals(exchange)) {
                merged.putAll(addresses);
            }
        });
        return merged;
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
     * dhcp6d's Replies (direct and relayed; the relayed 4o6 answers among them), dhcp4o6d's ACKs
     * and NAKs, and each daemon's rows refused because the
     * database held the address for another client.
     */
    private static Map<String, Long> served(NetnsLab lab, Pair pair) {
        Map<String, Long> served = new LinkedHashMap<>();
        String metrics6 = metrics(lab, pair.namespace(), "http://[::1]:6315/metrics");
        String metrics4 = metrics(lab, pair.namespace(), "http://[::1]:6317/metrics");
        served.put("replies", sample(metrics6, "tandem_dhcp6_packets_sent_total{type=\"reply\"}")
                + sample(metrics6, "tandem_dhcp6_packets_sent_total{type=\"relay-repl\"}"));
        served.put("v6-conflicts", sample(metrics6, "tandem_dhcp6_lease_conflicts_total"));
        served.put("acks", sample(metrics4, "tandem_dhcp4o6d_packets_sent_total{type=\"dhcpack\"}"));
        served.put("naks", sample(metrics4, "tandem_dhcp4o6d_packets_sent_total{type=\"dhcpnak\"}"));
        served.put("v4-conflicts", sample(metrics4, "tandem_dhcp4o6d_lease_conflicts_total"));
        return served;
    }

    private static String metrics(NetnsLab lab, NetnsLab.Namespace namespace, String url) {
        NetnsLab.Result metrics = lab.exec(namespace, "curl", "-sS", "--max-time", "10", url);
        assertTrue(metrics.ok(), metrics.toString());
        return metrics.output();
    }

    private static long sample(String metrics, String series) {
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.e+E]+)$").matcher(metrics);
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
