package io.tandem.dhcp6d.dhcp4o6;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.NetnsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem's dhcp6d paired with Debian's {@code kea-dhcp4} over Kea's port pair: a 4o6 client on
 * the link (scripts/lib/dhcp4o6-client.py) gets its IPv4 lease through dhcp6d, by multicast from
 * its link-local address and as a relay would send it, with a renewal carrying the U flag.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class KeaDhcp4PairIT {
    private static final Pattern BOUND = Pattern.compile("bound to (\\d+\\.\\d+\\.\\d+\\.\\d+)");

    @TempDir
    static Path work;
    NetnsLab lab;
    NetnsLab.Namespace server;
    NetnsLab.Namespace client;
    LabProcess kea;
    LabProcess dhcp6d;

    @BeforeAll
    void start() throws Exception {
        NetnsLab.requireCommands("kea-dhcp4", "python3");
        lab = NetnsLab.create(work.resolve("lab"));
        server = lab.namespace("srv");
        client = lab.namespace("cli");
        lab.veth(client, "cli0", NetnsLab.universalMac(1), server, "srv0", NetnsLab.universalMac(0xfe));
        lab.addAddress(server, "srv0", "2001:db8:3::1/64");
        lab.addAddress(client, "cli0", "2001:db8:3::2/64");
        // Kea's DHCPv4 side answers a 4o6 query only for an interface with an IPv4 address (FIELD-NOTES).
        lab.execOk(server, "ip", "addr", "add", "192.0.2.1/24", "dev", "srv0");
        lab.awaitLinkLocal(client, "cli0");
        Files.writeString(work.resolve("kea4.json"), """
                { "Dhcp4": {
                    "interfaces-config": { "interfaces": [ "srv0" ], "dhcp-socket-type": "udp" },
                    "dhcp4o6-port": 6767,
                    "lease-database": { "type": "memfile", "persist": false },
                    "valid-lifetime": 4000,
                    "subnet4": [
                      { "id": 1, "subnet": "198.51.100.0/24", "4o6-interface-id": "rack-7",
                        "pools": [ { "pool": "198.51.100.10 - 198.51.100.50" } ] },
                      { "id": 2, "subnet": "192.0.2.0/24", "4o6-interface": "srv0",
                        "pools": [ { "pool": "192.0.2.10 - 192.0.2.50" } ] } ] } }
                """);
        Files.writeString(work.resolve("dhcp6d.json"), """
                {"Dhcp6": {"interfaces-config": {"interfaces": ["srv0"]}, "dhcp4o6-port": 6767,
                  "option-data": [{"name": "dhcp4o6-server-addr", "data": "2001:db8:3::1"}],
                  "subnet6": [{"id": 1, "subnet": "2001:db8:3::/64", "interface": "srv0",
                               "mac-addressing": {"prefix": "2001:db8:3::/80"}}]}}
                """);
        kea = lab.start("kea-dhcp4", server, "env", "KEA_PIDFILE_DIR=" + work, "KEA_LOCKFILE_DIR=" + work,
                "kea-dhcp4", "-c", work.resolve("kea4.json").toString());
        dhcp6d = lab.start("dhcp6d", server, Launcher.repository().resolve("scripts/dhcp6d").toString(), "-d",
                "-cf", work.resolve("dhcp6d.json").toString(), "-lf", work.resolve("leases6.csv").toString(),
                "--no-pid");
        NetnsLab.await(Duration.ofSeconds(30), "both halves to listen",
                () -> dhcp6d.output().contains("DHCP4O6_PAIRED") && kea.output().contains("DHCP4_STARTED"),
                () -> "dhcp6d:\n" + dhcp6d.output() + "\nkea-dhcp4:\n" + kea.output());
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private String client(String... arguments) {
        String[] command = new String[arguments.length + 3];
        command[0] = "python3";
        command[1] = Launcher.repository().resolve("scripts/lib/dhcp4o6-client.py").toString();
        command[2] = "cli0";
        System.arraycopy(arguments, 0, command, 3, arguments.length);
        NetnsLab.Result result = lab.exec(client, Duration.ofSeconds(40), command);
        assertTrue(result.ok(), result + "\ndhcp6d:\n" + dhcp6d.output() + "\nkea-dhcp4:\n" + kea.output());
        return result.output();
    }

    private static String boundAddress(String output) {
        Matcher matcher = BOUND.matcher(output);
        assertTrue(matcher.find(), output);
        return matcher.group(1);
    }

    @Test
    void aDirectClientGetsItsLeaseByMulticastAndRenewsWithTheUnicastFlag() {
        String output = client("--renew");
        assertTrue(boundAddress(output).startsWith("192.0.2."), output);
        assertTrue(output.contains("renewed"), output);
        assertTrue(output.contains("flags=0x800000"), "the renewal carried the U flag: " + output);
        assertTrue(!output.contains("DHCPV4-RESPONSE flags=0x8"), "dhcp6d clears the response flags: " + output);
    }

    @Test
    void aRelayedQueryWithAConfiguredInterfaceIdLandsInItsSubnetAndIsAnsweredOnTheRelaysPort() {
        String output = client("--relay", "--server", "2001:db8:3::1", "--relay-source", "2001:db8:3::2",
                "--source-port", "10547", "--link-address", "2001:db8:4::1", "--interface-id", "rack-7");
        assertTrue(boundAddress(output).startsWith("198.51.100."), output);
    }
}
