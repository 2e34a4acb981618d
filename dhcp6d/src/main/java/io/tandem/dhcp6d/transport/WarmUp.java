package io.tandem.dhcp6d.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.tandem.common.config.LeaseDatabaseConfig.Durability;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.event.EventBus;
import io.tandem.common.event.EventTable;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseFile;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.ClientServerMessage;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import io.tandem.common.wire.dhcp6.Dhcp6Options;
import io.tandem.common.wire.dhcp6.Duid;
import io.tandem.common.wire.dhcp6.MessageType6;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.common.wire.dhcp6.RelayMessage;
import io.tandem.dhcp6d.config.EventsConfig;
import io.tandem.dhcp6d.engine.Arrival;
import io.tandem.dhcp6d.engine.Dhcp6Engine;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * dhcp6d's packet path run on made-up Solicit-Request exchanges before its sockets open, so that
 * the JIT compiles it while no client waits: pinned to one core, a cold dhcp6d otherwise serves
 * its first seconds of load at a fraction of its speed while the compiler takes the same core.
 * Everything it touches is its own: an engine with its own bindings, a lease file of its own in
 * the temporary directory (deleted after), an event table as large as the daemon's that nobody
 * reads, counters nobody shows, a channel without a socket. It stops once the JIT compiler has been
 * idle for {@value #QUIET_MILLIS} ms after {@value #MIN_EXCHANGES} exchanges and {@value #MIN_MILLIS}
 * ms, or after {@value #MAX_MILLIS} ms.
 */
final class WarmUp {
    static final long MIN_MILLIS = 500;
    /**
     * Made-up exchanges before an idle compiler counts: a method is compiled by C2 after about 15,000
     * calls and loops (Tier4CompileThreshold) and until then runs in C1's profiling code with the C2
     * compiler idle, so that on a busy core the warm-up stopped after 450-2,700 exchanges with the
     * whole engine still to compile under load.
     */
    static final int MIN_EXCHANGES = 20_000;
    static final long QUIET_MILLIS = 300;
    /**
     * What a quiet core needs for the C2 compilations of the packet path (measured on a busy one to
     * idle: 3.6 s of C2's CPU and 4 s of the warm-up's own over 44,700 exchanges), within a bound on
     * how much later than its lease file a daemon on a busy core starts listening.
     */
    static final long MAX_MILLIS = 6000;
    /** How often the compiler's activity is looked at (reading it costs tens of microseconds). */
    private static final long LOOK_MILLIS = 20;
    /** The made-up clients' MACs count up from here (locally administered). */
    private static final long FIRST_MAC = 0x02_57_55_00_00_00L;
    private static final InetSocketAddress SERVER_PORT = new InetSocketAddress(Addresses.parse6("ff02::1:2"), 547);
    private static final InetSocketAddress RELAY = new InetSocketAddress(Addresses.parse6("2001:db8:ffff::1"), 547);

    /** How much was run, and why it stopped. */
    record Result(int exchanges, Duration took, String stopped) {
    }

    /** Where the made-up clients are: on a served interface, or behind a relay on a subnet's link. */
    sealed interface Link {
        record Direct(String interfaceName) implements Link {
        }

        record Relayed(Inet6Address linkAddress) implements Link {
        }
    }

    private WarmUp() {
    }

    /** @param scratch an engine of its own, with the daemon's configuration; its bindings are thrown away after */
    static Result run(Dhcp6Engine scratch, Link link) {
        Dhcp6Counters counters = new Dhcp6Counters();
        Arrival arrival = link instanceof Link.Direct direct
                ? new Arrival(direct.interfaceName(), Arrival.Addressing.MULTICAST)
                : new Arrival("", Arrival.Addressing.RELAY_SOCKET);
        EventsConfig events = scratch.config().events();
        try (ScratchLeases leases = ScratchLeases.open(scratch.config().leaseDatabase().durability())) {
            EmbeddedChannel channel = new EmbeddedChannel(new Dhcp6PacketHandler(scratch::handle, source -> arrival,
                    new ServingLoop(leases.commit(), counters), new EventBus(new EventTable(events.maxMacs(),
                    events.maxEventsPerMac())), datagram -> {
            }, counters, Optional.empty()));
            try {
                return exchangeUntilCompiled(channel, scratch.serverDuid(), link);
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    private static Result exchangeUntilCompiled(EmbeddedChannel channel, Duid server, Link link) {
        CompilerActivity compiler = CompilerActivity.of();
        long start = System.nanoTime();
        long nextLook = start;
        long lastCompileChange = start;
        long compiled = compiler.work();
        int exchanges = 0;
        while (true) {
            long now = System.nanoTime();
            long elapsed = Duration.ofNanos(now - start).toMillis();
            if (elapsed >= MAX_MILLIS) {
                return new Result(exchanges, Duration.ofNanos(now - start), "time limit");
            }
            if (now >= nextLook) {
                nextLook = now + TimeUnit.MILLISECONDS.toNanos(LOOK_MILLIS);
                long work = compiler.work();
                if (work != compiled) {
                    compiled = work;
                    lastCompileChange = now;
                }
                if (exchanges >= MIN_EXCHANGES && elapsed >= MIN_MILLIS
                        && Duration.ofNanos(now - lastCompileChange).toMillis() >= QUIET_MILLIS) {
                    return new Result(exchanges, Duration.ofNanos(now - start), "compiler idle");
                }
            }
            if (!exchange(channel, server, link, exchanges)) {
                return new Result(exchanges, Duration.ofNanos(now - start), "not answered");
            }
            exchanges++;
        }
    }

    /**
     * One Solicit and one Request of client {@code number}; false when the configuration does not
     * answer them, or gives the first client no address (a link without a subnet is answered
     * NoAddrsAvail, as by Kea; a pool that runs out later goes on being exercised).
     */
    private static boolean exchange(EmbeddedChannel channel, Duid server, Link link, int number) {
        MacAddress mac = MacAddress.fromLong(FIRST_MAC + number);
        Inet6Address source = mac.linkLocal();
        Duid client = Duid.ll(mac.bytes());
        Option6 clientId = new Option6.DuidOption(Dhcp6Options.CLIENTID, client);
        Optional<ClientServerMessage> advertise = ask(channel, link, source, new ClientServerMessage(MessageType6.SOLICIT,
                number & 0xffffff, new Options6(List.of(clientId, new Option6.IaNa(1, 0, 0, Options6.NONE)))));
        if (advertise.isEmpty() || advertise.get().type() != MessageType6.ADVERTISE) {
            return false;
        }
        List<Option6.IaNa> offered = advertise.get().options().iaNas();
        if (number == 0 && (offered.isEmpty() || offered.get(0).options().iaAddresses().isEmpty())) {
            return false;
        }
        Optional<ClientServerMessage> reply = ask(channel, link, source, new ClientServerMessage(MessageType6.REQUEST,
                (number + 1) & 0xffffff, new Options6(List.of(clientId, new Option6.DuidOption(Dhcp6Options.SERVERID,
                server), offered.isEmpty() ? new Option6.IaNa(1, 0, 0, Options6.NONE) : offered.get(0)))));
        return reply.isPresent() && reply.get().type() == MessageType6.REPLY;
    }

    /** Sends {@code query} as the link's client would and returns the answer, unwrapped from its Relay-Reply. */
    private static Optional<ClientServerMessage> ask(EmbeddedChannel channel, Link link, Inet6Address client,
                                                     ClientServerMessage query) {
        Dhcp6Message sent = query;
        InetSocketAddress sender = new InetSocketAddress(client, 546);
        if (link instanceof Link.Relayed relayed) {
            sent = new RelayMessage(MessageType6.RELAY_FORW, 0, relayed.linkAddress(), client,
                    new Options6(List.of(new Option6.RelayedMessage(query))));
            sender = RELAY;
        }
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(Dhcp6Codec.encode(sent)), SERVER_PORT, sender));
        DatagramPacket answer = channel.readOutbound();
        if (answer == null) {
            return Optional.empty();
        }
        try {
            Dhcp6Message message = Dhcp6Codec.decode(ByteBufUtil.getBytes(answer.content()));
            while (message instanceof RelayMessage relay && relay.relayed().isPresent()) {
                message = relay.relayed().get();
            }
            return message instanceof ClientServerMessage reply ? Optional.of(reply) : Optional.empty();
        } catch (DecodeException e) {
            throw new IllegalStateException("dhcp6d's own answer does not decode", e);
        } finally {
            answer.release();
        }
    }
    /**
     * The warm-up's leases: rows written to a lease file of its own with the daemon's durability,
     * so that the row encoding and the write are compiled too (they were the first to be compiled
     * under load when the warm-up kept its leases in memory). In memory when no file can be made.
     */
    private record ScratchLeases(LeaseCommit<Lease6> commit, Optional<LeaseFile<Lease6>> file,
                                 Optional<Path> path) implements AutoCloseable {
        static ScratchLeases open(Durability durability) {
            Path path = null;
            try {
                path = Files.createTempFile("dhcp6d-warm-up-", ".csv");
                LeaseFile<Lease6> file = LeaseFile.open(path, LeaseCsv6.INSTANCE);
                return new ScratchLeases(LeaseCommit.to(file, durability, "DHCP6"), Optional.of(file), Optional.of(path));
            } catch (IOException e) {
                deleteQuietly(Optional.ofNullable(path));
                return new ScratchLeases(LeaseCommit.inMemory(), Optional.empty(), Optional.empty());
            }
        }

        @Override
        public void close() {
            try {
                commit.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                if (file.isPresent()) {
                    file.get().close();
                }
            } catch (IOException e) {
                // only the scratch file's last rows are at stake; it is deleted next
            }
            deleteQuietly(path);
        }

        private static void deleteQuietly(Optional<Path> path) {
            try {
                if (path.isPresent()) {
                    Files.deleteIfExists(path.get());
                }
            } catch (IOException e) {
                // a file left in the temporary directory, nothing else
            }
        }
    }

    /**
     * How much the JIT compiler has done so far, in units that only grow: on Linux the CPU time of
     * its threads ({@code /proc/self/task/N/stat}, threads named {@code C1/C2 CompilerThreadN}),
     * which moves while a compilation runs; elsewhere the JVM's total compilation time, which moves
     * only when one ends, so that a long compilation (the engine's largest methods took 0.2-1.2 s
     * each on a busy core) looked like an idle compiler and the warm-up stopped with more queued.
     */
    @FunctionalInterface
    private interface CompilerActivity {
        long work();

        static CompilerActivity of() {
            Path tasks = Path.of("/proc/self/task");
            if (Files.isDirectory(tasks)) {
                return () -> compilerThreadTicks(tasks);
            }
            Optional<CompilationMXBean> jit = Optional.ofNullable(ManagementFactory.getCompilationMXBean())
                    .filter(CompilationMXBean::isCompilationTimeMonitoringSupported);
            return () -> jit.map(CompilationMXBean::getTotalCompilationTime).orElse(0L);
        }

        /** utime + stime of the compiler threads, in clock ticks; a thread that ended meanwhile is left out. */
        private static long compilerThreadTicks(Path tasks) {
            long ticks = 0;
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    String stat;
                    try {
                        stat = Files.readString(thread.resolve("stat"));
                    } catch (IOException e) {
                        continue;
                    }
                    int nameEnd = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, nameEnd);
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        // After the name: state, ppid, ... utime is the 12th field and stime the 13th
                        String[] fields = stat.substring(nameEnd + 2).split(" ", 14);
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                }
            } catch (IOException e) {
                return ticks;
            }
            return ticks;
        }
    }
}
