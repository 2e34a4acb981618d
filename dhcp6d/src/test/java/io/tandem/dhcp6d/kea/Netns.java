package io.tandem.dhcp6d.kea;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces made for one test run, joined by one link: the servers' namespace
 * ({@link #name}), whose end {@value #SERVER_LINK} holds the servers' address {@value #SERVER_ADDRESS},
 * and the clients' namespace ({@link #clients}), whose end {@value #RELAY_LINK} holds the scripted
 * relay's address {@value #RELAY_ADDRESS} and is where direct clients send from, by multicast to
 * {@code ff02::1:2} or by unicast. Loopback up and DAD off in both. Only documentation addresses
 * (2001:db8::/32) are used, and nothing outside the namespaces is touched. Needs root.
 */
final class Netns implements AutoCloseable {
    static final String SERVER_LINK = "tk-srv";
    static final String RELAY_LINK = "tk-rly";
    static final String SERVER_ADDRESS = "2001:db8:1::1";
    static final String RELAY_ADDRESS = "2001:db8:1::2";

    /** The servers' namespace. */
    final String name;
    /** The namespace of the scripted relay and the direct clients. */
    final String clients;

    private Netns(String name) {
        this.name = name;
        this.clients = name + "-c";
    }

    static Netns create(String name) throws IOException, InterruptedException {
        Netns netns = new Netns(name);
        run("ip", "netns", "add", netns.name);
        try {
            run("ip", "netns", "add", netns.clients);
            for (String namespace : List.of(netns.name, netns.clients)) {
                // Kea binds its link-local address, which must not stay "tentative" while DAD runs.
                run(inNamespace(namespace, "sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad"
                        + " && echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad").toArray(String[]::new));
                run("ip", "-n", namespace, "link", "set", "lo", "up");
            }
            run("ip", "-n", netns.name, "link", "add", SERVER_LINK, "type", "veth", "peer", "name", RELAY_LINK,
                    "netns", netns.clients);
            run("ip", "-n", netns.name, "addr", "add", SERVER_ADDRESS + "/64", "dev", SERVER_LINK, "nodad");
            run("ip", "-n", netns.clients, "addr", "add", RELAY_ADDRESS + "/64", "dev", RELAY_LINK, "nodad");
            run("ip", "-n", netns.name, "link", "set", SERVER_LINK, "up");
            run("ip", "-n", netns.clients, "link", "set", RELAY_LINK, "up");
            netns.awaitNoTentativeAddress(netns.name);
            netns.awaitNoTentativeAddress(netns.clients);
            return netns;
        } catch (IOException | InterruptedException | RuntimeException e) {
            netns.close();
            throw e;
        }
    }

    private static void awaitNoTentativeAddress(String namespace) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String addresses = "";
        while (System.nanoTime() < deadline) {
            addresses = run("ip", "-n", namespace, "-6", "addr", "show");
            if (!addresses.contains("tentative") && addresses.contains("scope link")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("addresses of namespace " + namespace + " stay tentative:\n" + addresses);
    }

    /** The servers' link-local address on {@value #SERVER_LINK}, scoped for a sender in the clients' namespace. */
    String serverLinkLocal() throws IOException, InterruptedException {
        String shown = run("ip", "-n", name, "-6", "-o", "addr", "show", "dev", SERVER_LINK, "scope", "link");
        Matcher matcher = Pattern.compile("inet6 (fe80::[0-9a-f:]+)/").matcher(shown);
        if (!matcher.find()) {
            throw new IOException("no link-local address on " + SERVER_LINK + ": " + shown);
        }
        return matcher.group(1) + "%" + RELAY_LINK;
    }

    /** The command line that runs {@code command} inside the servers' namespace. */
    List<String> exec(String... command) {
        return inNamespace(name, command);
    }

    /** The command line that runs {@code command} inside the clients' namespace. */
    List<String> execClients(String... command) {
        return inNamespace(clients, command);
    }

    private static List<String> inNamespace(String namespace, String... command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
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

    /** Deletes both namespaces; the processes started in them must have been stopped first. */
    @Override
    public void close() throws IOException {
        try {
            Process clientsGone = new ProcessBuilder("ip", "netns", "del", clients).redirectErrorStream(true).start();
            clientsGone.waitFor(20, TimeUnit.SECONDS);
            run("ip", "netns", "del", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting namespace " + name, e);
        }
    }
}
