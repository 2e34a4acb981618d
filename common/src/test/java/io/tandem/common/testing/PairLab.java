package io.tandem.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.LeaseCsv4;
import io.tandem.common.lease.LeaseFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A DHCPv4-over-DHCPv6 pair in network namespaces: a DHCPv6 half (Tandem's dhcp6d or Debian's
 * kea-dhcp6) and a DHCPv4 half (Tandem's dhcp4o6d or Debian's kea-dhcp4) on Kea's port pair in
 * namespace {@code srv}, and {@code scripts/dhcp4o6-client} in namespace {@code cli}, joined by a
 * veth pair (cli0 ⇄ srv0), documentation addresses only:
 * <ul>
 * <li>srv0: 2001:db8:3::1/64 (the option-88 address) and 192.0.2.1/24 (the DHCPv4 server identifier);
 * <li>cli0: 2001:db8:3::2/64 (the relay's address) and 2001:db8:3:0:5::5/64 (a global client address).
 * </ul>
 * The DHCPv4 subnets, the same for both DHCPv4 halves: 198.51.100.0/24 for Interface-ID
 * {@code relay-7} ({@code 4o6-interface-id}), 203.0.113.0/24 for sources in 2001:db8:3:0:5::/80
 * ({@code 4o6-subnet}), 10.64.0.0/16 for Interface-ID {@code load}, and 192.0.2.0/24 for the link
 * ({@code 4o6-interface srv0}). The v4 lease file persists ({@link #leaseRows()}).
 */
public final class PairLab implements AutoCloseable {
    public static final int PORT = 6767;
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Half6 { DHCP6D, KEA_DHCP6 }

    public enum Half4 { DHCP4O6D, KEA_DHCP4 }

    /** What the client tool printed: its exit code, its output, and each JSON object of it. */
    public record ClientRun(int exitCode, String output, List<JsonNode> objects) {
        public JsonNode only() {
            if (objects.size() != 1) {
                throw new AssertionError("expected one JSON object from the client, got:\n" + output);
            }
            return objects.get(0);
        }
    }

    private final NetnsLab lab;
    private final Path work;
    private final Half6 half6;
    private final Half4 half4;
    private final NetnsLab.Namespace server;
    private final NetnsLab.Namespace client;
    private LabProcess process6;
    private LabProcess process4;

    private PairLab(Path work, Half6 half6, Half4 half4) {
        this.work = work;
        this.half6 = half6;
        this.half4 = half4;
        if (half6 == Half6.KEA_DHCP6) {
            NetnsLab.requireCommands("kea-dhcp6");
        }
        if (half4 == Half4.KEA_DHCP4) {
            NetnsLab.requireCommands("kea-dhcp4");
        }
        lab = NetnsLab.create(work.resolve("lab"));
        try {
            server = lab.namespace("srv");
            client = lab.namespace("cli");
            lab.veth(client, "cli0", NetnsLab.universalMac(1), server, "srv0", NetnsLab.universalMac(0xfe));
            lab.addAddress(server, "srv0", "2001:db8:3::1/64");
            lab.addAddress(client, "cli0", "2001:db8:3::2/64");
            lab.addAddress(client, "cli0", "2001:db8:3:0:5::5/64");
            // Both DHCPv4 halves take the server identifier from the receiving interface's IPv4 address.
            lab.execOk(server, "ip", "-4", "address", "add", "192.0.2.1/24", "dev", "srv0");
            lab.awaitLinkLocal(client, "cli0");
            lab.awaitLinkLocal(server, "srv0");
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** The lab with both halves started, the DHCPv4 half first when {@code dhcp4First}. */
    public static PairLab start(Path work, Half6 half6, Half4 half4, boolean dhcp4First) {
        PairLab pair = new PairLab(work, half6, half4);
        try {
            if (dhcp4First) {
                pair.start4();
                pair.start6();
            } else {
                pair.start6();
                pair.start4();
            }
            return pair;
        } catch (RuntimeException | Error e) {
            String diagnostics = pair.diagnostics();
            pair.close();
            throw new AssertionError(e.getMessage() + diagnostics, e);
        }
    }

    public Path leaseFile4() {
        return work.resolve("leases4.csv");
    }

    /** Starts (or restarts) the DHCPv6 half and waits until it serves. */
    public void start6() {
        try {
            if (half6 == Half6.DHCP6D) {
                Path config = Files.writeString(work.resolve("dhcp6d.json"), DHCP6D_CONFIG.formatted(PORT));
                process6 = lab.start("dhcp6d", server, Launcher.repository().resolve("scripts/dhcp6d").toString(),
                        "-6", "-4o6", Integer.toString(PORT), "-cf", config.toString(), "-lf",
                        work.resolve("leases6.csv").toString(), "-pf", work.resolve("dhcp6d.pid").toString(), "srv0");
                await(process6, "DHCP4O6_PAIRED");
            } else {
                Path config = Files.writeString(work.resolve("kea-dhcp6.json"), KEA_DHCP6_CONFIG.formatted(PORT, work));
                process6 = lab.start("kea-dhcp6", server, "env", "KEA_PIDFILE_DIR=" + work, "KEA_LOCKFILE_DIR=" + work,
                        "kea-dhcp6", "-c", config.toString());
                await(process6, "DHCP6_STARTED");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (or restarts) the DHCPv4 half and waits until it serves. */
    public void start4() {
        try {
            if (half4 == Half4.DHCP4O6D) {
                Path config = Files.writeString(work.resolve("dhcp4o6d.json"), DHCP4O6D_CONFIG.formatted(SUBNET4));
                process4 = lab.start("dhcp4o6d", server, Launcher.repository().resolve("scripts/dhcp4o6d").toString(),
                        "-4", "-4o6", Integer.toString(PORT), "-cf", config.toString(), "-lf", leaseFile4().toString(),
                        "-pf", work.resolve("dhcp4o6d.pid").toString());
                await(process4, "DHCP4O6_LISTENING");
            } else {
                Path config = Files.writeString(work.resolve("kea-dhcp4.json"),
                        KEA_DHCP4_CONFIG.formatted(PORT, leaseFile4(), SUBNET4));
                process4 = lab.start("kea-dhcp4", server, "env", "KEA_PIDFILE_DIR=" + work, "KEA_LOCKFILE_DIR=" + work,
                        "kea-dhcp4", "-c", config.toString());
                await(process4, "DHCP4_STARTED");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void await(LabProcess process, String started) {
        NetnsLab.await(Duration.ofSeconds(60), process.label() + " to start", () -> process.output().contains(started)
                || !process.isAlive(), this::diagnostics);
        if (!process.isAlive()) {
            throw new AssertionError(process.label() + " ended" + diagnostics());
        }
    }

    /** kill -9 of the DHCPv6 half. */
    public void kill6() {
        process6.kill();
    }

    /** kill -9 of the DHCPv4 half. */
    public void kill4() {
        process4.kill();
    }

    public NetnsLab lab() {
        return lab;
    }

    public NetnsLab.Namespace clientNamespace() {
        return client;
    }

    /** The client tool's command line in the client namespace. */
    public List<String> clientCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Launcher.repository().resolve("scripts/dhcp4o6-client").toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Runs {@code scripts/dhcp4o6-client ARGUMENTS} in the client namespace (at most {@code timeout}). */
    public ClientRun client(Duration timeout, String... arguments) {
        NetnsLab.Result result = lab.exec(client, timeout, clientCommand(arguments).toArray(String[]::new));
        return new ClientRun(result.exitCode(), result.output(), objects(result.output()));
    }

    /** The JSON objects among {@code output}'s lines. */
    public static List<JsonNode> objects(String output) {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                try {
                    objects.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("the client printed broken JSON: " + line, e);
                }
            }
        }
        return objects;
    }

    /** Every row of the DHCPv4 half's lease file, in file order. */
    public List<Lease4> leaseRows() {
        try {
            return Files.exists(leaseFile4()) ? LeaseFile.load(leaseFile4(), LeaseCsv4.INSTANCE).leases() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both halves' output and the lease file, for a failure message. */
    public String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (LabProcess process : Optional.ofNullable(lab).map(NetnsLab::processes).orElse(List.of())) {
            String output = process.output();
            text.append("\n--- ").append(process).append('\n')
                    .append(output.length() > 20_000 ? output.substring(output.length() - 20_000) : output);
        }
        try {
            if (Files.exists(leaseFile4())) {
                List<String> lines = Files.readAllLines(leaseFile4());
                text.append("\n--- ").append(leaseFile4()).append(" (last rows)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
            }
        } catch (IOException e) {
            text.append("\n(lease file unreadable: ").append(e).append(')');
        }
        return text.toString();
    }

    @Override
    public void close() {
        lab.close();
    }

    static final String SUBNET4 = """
            [ { "id": 1, "subnet": "198.51.100.0/24", "4o6-interface-id": "relay-7",
                "pools": [ { "pool": "198.51.100.10 - 198.51.100.250" } ],
                "option-data": [ { "name": "routers", "data": "198.51.100.1" } ] },
              { "id": 2, "subnet": "203.0.113.0/24", "4o6-subnet": "2001:db8:3:0:5::/80",
                "pools": [ { "pool": "203.0.113.10 - 203.0.113.250" } ] },
              { "id": 3, "subnet": "10.64.0.0/16", "4o6-interface-id": "load",
                "pools": [ { "pool": "10.64.0.10 - 10.64.255.250" } ] },
              { "id": 4, "subnet": "192.0.2.0/24", "4o6-interface": "srv0",
                "pools": [ { "pool": "192.0.2.10 - 192.0.2.250" } ],
                "option-data": [ { "name": "routers", "data": "192.0.2.1" } ] } ]
            """;

    private static final String DHCP6D_CONFIG = """
            { "Dhcp6": { "interfaces-config": { "interfaces": [ "srv0" ] }, "dhcp4o6-port": %d,
                "option-data": [ { "name": "dhcp4o6-server-addr", "data": "2001:db8:3::1" } ],
                "tftp": { "enabled": false },
                "subnet6": [ { "id": 1, "subnet": "2001:db8:3::/64", "interface": "srv0",
                               "mac-addressing": { "prefix": "2001:db8:3::/80" } } ] } }
            """;

    private static final String DHCP4O6D_CONFIG = """
            { "Dhcp4": { "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000, "subnet4": %s } }
            """;

    private static final String KEA_DHCP6_CONFIG = """
            { "Dhcp6": {
                "interfaces-config": { "interfaces": [ "srv0", "srv0/2001:db8:3::1" ] },
                "dhcp4o6-port": %d,
                "data-directory": "%s",
                "server-id": { "type": "LLT", "persist": false },
                "lease-database": { "type": "memfile", "persist": false },
                "option-data": [ { "name": "dhcp4o6-server-addr", "data": "2001:db8:3::1" } ],
                "subnet6": [ { "id": 1, "subnet": "2001:db8:3::/64", "interface": "srv0",
                               "pools": [ { "pool": "2001:db8:3::100 - 2001:db8:3::1ff" } ] } ] } }
            """;

    private static final String KEA_DHCP4_CONFIG = """
            { "Dhcp4": {
                "interfaces-config": { "interfaces": [ "srv0" ], "dhcp-socket-type": "udp" },
                "dhcp4o6-port": %d,
                "lease-database": { "type": "memfile", "persist": true, "name": "%s", "lfc-interval": 0 },
                "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
                "subnet4": %s } }
            """;
}
