package io.tandem.dhcp6d.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.NetnsLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dhcp6d's sockets per interface, with real datagrams in network namespaces: dhcp6d serves three
 * links ({@code srv0} with a configured global address, {@code srv1}, and {@code srv2}, down at
 * start, so not served), and {@code scripts/dhcp-load} runs whole exchanges from a client namespace on each. Its
 * debug log ({@code DHCP6_RECEIVED ... on IFACE by HOW}) shows how each datagram arrived: by
 * multicast on the client's own link, to the link-local address, to the configured global address,
 * or, for a relay sending to another address of the server, on the relay-facing socket. A direct
 * client's Solicit that did not come by multicast is discarded and counted (RFC 9915 §16). A second
 * dhcp6d on the same port refuses to start. It lives in this module, which Maven builds after
 * dhcp6d, so that both launchers' jars exist when it runs; it keeps dhcp6d's test package for
 * the lab helpers it shares with dhcp6d's own namespace tests (Dhcp6dProcess, Evidence: the
 * dhcp6d test-jar).
 */
@Tag("system")
class InterfaceSocketsIT {
    private static final String CONFIG = """
            {"Dhcp6": {
              "interfaces-config": {"interfaces": ["srv0", "srv0/2001:db8:1::1", "srv1", "srv2"]},
              "tftp": {"enabled": false}, "http": {"listen": "[::1]:16315"},
              "subnet6": [
                {"id": 1, "subnet": "2001:db8:1::/64", "interface": "srv0", "pools": [{"pool": "2001:db8:1::100/120"}]},
                {"id": 2, "subnet": "2001:db8:2::/64", "interface": "srv1", "pools": [{"pool": "2001:db8:2::100/120"}]},
                {"id": 3, "subnet": "2001:db8:3::/64", "interface": "srv2", "pools": [{"pool": "2001:db8:3::100/120"}]},
                {"id": 4, "subnet": "2001:db8:4::/64", "relay": {"ip-addresses": ["2001:db8:4::1"]},
                 "pools": [{"pool": "2001:db8:4::100/120"}]}]}}
            """;
    private static final Pattern RECEIVED = Pattern.compile("DHCP6_RECEIVED (\\S+) from (\\S+) on (\\S*) by (\\S+)");
    private static final Pattern UNICAST_DROPS =
            Pattern.compile("(?m)^tandem_dhcp6_packets_dropped_total\\{reason=\"sent-by-unicast\"} (\\d+)");

    @TempDir
    static Path work;
    private static NetnsLab lab;
    private static NetnsLab.Namespace server;
    private static final List<NetnsLab.Namespace> CLIENTS = new ArrayList<>();
    private static Dhcp6dProcess daemon;
    private static int runs;

    @BeforeAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    static void startDaemon() {
        NetnsLab.requireCommands("curl");
        lab = NetnsLab.create(work.resolve("lab"));
        server = lab.namespace("srv");
        for (int i = 0; i < 3; i++) {
            NetnsLab.Namespace client = lab.namespace("cli" + i);
            lab.veth(client, "cli" + i, NetnsLab.universalMac(0x10 + i), server, "srv" + i,
                    NetnsLab.universalMac(0xf0 + i));
            CLIENTS.add(client);
        }
        lab.addAddress(server, "srv0", "2001:db8:1::1/64");
        lab.addAddress(server, "srv0", "2001:db8:1::3/64");
        lab.addAddress(CLIENTS.get(0), "cli0", "2001:db8:1::2/64");
        lab.execOk(server, "ip", "link", "set", "srv2", "down");
        daemon = Dhcp6dProcess.start(lab, server, work.resolve("dhcp6d"), CONFIG);
    }

    @AfterAll
    static void stopAll() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMulticastSolicitIsAnsweredOutOfItsOwnInterface() throws IOException {
        assertEquals(20, exchanges(CLIENTS.get(1), "-i", "cli1"), this::evidence);
        assertArrived("solicit", "srv1", "multicast");
        assertArrived("request", "srv1", "multicast");
        assertNotArrived("srv1", "relay-socket");
    }

    /** RFC 9915 §16, as kea-dhcp6: a direct client's Solicit must come by multicast; by unicast it is discarded. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSolicitToTheLinkLocalAddressArrivesAsUnicastAndIsDiscarded() throws IOException {
        String linkLocal = lab.addresses(server, "srv0", "link").get(0);
        assertSolicitsDiscarded("unicast-link-local", "--server", linkLocal + "%cli0");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSolicitToTheConfiguredGlobalAddressArrivesOnItsSocketAndIsDiscarded() throws IOException {
        assertSolicitsDiscarded("unicast-global", "--server", "2001:db8:1::1", "--source", "2001:db8:1::2");
    }

    /** An address of the server with no socket of its own: the relay-facing socket, where a direct Solicit is discarded too. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aDirectSolicitToAnotherAddressReachesTheRelayFacingSocketAndIsDiscarded() throws IOException {
        assertSolicitsDiscarded("relay-socket", "--server", "2001:db8:1::3", "--source", "2001:db8:1::2");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRelayIsServedByTheRelayFacingSocket() throws IOException {
        assertEquals(20, exchanges(CLIENTS.get(0), "--server", "2001:db8:1::3", "--source", "2001:db8:1::2",
                "--relay-link", "2001:db8:4::1"), this::evidence);
        assertArrived("relay-forw", "srv0", "relay-socket");
    }

    /** As Kea: an interface that is down at start is not served, also once it comes up (no hot-plug). */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anInterfaceDownAtStartIsNotServed() throws IOException {
        assertTrue(daemon.log().contains("DHCP6_INTERFACE_INCOMPLETE interface srv2 is down: not served until dhcp6d "
                + "restarts"), this::evidence);
        lab.execOk(server, "ip", "link", "set", "srv2", "up");
        lab.awaitLinkLocal(server, "srv2");
        assertEquals(0, exchanges(CLIENTS.get(2), "-i", "cli2"), this::evidence);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSecondServerOnThePortRefusesToStart() throws IOException {
        LabProcess second = lab.start("second-dhcp6d", server, Launcher.repository().resolve("scripts/dhcp6d").toString(),
                "-cf", daemon.config().toString(), "-lf", work.resolve("second-leases6.csv").toString(),
                "-pf", work.resolve("second.pid").toString());
        int status = second.awaitExit(Duration.ofSeconds(40)).orElseThrow(() -> new AssertionError(
                "a second dhcp6d on port 547 is still running:\n" + second.output()));
        assertEquals(1, status, second::output);
        assertTrue(second.output().lines().anyMatch(line -> line.startsWith("dhcp6d: cannot bind the DHCPv6 port [::]:547")
                && line.endsWith("Address already in use")), second::output);
        assertEquals(20, exchanges(CLIENTS.get(1), "-i", "cli1"), "the first one still serves\n" + evidence());
    }

    /** Runs 20 exchanges with fresh MACs from {@code client}; the number completed. */
    private static int exchanges(NetnsLab.Namespace client, String... target) throws IOException {
        Path json = work.resolve("load-" + ++runs + ".json");
        List<String> command = new ArrayList<>(List.of(Launcher.repository().resolve("scripts/dhcp-load").toString(),
                "--rate", "20", "--step-seconds", "1", "--timeout", "3000", "--clients", "20",
                "--mac", String.format("02:00:00:00:%02x:01", runs), "--json", json.toString()));
        command.addAll(List.of(target));
        NetnsLab.Result result = lab.exec(client, Duration.ofSeconds(40), command.toArray(String[]::new));
        if (!result.ok()) {
            throw new AssertionError(result + "\n" + daemon.log());
        }
        JsonNode step = new ObjectMapper().readTree(Files.readAllLines(json).get(0));
        return (step.has("steps") ? step.get("steps").get(0) : step).get("completed").asInt();
    }

    /**
     * Runs 20 direct clients from {@code cli0} to {@code target}: none completes, each Solicit
     * arrived on srv0 by {@code addressing}, was discarded as sent by unicast, counted in
     * {@code /metrics} (read with curl in the server's namespace) and logged with how it arrived.
     */
    private void assertSolicitsDiscarded(String addressing, String... target) throws IOException {
        long before = unicastDrops();
        assertEquals(0, exchanges(CLIENTS.get(0), target), this::evidence);
        assertArrived("solicit", "srv0", addressing);
        assertTrue(unicastDrops() >= before + 20, () -> "sent-by-unicast drops " + before + " -> " + unicastDrops()
                + "\n" + evidence());
        assertTrue(daemon.log().lines().anyMatch(line -> line.contains("DHCP6_PACKET_DROPPED sent-by-unicast from ")
                && line.endsWith("SOLICIT sent to a unicast address (" + addressing + " on srv0)")), this::evidence);
    }

    /** dhcp6d's count of datagrams discarded as sent by unicast, from its {@code /metrics}. */
    private static long unicastDrops() {
        NetnsLab.Result metrics = lab.execOk(server, "curl", "-sS", "--max-time", "10", "http://[::1]:16315/metrics");
        Matcher matcher = UNICAST_DROPS.matcher(metrics.output());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static void assertArrived(String type, String interfaceName, String addressing) {
        Matcher matcher = RECEIVED.matcher(daemon.log());
        while (matcher.find()) {
            if (matcher.group(1).equals(type) && matcher.group(3).equals(interfaceName)
                    && matcher.group(4).equals(addressing)) {
                return;
            }
        }
        throw new AssertionError("no " + type + " logged as arrived on " + interfaceName + " by " + addressing + "\n"
                + daemon.log());
    }

    /** The relay-facing socket must not also receive what was sent to the multicast group. */
    private static void assertNotArrived(String interfaceName, String addressing) {
        Matcher matcher = RECEIVED.matcher(daemon.log());
        while (matcher.find()) {
            if (matcher.group(3).equals(interfaceName) && matcher.group(4).equals(addressing)) {
                throw new AssertionError(matcher.group() + " logged\n" + daemon.log());
            }
        }
    }

    private String evidence() {
        return daemon.describe(new Evidence()).toString();
    }
}
