package io.tandem.common.daemon;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A daemon's warm-up at start, before its sockets open: made-up exchanges run through its packet
 * path until the JIT compiler has compiled it, so that no client waits while the compiler takes the
 * core. With the launchers' C2 alone it always ends at its time limit. At the JDK's thresholds it
 * has then loaded the path's classes and made part of the calls after which C2 compiles a method;
 * at the tenth of them that the launchers give with CAP_SYS_NICE, the compiler running first, it
 * has had much of the path compiled.
 * It stops once the compiler has been idle for {@value #QUIET_MILLIS} ms after
 * {@value #MIN_EXCHANGES} exchanges and {@value #MIN_MILLIS} ms, or when its time is up,
 * {@value #LISTEN_BY_MILLIS} ms after the JVM started (but after {@value #MIN_MILLIS} ms at least),
 * so that a daemon whose lease file took long to read is not kept from listening longer still
 * ({@link #budget}). The JVM property {@value #LISTEN_BY_PROPERTY} moves that time (in seconds);
 * 0 turns the warm-up off, for a restart that must listen at once whatever its first seconds of
 * load cost (and for test harnesses that start a daemon for each case).
 */
public final class WarmUpLoop {
    /**
     * The shortest warm-up, even after a long lease file read: with C2 alone it loads and initializes
     * the packet path's classes and little more (after a million leases: 12 made-up exchanges in
     * 252 ms), which the first query would otherwise do.
     */
    public static final long MIN_MILLIS = 250;
    /**
     * Made-up exchanges before an idle compiler counts: with tiered compilation a method is compiled
     * by C2 after about 15,000 calls and loops (Tier4CompileThreshold) and until then runs in C1's
     * profiling code with the C2 compiler idle, so that on a busy core the warm-up stopped after
     * 450-2,700 exchanges with the whole engine still to compile under load. With the launchers' C2
     * alone the warm-up, in the interpreter, does not get that far and ends at its time limit.
     */
    static final int MIN_EXCHANGES = 20_000;
    static final long QUIET_MILLIS = 300;
    /**
     * When a daemon should be listening, counted from the JVM's start (issue 11's goal 5: started
     * within 5 s with a million leases, which it reads in about 4.5 s on a quiet core): the warm-up
     * takes what the lease file's read has left of it. What it did not compile is compiled under
     * the first load.
     */
    static final long LISTEN_BY_MILLIS = 4500;
    /** The JVM property that replaces {@link #LISTEN_BY_MILLIS}, in seconds; 0 (or less): no warm-up. */
    public static final String LISTEN_BY_PROPERTY = "tandem.warm-up.seconds";
    /** How often the compiler's activity is looked at (reading it costs tens of microseconds). */
    private static final long LOOK_MILLIS = 20;

    /** How much was run, and why it stopped. */
    public record Result(int exchanges, Duration took, String stopped) {
    }

    /** A daemon's warm-up given its time: what it ran, or empty when its configuration gives it no made-up client. */
    @FunctionalInterface
    public interface Budgeted<E extends Exception> {
        Optional<Result> run(Duration budget) throws E;
    }

    /** Some made-up exchanges: how many were answered, 0 when the configuration answers none. */
    @FunctionalInterface
    public interface Exchanges {
        int run(int first) throws IOException;
    }

    private WarmUpLoop() {
    }

    /**
     * Runs {@code exchanges} (given the number of the first made-up client each time) until the
     * compiler is idle or {@code budget} is up; an {@link IOException} of theirs ends the warm-up.
     */
    public static Result run(Exchanges exchanges, Duration budget) {
        CompilerActivity compiler = CompilerActivity.of();
        long start = System.nanoTime();
        long nextLook = start;
        long lastCompileChange = start;
        long compiled = compiler.work();
        int done = 0;
        while (true) {
            long now = System.nanoTime();
            long elapsed = Duration.ofNanos(now - start).toMillis();
            if (elapsed >= budget.toMillis()) {
                return new Result(done, Duration.ofNanos(now - start), "time limit");
            }
            if (now >= nextLook) {
                nextLook = now + TimeUnit.MILLISECONDS.toNanos(LOOK_MILLIS);
                long work = compiler.work();
                if (work != compiled) {
                    compiled = work;
                    lastCompileChange = now;
                }
                if (done >= MIN_EXCHANGES && elapsed >= MIN_MILLIS
                        && Duration.ofNanos(now - lastCompileChange).toMillis() >= QUIET_MILLIS) {
                    return new Result(done, Duration.ofNanos(now - start), "compiler idle");
                }
            }
            int answered;
            try {
                answered = exchanges.run(done);
            } catch (IOException e) {
                return new Result(done, Duration.ofNanos(System.nanoTime() - start), e.toString());
            }
            if (answered == 0) {
                return new Result(done, Duration.ofNanos(System.nanoTime() - start), "not answered");
            }
            done += answered;
        }
    }

    /**
     * Runs a daemon's warm-up for its {@link #budget()} and logs on {@code log} what it ran as
     * {@code event} ({@code DHCP6_WARMED_UP}, {@code DHCP4O6_WARMED_UP}): the made-up exchanges, or
     * "no" and why, turned off by {@value #LISTEN_BY_PROPERTY} (then not run at all) or
     * {@code whyNone} when it had no made-up client.
     */
    public static <E extends Exception> void runAndLog(Logger log, String event, String whyNone, Budgeted<E> warmUp)
            throws E {
        Duration budget = budget();
        if (budget.isZero()) {
            log.info("{} no: turned off ({}=0)", event, LISTEN_BY_PROPERTY);
            return;
        }
        Optional<Result> result = warmUp.run(budget);
        if (result.isPresent()) {
            log.info("{} {} made-up exchanges in {} ms ({})", event, result.get().exchanges(),
                    result.get().took().toMillis(), result.get().stopped());
        } else {
            log.info("{} no: {}", event, whyNone);
        }
    }

    /** How long a daemon's warm-up that begins now may run; zero when {@value #LISTEN_BY_PROPERTY} turned it off. */
    public static Duration budget() {
        Long listenBySeconds = Long.getLong(LISTEN_BY_PROPERTY);
        long listenBy = listenBySeconds == null ? LISTEN_BY_MILLIS : listenBySeconds * 1000;
        return listenBy <= 0 ? Duration.ZERO
                : Duration.ofMillis(budgetMillis(ManagementFactory.getRuntimeMXBean().getUptime(), listenBy));
    }

    /** How long a warm-up that begins {@code uptimeMillis} after the JVM's start may run, to end by {@code listenByMillis}. */
    static long budgetMillis(long uptimeMillis, long listenByMillis) {
        return Math.max(MIN_MILLIS, listenByMillis - uptimeMillis);
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
