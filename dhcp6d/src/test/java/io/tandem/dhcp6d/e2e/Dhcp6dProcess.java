package io.tandem.dhcp6d.e2e;

import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.lease.LoadedLeases;
import io.tandem.common.lease.ServerDuidFile;
import io.tandem.common.testing.LabProcess;
import io.tandem.common.testing.Launcher;
import io.tandem.common.testing.NetnsLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dhcp6d as an operator runs it: {@code scripts/dhcp6d -d -cf CONFIG -lf LEASES -pf PIDFILE}
 * inside a lab namespace, in the foreground, its log captured.
 */
final class Dhcp6dProcess {
    private static final Pattern LEASES_LOADED = Pattern.compile("DHCP6_LEASES_LOADED (\\d+) bindings");
    private static final Pattern SERVER_DUID = Pattern.compile("DHCP6_SERVER_DUID ([0-9a-f:]+)");

    private final LabProcess process;
    private final Path config;
    private final Path leaseFile;
    private final Path pidFile;

    private Dhcp6dProcess(LabProcess process, Path config, Path leaseFile, Path pidFile) {
        this.process = process;
        this.config = config;
        this.leaseFile = leaseFile;
        this.pidFile = pidFile;
    }

    /**
     * Writes {@code configJson} to {@code directory/dhcp6d.json}, starts dhcp6d with its lease
     * and pid files in that directory, and waits until it listens.
     */
    static Dhcp6dProcess start(NetnsLab lab, NetnsLab.Namespace namespace, Path directory, String configJson) {
        Path config = directory.resolve("dhcp6d.json");
        try {
            Files.createDirectories(directory);
            Files.writeString(config, configJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(lab, namespace, config, directory.resolve("leases6.csv"), directory.resolve("dhcp6d.pid"));
    }

    /** Starts dhcp6d on existing files (a restart), and waits until it listens. */
    static Dhcp6dProcess start(NetnsLab lab, NetnsLab.Namespace namespace, Path config, Path leaseFile, Path pidFile) {
        String launcher = Launcher.repository().resolve("scripts/dhcp6d").toString();
        LabProcess process = lab.start("dhcp6d", namespace, launcher, "-d", "-cf", config.toString(), "-lf",
                leaseFile.toString(), "-pf", pidFile.toString());
        Dhcp6dProcess daemon = new Dhcp6dProcess(process, config, leaseFile, pidFile);
        daemon.awaitListening();
        return daemon;
    }

    private void awaitListening() {
        NetnsLab.await(Duration.ofSeconds(30), "dhcp6d to log DHCP6_LISTENING",
                () -> log().contains("DHCP6_LISTENING") || !process.isAlive(),
                () -> new Evidence().section("dhcp6d log", log()).toString());
        if (!process.isAlive()) {
            throw new AssertionError("dhcp6d exited with status " + process.exitCode().orElse(-1)
                    + " before listening\n"
                    + new Evidence().section("command", String.join(" ", process.command()))
                            .file("config", config).section("dhcp6d log", log()));
        }
    }

    LabProcess process() {
        return process;
    }

    Path config() {
        return config;
    }

    Path leaseFile() {
        return leaseFile;
    }

    Path pidFile() {
        return pidFile;
    }

    Path serverDuidFile() {
        return ServerDuidFile.besideLeaseFile(leaseFile);
    }

    /** The server DUID as stored beside the lease file (colon hex). */
    String storedServerDuid() {
        return Evidence.read(serverDuidFile()).trim();
    }

    String log() {
        return process.output();
    }

    /** The n of the {@code DHCP6_LEASES_LOADED n bindings} line, if logged. */
    OptionalInt leasesLoaded() {
        Matcher matcher = LEASES_LOADED.matcher(log());
        return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    /** The DUID of the {@code DHCP6_SERVER_DUID} line, if logged. */
    String loggedServerDuid() {
        Matcher matcher = SERVER_DUID.matcher(log());
        return matcher.find() ? matcher.group(1) : "";
    }

    /** The lease file as {@link LeaseFile#load} reads it. */
    LoadedLeases<Lease6> leases() {
        try {
            return LeaseFile.load(leaseFile, LeaseCsv6.INSTANCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of one client's binding (DUID and IAID), in file order. */
    List<Lease6> rows(io.tandem.common.wire.Bytes duid, long iaid) {
        List<Lease6> rows = new ArrayList<>();
        for (Lease6 row : leases().leases()) {
            if (row.duid().equals(duid) && row.iaid() == iaid) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** SIGTERM, and the exit status (dhcp6d stops cleanly, flushing leases and removing its pid file). */
    int stop() {
        return process.stop(Duration.ofSeconds(15));
    }

    /** kill -9 by pid: no chance to flush or clean up. */
    void kill9() {
        process.kill();
    }

    Evidence describe(Evidence evidence) {
        return evidence.section("dhcp6d (" + process + ") log", log()).file("lease file", leaseFile)
                .file("server DUID file", serverDuidFile());
    }
}
