package io.tandem.dhcp6d.kea;

import io.tandem.common.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One DHCPv6 server running in the servers' namespace on its own server port and client port,
 * with its configuration, lease file and log in its own directory: {@code kea-dhcp6} or Tandem's
 * dhcp6d. Both get the same {@code Dhcp6} body, and both serve {@value Netns#SERVER_LINK} with the
 * unicast address {@value Netns#SERVER_ADDRESS} (Kea's {@code "IFACE/ADDRESS"}); each gets the few
 * keys only it needs.
 */
final class ServerProcess implements AutoCloseable {
    final String name;
    final int port;
    final Path directory;
    private final Process process;

    private ServerProcess(String name, int port, Path directory, Process process) {
        this.name = name;
        this.port = port;
        this.directory = directory;
        this.process = process;
    }

    /** The interfaces both servers serve: the veth end, with its global address as a unicast address. */
    private static final String INTERFACES = "\"interfaces-config\": {\"interfaces\": [\"" + Netns.SERVER_LINK + "/"
            + Netns.SERVER_ADDRESS + "\"]},\n";

    /**
     * kea-dhcp6 on {@code port}. Kea 2.2 opens no socket on a loopback interface for DHCPv6, so it
     * listens on the veth end. Direct clients are answered on port 546: Kea's {@code -P} would
     * send the relays' answers there too, whatever their Relay Source Port option says.
     */
    static ServerProcess kea(Netns netns, Path directory, int port, String dhcp6Body)
            throws IOException {
        Files.createDirectories(directory);
        String config = "{\"Dhcp6\": {\n" + INTERFACES
                + "\"data-directory\": \"" + directory + "\",\n"
                + "\"lease-database\": {\"type\": \"memfile\", \"name\": \"" + directory.resolve("kea-leases6.csv")
                + "\", \"lfc-interval\": 0},\n"
                + "\"loggers\": [{\"name\": \"kea-dhcp6\", \"severity\": \"DEBUG\", \"debuglevel\": 50,"
                + " \"output_options\": [{\"output\": \"stdout\"}]}],\n"
                + dhcp6Body + "}}\n";
        Path file = directory.resolve("kea-dhcp6.json");
        Files.writeString(file, config);
        ProcessBuilder builder = new ProcessBuilder(netns.exec("kea-dhcp6", "-p", Integer.toString(port),
                "-c", file.toString()));
        Map<String, String> environment = builder.environment();
        environment.put("KEA_PIDFILE_DIR", directory.toString());
        environment.put("KEA_LOCKFILE_DIR", directory.toString());
        return start("kea-dhcp6", port, directory, builder);
    }

    /** dhcp6d on {@code port}; direct clients are answered on port 546, as by Kea. */
    static ServerProcess dhcp6d(Netns netns, Path directory, int port, String dhcp6Body)
            throws IOException {
        Files.createDirectories(directory);
        String config = "{\"Dhcp6\": {\n" + INTERFACES
                + "\"tftp\": {\"enabled\": false},\n"
                + "\"lease-database\": {\"type\": \"memfile\", \"lfc-interval\": 0},\n"
                + dhcp6Body + "}}\n";
        Path file = directory.resolve("dhcp6d.json");
        Files.writeString(file, config);
        String launcher = Launcher.repository().resolve("scripts/dhcp6d").toString();
        ProcessBuilder builder = new ProcessBuilder(netns.exec(launcher, "-cf", file.toString(), "-lf",
                directory.resolve("leases6.csv").toString(), "-pf", directory.resolve("dhcp6d.pid").toString(),
                "-p", Integer.toString(port), "-d"));
        return start("dhcp6d", port, directory, builder);
    }

    private static ServerProcess start(String name, int port, Path directory, ProcessBuilder builder)
            throws IOException {
        Path log = directory.resolve(name + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ServerProcess(name, port, directory, builder.start());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(directory.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The last lines of the log, for a failure message. */
    String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
