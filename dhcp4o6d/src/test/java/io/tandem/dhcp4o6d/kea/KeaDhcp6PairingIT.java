package io.tandem.dhcp4o6d.kea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseFile4;
import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.NetnsLab;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.dhcp4o6d.testing.Client4o6Main;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "kea-dhcp6 with Tandem's dhcp4o6d" pairing, end to end: Debian's {@code kea-dhcp6} 2.2 with
 * {@code "dhcp4o6-port": 6767} and the packaged dhcp4o6d with {@code -4o6 6767} in one network
 * namespace, a scripted 4o6 client ({@link Client4o6Main}) in another, joined by a veth pair, with
 * documentation addresses only. The client runs DISCOVER, REQUEST, a RENEWING REQUEST with the U
 * flag and a RELEASE: directly from its link-local address to ff02::1:2; by unicast to the
 * server's address from a global address that {@code 4o6-subnet} holds; as a relay with an
 * Interface-ID that {@code 4o6-interface-id} names and the Relay Source Port option; and as a relay
 * with an Interface-ID nobody names. Needs root and Debian's kea-dhcp6-server ({@code scripts/install-test-deps});
 * the lab ends every process by pid and deletes its namespaces.
 */
@Tag("system")
@Timeout(240)
class KeaDhcp6PairingIT {
    static final int PORT = 6767;
    private static final Pattern ANSWER = Pattern.compile(
            "answer (\\S+) yiaddr=(\\S+) ciaddr=(\\S+) server=(\\S+) flags=(\\S+) relayed=(\\S+) from=(\\S+)");

    @TempDir
    Path work;

    record Answer(String type, String yiaddr, String ciaddr, String server, String flags, boolean relayed, String from) {
    }

    @Test
    void keaDhcp6CarriesDhcp4o6dsAnswers() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/kea-dhcp6"))) {
            fail("needs kea-dhcp6 (Debian's kea-dhcp6-server): run scripts/install-test-deps");
        }
        Path keaDirectory = Files.createDirectories(work.resolve("kea"));
        Path keaConfig = Files.writeString(work.resolve("kea-dhcp6.json"), keaConfig(keaDirectory));
        Path config = Files.writeString(work.resolve("dhcp4o6d.json"), DHCP4O6D_CONFIG);
        Path leases = work.resolve("leases4.csv");
        try (NetnsLab lab = NetnsLab.create(work.resolve("lab"))) {
            NetnsLab.Namespace server = lab.namespace("srv");
            NetnsLab.Namespace client = lab.namespace("cli");
            lab.veth(client, "cli0", NetnsLab.universalMac(0x01), server, "srv0", NetnsLab.universalMac(0xfe));
            lab.addAddress(server, "srv0", "2001:db8:3::1/64");
            lab.addAddress(client, "cli0", "2001:db8:3::2/64");
            lab.addAddress(client, "cli0", "2001:db8:3:0:5::5/64");
            // No dhcp-server-identifier is configured: dhcp4o6d takes srv0's IPv4 address, as kea-dhcp4 would.
            lab.execOk(server, "ip", "-4", "address", "add", "192.0.2.1/24", "dev", "srv0");

            LabProcess kea = lab.start("kea-dhcp6", server, "env", "KEA_PIDFILE_DIR=" + keaDirectory,
                    "KEA_LOCKFILE_DIR=" + keaDirectory, "kea-dhcp6", "-c", keaConfig.toString());
            NetnsLab.await(Duration.ofSeconds(30), "kea-dhcp6 to start", () -> kea.output().contains("DHCP6_STARTED")
                    || !kea.isAlive(), kea::output);
            assertTrue(kea.isAlive(), kea.output());
            LabProcess dhcp4o6d = lab.start("dhcp4o6d", server, Launcher.repository().resolve("scripts/dhcp4o6d")
                    .toString(), "-4", "-4o6", Integer.toString(PORT), "-cf", config.toString(), "-lf", leases.toString(),
                    "-pf", work.resolve("dhcp4o6d.pid").toString());
            NetnsLab.await(Duration.ofSeconds(30), "dhcp4o6d to listen", () -> dhcp4o6d.output()
                    .contains("DHCP4O6_LISTENING") || !dhcp4o6d.isAlive(), dhcp4o6d::output);
            assertTrue(dhcp4o6d.isAlive(), dhcp4o6d.output());

            String diagnostics = "";
            try {
                List<Answer> direct = run(lab, client, "mac=00005e005301");
                assertEquals(List.of("DHCPOFFER", "DHCPACK", "DHCPACK"), direct.stream().map(Answer::type).toList());
                for (Answer answer : direct) {
                    assertEquals("192.0.2.10", answer.yiaddr(), "the subnet of 4o6-interface srv0");
                    assertEquals("192.0.2.1", answer.server(), "srv0's IPv4 address");
                    assertEquals("000000", answer.flags(), "dhcp4o6d's flags, which kea-dhcp6 sends on as they are");
                    assertEquals(false, answer.relayed());
                    assertTrue(answer.from().startsWith("[fe80:") && answer.from().endsWith("]:547"), answer.from());
                }
                assertEquals("192.0.2.10", direct.get(2).ciaddr(), "the RENEWING answer carries ciaddr");
                awaitRelease(leases, "192.0.2.10");

                List<Answer> unicast = run(lab, client, "mac=00005e005304", "unicast=2001:db8:3::1",
                        "source=2001:db8:3:0:5::5");
                assertEquals(List.of("DHCPOFFER", "DHCPACK", "DHCPACK"), unicast.stream().map(Answer::type).toList());
                for (Answer answer : unicast) {
                    assertEquals("203.0.113.10", answer.yiaddr(), "the subnet whose 4o6-subnet holds the source");
                    assertEquals("[2001:db8:3::1]:547", answer.from());
                }
                awaitRelease(leases, "203.0.113.10");

                List<Answer> relayed = run(lab, client, "mac=00005e005302", "relay=2001:db8:3::1",
                        "relay-source=2001:db8:3::2", "relay-port=10547", "link=2001:db8:4::1", "interface-id=relay-7");
                assertEquals(List.of("DHCPOFFER", "DHCPACK", "DHCPACK"), relayed.stream().map(Answer::type).toList());
                for (Answer answer : relayed) {
                    assertEquals("198.51.100.10", answer.yiaddr(), "the subnet of 4o6-interface-id relay-7");
                    assertTrue(answer.relayed(), "a Relay-Reply back to the relay");
                    assertEquals("[2001:db8:3::1]:547", answer.from());
                }
                awaitRelease(leases, "198.51.100.10");

                List<Answer> otherRelay = run(lab, client, "mac=00005e005303", "relay=2001:db8:3::1",
                        "relay-source=2001:db8:3::2", "link=2001:db8:4::1", "interface-id=relay-8");
                assertEquals("DHCPOFFER", otherRelay.get(0).type());
                assertTrue(otherRelay.get(0).yiaddr().startsWith("192.0.2."), "another Interface-ID: the link's subnet, "
                        + otherRelay.get(0));
            } catch (AssertionError | RuntimeException e) {
                diagnostics = "\n--- kea-dhcp6\n" + kea.output() + "\n--- dhcp4o6d\n" + dhcp4o6d.output();
                throw new AssertionError(e.getMessage() + diagnostics, e);
            }
            assertEquals(0, dhcp4o6d.stop(Duration.ofSeconds(10)), dhcp4o6d.output());
            kea.stop(Duration.ofSeconds(10));
        }
    }

    /** Runs the scripted client in {@code namespace} (bounded) and returns its answers. */
    private List<Answer> run(NetnsLab lab, NetnsLab.Namespace namespace, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath(), Client4o6Main.class.getName(), "iface=cli0"));
        command.addAll(List.of(arguments));
        NetnsLab.Result result = lab.exec(namespace, Duration.ofSeconds(60), command.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.toString());
        List<Answer> answers = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            Matcher matcher = ANSWER.matcher(line.strip());
            if (matcher.matches()) {
                answers.add(new Answer(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4),
                        matcher.group(5), Boolean.parseBoolean(matcher.group(6)), matcher.group(7)));
            }
        }
        return answers;
    }

    /** The client sends DHCPRELEASE without waiting: the row with valid lifetime 0 must appear (bounded wait). */
    private static void awaitRelease(Path leases, String address) {
        NetnsLab.await(Duration.ofSeconds(10), "a release row for " + address + " in " + leases, () -> {
            try {
                List<Lease4> rows = LeaseFile4.load(leases).leases();
                return rows.stream().anyMatch(row -> Addresses.text(row.address()).equals(address)
                        && row.validLifetime() > 0) && rows.stream().anyMatch(row ->
                        Addresses.text(row.address()).equals(address) && row.validLifetime() == 0);
            } catch (java.io.IOException e) {
                return false;
            }
        }, () -> {
            try {
                return Files.readString(leases);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
    }

    /** The client's classes: this module's test classes and the common codecs. */
    private static String classpath() throws URISyntaxException {
        return Path.of(Client4o6Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(Dhcp4Codec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String keaConfig(Path directory) {
        return """
                { "Dhcp6": {
                    "interfaces-config": { "interfaces": [ "srv0", "srv0/2001:db8:3::1" ] },
                    "dhcp4o6-port": %d,
                    "data-directory": "%s",
                    "server-id": { "type": "LLT", "persist": false },
                    "lease-database": { "type": "memfile", "persist": false },
                    "loggers": [ { "name": "kea-dhcp6", "output_options": [ { "output": "stdout" } ],
                                   "severity": "DEBUG", "debuglevel": 50 } ],
                    "subnet6": [ { "id": 1, "subnet": "2001:db8:3::/64", "interface": "srv0",
                                   "pools": [ { "pool": "2001:db8:3::100 - 2001:db8:3::1ff" } ] } ]
                } }
                """.formatted(PORT, directory);
    }

    static final String DHCP4O6D_CONFIG = """
            { "Dhcp4": {
                "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
                "subnet4": [
                  { "id": 1, "subnet": "198.51.100.0/24", "4o6-interface-id": "relay-7",
                    "pools": [ { "pool": "198.51.100.10 - 198.51.100.50" } ],
                    "option-data": [ { "name": "routers", "data": "198.51.100.1" } ] },
                  { "id": 2, "subnet": "203.0.113.0/24", "4o6-subnet": "2001:db8:3:0:5::/80",
                    "pools": [ { "pool": "203.0.113.10 - 203.0.113.50" } ] },
                  { "id": 3, "subnet": "192.0.2.0/24", "4o6-interface": "srv0",
                    "pools": [ { "pool": "192.0.2.10 - 192.0.2.50" } ],
                    "option-data": [ { "name": "routers", "data": "192.0.2.1" } ] }
                ] } }
            """;
}
