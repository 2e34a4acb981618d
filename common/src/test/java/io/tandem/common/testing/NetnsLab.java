package io.tandem.common.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throw-away network lab for end-to-end tests: Linux network namespaces joined by veth pairs,
 * processes started inside them, and a {@link #close()} that ends every process it started (by
 * pid, SIGTERM then SIGKILL) and deletes every namespace it made, also when a test fails, and
 * from a shutdown hook if the JVM is stopped first.
 *
 * <pre>{@code
 * try (NetnsLab lab = NetnsLab.create(tempDir)) {
 *     NetnsLab.Namespace server = lab.namespace("srv");
 *     NetnsLab.Namespace client = lab.namespace("cli");
 *     lab.veth(client, "cli0", NetnsLab.universalMac(1), server, "srv0", NetnsLab.universalMac(0xfe));
 *     LabProcess daemon = lab.start("dhcp6d", server, "/path/to/scripts/dhcp6d", "-cf", ...);
 *     NetnsLab.await(Duration.ofSeconds(20), "dhcp6d listening", () -> daemon.output().contains("LISTENING"),
 *             daemon::output);
 * }
 * }</pre>
 *
 * <p>Namespaces are named {@code tnl-<owner pid>-<random>-<role>}, so labs running at the same
 * time (other test classes, other engineers) never meet, and a lab whose JVM was killed before
 * it could clean up is removed by the next lab that starts. Interfaces live only inside the
 * namespaces; nothing here touches the host's own network. Only documentation and link-local
 * addresses (2001:db8::/32, fe80::/10) and documentation or qemu-style MACs are accepted.
 *
 * <p>Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2; {@link #create} fails with a
 * message saying so, it never skips.
 */
public final class NetnsLab implements AutoCloseable {
    private static final String PREFIX = "tnl-";
    private static final Pattern OWNED = Pattern.compile("^tnl-(\\d+)-[0-9a-f]{4}-[a-z0-9]+$");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9]{0,7}");
    private static final Pattern INTERFACE = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.-]{0,14}");
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);
    private static final File NO_INPUT = new File("/dev/null");

    /** A namespace of this lab; {@link #name()} is what {@code ip netns exec} and {@code ip -n} take. */
    public record Namespace(String name, String role) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What a command printed (standard output and error together) and how it ended. */
    public record Result(List<String> command, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + (output.isBlank() ? "" : ":\n" + output);
        }
    }

    private final String id;
    private final Path workDirectory;
    private final List<Namespace> namespaces = Collections.synchronizedList(new ArrayList<>());
    private final List<LabProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> labels = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Thread shutdownHook;
    private boolean closed;

    private NetnsLab(String id, Path workDirectory) {
        this.id = id;
        this.workDirectory = workDirectory;
        this.shutdownHook = new Thread(this::cleanUp, "netns-lab-" + id + "-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * A new, empty lab whose process logs go to {@code workDirectory} (a JUnit {@code @TempDir}
     * is a good place). Removes the namespaces of earlier labs whose JVM has gone.
     */
    public static NetnsLab create(Path workDirectory) {
        requireRoot();
        requireCommands("ip", "kill", "sysctl");
        removeOrphans();
        try {
            Files.createDirectories(workDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] random = new byte[2];
        new SecureRandom().nextBytes(random);
        String id = ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
        return new NetnsLab(id, workDirectory);
    }

    /** Fails (never skips) unless every command is on the PATH, naming the script that installs them. */
    public static void requireCommands(String... commands) {
        List<String> missing = new ArrayList<>();
        for (String command : commands) {
            Result which = runOnHost(Duration.ofSeconds(10), "sh", "-c", "command -v \"$0\"", command);
            if (!which.ok()) {
                missing.add(command);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("missing " + String.join(", ", missing)
                    + "; as root, run scripts/install-test-deps (Debian packages) and try again");
        }
    }

    private static void requireRoot() {
        Result id = runOnHost(Duration.ofSeconds(10), "id", "-u");
        if (!id.ok() || !id.output().trim().equals("0")) {
            throw new AssertionError("network-namespace tests need root (they create namespaces and veth pairs); "
                    + "run them as root, or leave them out with mvn -Pquick verify (id -u says: "
                    + id.output().trim() + ")");
        }
    }

    /** This lab's id, {@code <owner pid>-<random>}: part of every namespace name. */
    public String id() {
        return id;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    // ---------------------------------------------------------------- topology

    /**
     * A new namespace {@code tnl-<id>-<role>} (role: a-z0-9, at most 8 characters) with
     * loopback up, duplicate address detection off, EUI-64 link-local addresses and no forwarding.
     */
    public Namespace namespace(String role) {
        checkOpen();
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role '" + role + "' is not 1 to 8 of a-z0-9, starting with a letter");
        }
        Namespace namespace = new Namespace(PREFIX + id + "-" + role, role);
        if (namespaces.stream().anyMatch(n -> n.role().equals(role))) {
            throw new IllegalArgumentException("this lab already has a namespace " + namespace);
        }
        runOk("ip", "netns", "add", namespace.name());
        namespaces.add(namespace);
        exec(namespace, "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                "net.ipv6.conf.default.addr_gen_mode=0", "net.ipv6.conf.all.forwarding=0");
        runOk("ip", "-n", namespace.name(), "link", "set", "lo", "up");
        return namespace;
    }

    public List<Namespace> namespaces() {
        return List.copyOf(namespaces);
    }

    /**
     * A veth pair from {@code interfaceA} in {@code a} to {@code interfaceB} in {@code b}, each
     * end with the given MAC (see {@link #universalMac} and {@link #localMac}), DAD off, up, and
     * waited for until both have their EUI-64 link-local address.
     */
    public void veth(Namespace a, String interfaceA, String macA, Namespace b, String interfaceB, String macB) {
        checkOpen();
        checkInterface(interfaceA);
        checkInterface(interfaceB);
        checkMac(macA);
        checkMac(macB);
        runOk("ip", "link", "add", interfaceA, "netns", a.name(), "type", "veth", "peer", "name", interfaceB, "netns",
                b.name());
        prepare(a, interfaceA, macA);
        prepare(b, interfaceB, macB);
        runOk("ip", "-n", a.name(), "link", "set", interfaceA, "up");
        runOk("ip", "-n", b.name(), "link", "set", interfaceB, "up");
        awaitLinkLocal(a, interfaceA);
        awaitLinkLocal(b, interfaceB);
    }

    private void prepare(Namespace namespace, String interfaceName, String mac) {
        exec(namespace, "sysctl", "-q", "-w", "net.ipv6.conf." + interfaceName + ".accept_dad=0",
                "net.ipv6.conf." + interfaceName + ".addr_gen_mode=0");
        runOk("ip", "-n", namespace.name(), "link", "set", "dev", interfaceName, "address", checkMac(mac));
    }

    /**
     * Gives an interface another MAC the way a new machine on the same port would appear: down
     * (which drops its addresses), {@code ip link set address}, up, and a new EUI-64 link-local.
     */
    public void setMac(Namespace namespace, String interfaceName, String mac) {
        checkOpen();
        runOk("ip", "-n", namespace.name(), "link", "set", "dev", interfaceName, "down");
        // A client may have changed how the kernel makes addresses here: dhcpcd sets
        // addr_gen_mode to none (it makes its own link-local) and leaves it so when it exits.
        exec(namespace, "sysctl", "-q", "-w", "net.ipv6.conf." + interfaceName + ".disable_ipv6=0");
        prepare(namespace, interfaceName, mac);
        runOk("ip", "-n", namespace.name(), "link", "set", "dev", interfaceName, "up");
        awaitLinkLocal(namespace, interfaceName);
    }

    /** Adds a documentation address ({@code 2001:db8::/32}) without DAD, e.g. {@code 2001:db8:1::1/64}. */
    public void addAddress(Namespace namespace, String interfaceName, String addressWithPrefix) {
        checkOpen();
        runOk("ip", "-n", namespace.name(), "-6", "address", "add", checkDocumentation(addressWithPrefix), "dev",
                interfaceName, "nodad");
    }

    /** A static route, e.g. {@code route(server, "2001:db8:4::/64", "2001:db8:ff::2", "srv0")}. */
    public void route(Namespace namespace, String destination, String via, String interfaceName) {
        checkOpen();
        runOk("ip", "-n", namespace.name(), "-6", "route", "add", checkDocumentation(destination), "via",
                checkDocumentation(via), "dev", interfaceName);
    }

    /** The IPv6 addresses of an interface (no prefix length) in {@code scope} ({@code global}, {@code link}). */
    public List<String> addresses(Namespace namespace, String interfaceName, String scope) {
        Result result = exec(namespace, "ip", "-6", "-o", "address", "show", "dev", interfaceName, "scope", scope);
        if (!result.ok()) {
            throw new IllegalStateException(result.toString());
        }
        List<String> addresses = new ArrayList<>();
        Matcher matcher = Pattern.compile("inet6 ([0-9a-f:]+)/\\d+").matcher(result.output());
        while (matcher.find()) {
            addresses.add(matcher.group(1));
        }
        return addresses;
    }

    /** {@code ip -6 address} of a namespace, for failure messages. */
    public String describe(Namespace namespace) {
        return exec(namespace, "ip", "-6", "address", "show").output();
    }

    /** Waits until the interface has a link-local address that is no longer tentative. */
    public void awaitLinkLocal(Namespace namespace, String interfaceName) {
        await(Duration.ofSeconds(10), "a link-local address on " + namespace + "/" + interfaceName, () -> {
            Result result = exec(namespace, "ip", "-6", "address", "show", "dev", interfaceName, "scope", "link");
            return result.ok() && result.output().contains("inet6 fe80") && !result.output().contains("tentative");
        }, () -> describe(namespace));
    }

    // ---------------------------------------------------------------- commands and processes

    /** Runs a command inside {@code namespace} to completion (at most 20 s); never throws for a non-zero exit. */
    public Result exec(Namespace namespace, String... command) {
        return exec(namespace, COMMAND_TIMEOUT, command);
    }

    public Result exec(Namespace namespace, Duration timeout, String... command) {
        checkOpen();
        return runOnHost(timeout, inNamespace(namespace, List.of(command)).toArray(String[]::new));
    }

    /** Like {@link #exec(Namespace, String...)}, but a non-zero exit is an {@link IllegalStateException}. */
    public Result execOk(Namespace namespace, String... command) {
        Result result = exec(namespace, command);
        if (!result.ok()) {
            throw new IllegalStateException(result.toString());
        }
        return result;
    }

    /**
     * Starts a long-running command inside {@code namespace}, output to {@code <label>.log} in the
     * work directory; the lab ends it on {@link #close()} if nobody did before.
     */
    public LabProcess start(String label, Namespace namespace, String... command) {
        checkOpen();
        List<String> full = inNamespace(namespace, List.of(command));
        String unique = label;
        for (int n = 2; !labels.add(unique); n++) {
            unique = label + "-" + n;
        }
        Path log = workDirectory.resolve(unique + ".log");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)).start();
            LabProcess started = new LabProcess(unique, full, process, log);
            processes.add(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + full, e);
        }
    }

    public List<LabProcess> processes() {
        return List.copyOf(processes);
    }

    private static List<String> inNamespace(Namespace namespace, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace.name()));
        full.addAll(command);
        return full;
    }

    private Result runOk(String... command) {
        Result result = runOnHost(COMMAND_TIMEOUT, command);
        if (!result.ok()) {
            throw new IllegalStateException(result.toString());
        }
        return result;
    }

    /** Runs a command on the host to completion, at most {@code timeout}. */
    public static Result runOnHost(Duration timeout, String... command) {
        List<String> list = List.of(command);
        try {
            Path output = Files.createTempFile("netns-lab-", ".out");
            try {
                Process process = new ProcessBuilder(list).redirectErrorStream(true).redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                    return new Result(list, -1, "(timed out after " + timeout.toSeconds() + " s)\n"
                            + Files.readString(output, StandardCharsets.ISO_8859_1));
                }
                return new Result(list, process.exitValue(), Files.readString(output, StandardCharsets.ISO_8859_1));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Result(list, -1, "cannot run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(list, -1, "interrupted");
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Polls {@code condition} every 100 ms until it holds; after {@code timeout}, an
     * {@link AssertionError} saying what was awaited, with {@code diagnostics} appended.
     */
    public static void await(Duration timeout, String what, BooleanSupplier condition, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() / 1000.0 + " s waiting for " + what
                        + "\n" + diagnostics.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what + "\n" + diagnostics.get(), e);
            }
        }
    }

    // ---------------------------------------------------------------- MACs and addresses

    /** {@code 00:00:5e:00:53:nn}: a universally administered MAC from RFC 7042's documentation range. */
    public static String universalMac(int n) {
        return String.format(Locale.ROOT, "00:00:5e:00:53:%02x", checkByte(n));
    }

    /** {@code 52:54:00:00:53:nn}: a locally administered MAC in qemu's style (the U/L bit set). */
    public static String localMac(int n) {
        return String.format(Locale.ROOT, "52:54:00:00:53:%02x", checkByte(n));
    }

    private static int checkByte(int n) {
        if (n < 0 || n > 0xff) {
            throw new IllegalArgumentException(n + " is not 0 to 255");
        }
        return n;
    }

    private static String checkMac(String mac) {
        String lower = mac.toLowerCase(Locale.ROOT);
        if (!MAC.matcher(lower).matches() || !(lower.startsWith("00:00:5e:00:53:") || lower.startsWith("52:54:00:"))) {
            throw new IllegalArgumentException(mac + " is neither a documentation MAC (00:00:5e:00:53:xx, RFC 7042) "
                    + "nor a qemu-style local one (52:54:00:xx:xx:xx)");
        }
        return lower;
    }

    private static void checkInterface(String name) {
        if (!INTERFACE.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a usable interface name (at most 15 characters)");
        }
    }

    private static String checkDocumentation(String addressWithPrefix) {
        String address = addressWithPrefix.replaceFirst("/\\d+$", "");
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            boolean documentation = bytes.length == 16 && bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d
                    && (bytes[3] & 0xff) == 0xb8;
            boolean linkLocal = bytes.length == 16 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80;
            if (documentation || linkLocal) {
                return addressWithPrefix;
            }
        } catch (UnknownHostException e) {
            // reported below
        }
        throw new IllegalArgumentException(addressWithPrefix + " is not in 2001:db8::/32 or fe80::/10");
    }

    // ---------------------------------------------------------------- cleaning up

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("lab " + id + " is closed");
        }
    }

    /**
     * Ends every process the lab started (SIGTERM, up to 3 s, then SIGKILL), then any process
     * still inside its namespaces (children of those, such as dhcpcd's helpers or a client that
     * forked into the background), and deletes the namespaces. Safe to call twice.
     */
    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: nothing to remove.
        }
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        // A JUnit timeout interrupts the test thread; cleaning up must still wait for processes.
        boolean interrupted = Thread.interrupted();
        try {
            endProcessesAndNamespaces();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void endProcessesAndNamespaces() {
        List<LabProcess> started = new ArrayList<>(processes);
        Collections.reverse(started);
        for (LabProcess process : started) {
            if (process.isAlive()) {
                try {
                    process.signal("TERM");
                } catch (RuntimeException e) {
                    // Gone in between, or already ending: SIGKILL below covers it.
                }
            }
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (LabProcess process : started) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (process.awaitExit(Duration.ofNanos(left)).isEmpty()) {
                process.kill();
            }
        }
        List<String> problems = new ArrayList<>();
        for (Namespace namespace : namespaces) {
            removeNamespace(namespace.name(), problems);
        }
        if (!problems.isEmpty()) {
            System.err.println("NetnsLab " + id + ": " + String.join("; ", problems));
        }
    }

    private static void removeNamespace(String name, List<String> problems) {
        for (int attempt = 0; attempt < 50; attempt++) {
            List<Long> pids = pidsIn(name);
            if (pids.isEmpty()) {
                break;
            }
            for (long pid : pids) {
                runOnHost(Duration.ofSeconds(5), "kill", "-s", "KILL", Long.toString(pid));
            }
            sleep(100);
        }
        Result deleted = runOnHost(COMMAND_TIMEOUT, "ip", "netns", "delete", name);
        if (!deleted.ok() && !deleted.output().contains("No such file")) {
            problems.add("cannot delete namespace " + name + ": " + deleted.output().trim());
        }
    }

    private static List<Long> pidsIn(String namespace) {
        Result result = runOnHost(Duration.ofSeconds(10), "ip", "netns", "pids", namespace);
        List<Long> pids = new ArrayList<>();
        if (result.ok()) {
            for (String line : result.output().split("\\s+")) {
                if (line.matches("\\d+")) {
                    pids.add(Long.parseLong(line));
                }
            }
        }
        return pids;
    }

    /** Removes the namespaces of labs whose JVM is gone (killed before its cleanup could run). */
    private static void removeOrphans() {
        Result list = runOnHost(COMMAND_TIMEOUT, "ip", "netns", "list");
        if (!list.ok()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (String line : list.output().split("\n")) {
            String name = line.trim().split("\\s+")[0];
            Matcher owned = OWNED.matcher(name);
            if (owned.matches() && ProcessHandle.of(Long.parseLong(owned.group(1))).isEmpty()) {
                removeNamespace(name, problems);
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("NetnsLab: " + String.join("; ", problems));
        }
    }

    /** Sleeps {@code millis} (bounded waits only: a poll interval, a flush); an interrupt ends it early. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "NetnsLab " + id + " " + namespaces;
    }
}
