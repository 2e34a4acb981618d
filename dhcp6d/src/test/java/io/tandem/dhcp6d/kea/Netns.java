package io.tandem.dhcp6d.kea;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made for one test run: loopback up, DAD off, and a veth pair whose two ends
 * stay inside it ({@value #SERVER_LINK} holds the servers' address {@value #SERVER_ADDRESS},
 * {@value #RELAY_LINK} the scripted relay's {@value #RELAY_ADDRESS}). Only documentation addresses
 * (2001:db8::/32) are used, and nothing outside the namespace is touched. Needs root.
 */
final class Netns implements AutoCloseable {
    static final String SERVER_LINK = "tk-srv";
    static final String RELAY_LINK = "tk-rly";
    static final String SERVER_ADDRESS = "2001:db8:1::1";
    static final String RELAY_ADDRESS = "2001:db8:1::2";

    final String name;

    private Netns(String name) {
        this.name = name;
    }

    static Netns create(String name) throws IOException, InterruptedException {
        run("ip", "netns", "add", name);
        Netns netns = new Netns(name);
        try {
            // Kea binds its link-local address, which must not stay "tentative" while DAD runs.
            run(netns.exec("sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad"
                    + " && echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad").toArray(String[]::new));
            run("ip", "-n", name, "link", "set", "lo", "up");
            run("ip", "-n", name, "link", "add", SERVER_LINK, "type", "veth", "peer", "name", RELAY_LINK);
            run("ip", "-n", name, "addr", "add", SERVER_ADDRESS + "/64", "dev", SERVER_LINK, "nodad");
            run("ip", "-n", name, "addr", "add", RELAY_ADDRESS + "/64", "dev", RELAY_LINK, "nodad");
            run("ip", "-n", name, "link", "set", SERVER_LINK, "up");
            run("ip", "-n", name, "link", "set", RELAY_LINK, "up");
            netns.awaitNoTentativeAddress();
            return netns;
        } catch (IOException | InterruptedException | RuntimeException e) {
            netns.close();
            throw e;
        }
    }

    private void awaitNoTentativeAddress() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String addresses = "";
        while (System.nanoTime() < deadline) {
            addresses = run("ip", "-n", name, "-6", "addr", "show");
            if (!addresses.contains("tentative") && addresses.contains("scope link")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("addresses of namespace " + name + " stay tentative:\n" + addresses);
    }

    /** The command line that runs {@code command} inside the namespace. */
    List<String> exec(String... command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", name));
        line.addAll(List.of(command));
        return line;
    }

    /** Runs a command to its end (at most 20 s) and returns what it printed; a failure is an exception. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean finished = process.waitFor(20, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + (finished ? " failed: " : " hangs: ") + output);
        }
        return output;
    }

    /** Deletes the namespace; the processes started in it must have been stopped first. */
    @Override
    public void close() throws IOException {
        try {
            run("ip", "netns", "del", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting namespace " + name, e);
        }
    }
}
