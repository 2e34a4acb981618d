package io.tandem.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL 15 cluster for one test class, with Kea 2.2's lease schema in one
 * database: {@code initdb} as the {@code postgres} user (it refuses root) in a temporary folder
 * that user owns, {@code pg_ctl start} on {@code 127.0.0.1} and a free port (its Unix socket in
 * that folder, so it never meets the machine's own cluster), a login role with a password
 * (scram-sha-256 over TCP), then {@code kea-admin db-init pgsql}. {@link #close()} stops the
 * server (by its pid if {@code pg_ctl} cannot) and removes the folder. Needs root and Debian's
 * {@code postgresql-15} and {@code kea-admin} ({@code scripts/install-test-deps}).
 */
public final class PostgresCluster implements AutoCloseable {
    /** Debian's PostgreSQL 15 programs. */
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String DATABASE = "kea";
    public static final String USER = "kea";
    public static final String PASSWORD = "kea-test-secret";
    private static final String SUPERUSER = "postgres";

    private final Path folder;
    private final Path data;
    private final int port;

    private PostgresCluster(Path folder, int port) {
        this.folder = folder;
        this.data = folder.resolve("data");
        this.port = port;
    }

    /**
     * One cluster for a test class ({@code @RegisterExtension static final}): started before its
     * first test, its lease tables emptied before each test, stopped and removed after the last.
     */
    public static final class PerClass implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
        private PostgresCluster cluster;

        public PostgresCluster cluster() {
            return cluster;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            cluster = start();
        }

        @Override
        public void beforeEach(ExtensionContext context) throws Exception {
            cluster.sql("DELETE FROM lease6");
            cluster.sql("DELETE FROM lease4");
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** Creates, starts and initialises the cluster; on any failure what was made is removed again. */
    public static PostgresCluster start() throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("tandem-pg-");
        PostgresCluster cluster = new PostgresCluster(folder, freePort());
        try {
            run(List.of("chown", SUPERUSER + ":" + SUPERUSER, folder.toString()));
            asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", cluster.data.toString(), "-U", SUPERUSER,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"));
            cluster.startServer();
            cluster.superuserSql("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            cluster.superuserSql("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            run(List.of("kea-admin", "db-init", "pgsql", "-h", "127.0.0.1", "-P", Integer.toString(cluster.port),
                    "-u", USER, "-p", PASSWORD, "-n", DATABASE));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /**
     * The server's Unix socket, in the cluster's folder: the way in from another network namespace,
     * whose 127.0.0.1 is not this one's (local connections are trusted, without the password).
     */
    public Path unixSocket() {
        return folder.resolve(".s.PGSQL." + port);
    }

    /** The {@code lease-database} block of a daemon's config for this cluster, as Kea writes it. */
    public String leaseDatabaseJson() {
        return "{\"type\": \"postgresql\", \"name\": \"" + DATABASE + "\", \"host\": \"127.0.0.1\", \"port\": " + port
                + ", \"user\": \"" + USER + "\", \"password\": \"" + PASSWORD + "\"}";
    }

    /** The server's pid, from {@code postmaster.pid}; -1 when it is not running. */
    public long serverPid() throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return -1;
        }
        return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    }

    /** {@code pg_ctl start}: waits until the server accepts connections. */
    public void startServer() throws IOException, InterruptedException {
        asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                folder.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-c listen_addresses=127.0.0.1 -p " + port + " -k " + folder + " -c fsync=on", "start"));
    }

    /**
     * {@code pg_ctl stop -m fast}: open connections are ended; returns once the server process is
     * gone (pg_ctl returns when the pid file is, a moment before).
     */
    public void stopServer() throws IOException, InterruptedException {
        long pid = serverPid();
        asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
        awaitGone(pid);
    }

    /** Waits up to 10 s for {@code pid} to end (a zombie counts as ended). */
    private static void awaitGone(long pid) throws IOException, InterruptedException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        for (int i = 0; i < 1000; i++) {
            try {
                String text = Files.readString(stat);
                if (text.substring(text.lastIndexOf(')') + 2).startsWith("Z")) {
                    return;
                }
            } catch (NoSuchFileException gone) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IOException("the PostgreSQL server (pid " + pid + ") still runs 10 s after pg_ctl stop");
    }

    /** Runs SQL in the lease database as the superuser; psql's unaligned output, one row a line. */
    public String sql(String statement) throws IOException, InterruptedException {
        return psql(DATABASE, statement);
    }

    private void superuserSql(String statement) throws IOException, InterruptedException {
        psql("postgres", statement);
    }

    private String psql(String database, String statement) throws IOException, InterruptedException {
        return asPostgres(List.of(BIN.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h",
                folder.toString(), "-p", Integer.toString(port), "-d", database, "-c", statement));
    }

    /** The server log, for a failing test's message. */
    public String serverLog() {
        try {
            return Files.readString(folder.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    /** Stops the server (pg_ctl, else SIGKILL to its pid) and removes the folder. */
    @Override
    public void close() {
        try {
            long pid = serverPid();
            if (pid > 0) {
                try {
                    stopServer();
                } catch (IOException | RuntimeException e) {
                    run(List.of("kill", "-9", Long.toString(pid)));
                    awaitGone(pid);
                }
            }
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String asPostgres(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", SUPERUSER, "--"));
        full.addAll(command);
        return run(full);
    }

    /** Runs {@code command} from {@code /} (the postgres user cannot enter root's folders); its output, or why it failed. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(Path.of("/").toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(Duration.ofSeconds(120).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 120 s: " + output);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
        }
        return output.strip();
    }
}
