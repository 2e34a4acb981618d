package io.tandem.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * The generator's one thread: steps of an offered rate (open loop: sends planned by {@link Plan},
 * latency from the planned time) or of a window (closed loop: that many exchanges in flight, a new
 * one started as one ends, latency from its start). Each exchange lives in a slot of a ring; the
 * slot's index and a generation are its transaction id, so an answer finds its slot without a
 * lookup and a late answer to an earlier query is recognised. Client state is in primitive arrays
 * and the packets are the {@link Exchange}'s templates: nothing is allocated per exchange.
 * Exchanges are counted in the step they started in; the last step's stragglers get the timeout.
 */
final class LoadGenerator {
    /** Ring slots: 2^18 exchanges in flight (at 200,000/s that is 1.3 s of timeout). */
    static final int SLOT_BITS = 18;
    private static final int SLOTS = 1 << SLOT_BITS;
    private static final byte IDLE = 0;
    private static final byte FIRST_SENT = 1;
    private static final byte SECOND_SENT = 2;
    private static final int READS_PER_WAKEUP = 64;
    /**
     * What an exchange is: a new binding, in {@link Settings#mix} mode a Renew or a Release, and with
     * {@link Settings#rebinding} a returning client's rebinding.
     */
    static final int NEW = 0;
    static final int RENEW = 1;
    static final int RELEASE = 2;
    static final int REBIND = 3;
    /** In mix mode, at most this many clients (each keeps its address). */
    static final long MAX_MIX_CLIENTS = 1 << 22;

    /**
     * {@code levels}: the offered rate of each step (exchanges/s), or with {@code closedLoop} the
     * window (exchanges in flight); {@code clients}: how many distinct MACs, from {@code firstMac}, used in turn.
     * With {@code mix} (DHCPv6 only), a client that holds an address from this run renews it at its
     * next turn (Renew-Reply), or releases it (Release-Reply) every {@code releasePercent} in 100 turns,
     * and a client that holds none binds (SARR): with 20 %, a fifth of the exchanges each are new
     * bindings and releases once every client has had its first turn. With {@code rebinding}
     * (null otherwise) its clients are the ones used in turn, instead of {@code clients} MACs from
     * {@code firstMac}, and each exchange is one of them rebinding the address it holds.
     */
    record Settings(boolean closedLoop, List<Long> levels, long stepNanos, long timeoutNanos, long clients,
                    long firstMac, boolean listAcked, boolean mix, int releasePercent, ReturningClients rebinding) {
        Settings {
            if (rebinding != null && (mix || clients != rebinding.count())) {
                throw new IllegalArgumentException("rebinding clients are the file's, without --mix");
            }
            levels = List.copyOf(levels);
            if (levels.isEmpty() || levels.stream().anyMatch(level -> level < 1)) {
                throw new IllegalArgumentException("each rate or window must be at least 1");
            }
            if (closedLoop && levels.stream().anyMatch(level -> level > SLOTS / 4)) {
                throw new IllegalArgumentException("a window is at most " + SLOTS / 4);
            }
            if (stepNanos < 1 || timeoutNanos < 1 || clients < 1) {
                throw new IllegalArgumentException("step, timeout and clients must be positive");
            }
            if (mix && (releasePercent < 0 || releasePercent > 100 || clients > MAX_MIX_CLIENTS)) {
                throw new IllegalArgumentException("--mix is 0..100 %, with at most " + MAX_MIX_CLIENTS + " clients");
            }
        }
    }

    /** At most this many acknowledged leases are listed. */
    static final int MAX_ACKED = 2_000_000;

    /** The leases acknowledged, in order: MAC, address and when (nanoseconds after the run's start). */
    record Acked(long[] macs, byte[] addresses, int addressLength, long[] atNanos, int count) {
    }

    /**
     * What one step did; {@code cpuNanos} is the generator's, {@code serverCpuNanos} the server
     * processes' (0 when none were named); {@code latency} in microseconds.
     */
    record Step(long level, long started, long completed, long refused, long lost, long wallNanos, long cpuNanos,
                long serverCpuNanos, Histogram latency) {
    }

    private final Exchange exchange;
    private final Sockets sockets;
    private final Settings settings;
    private final LongSupplier cpuNanos;
    private final LongSupplier serverCpuNanos;
    private final int xidMask;
    private final int generationMask;

    private final long[] planned = new long[SLOTS];
    private final long[] mac = new long[SLOTS];
    private final int[] generation = new int[SLOTS];
    private final byte[] state = new byte[SLOTS];
    private final byte[] stepOf = new byte[SLOTS];
    private final byte[] kindOf = new byte[SLOTS];
    /** Mix mode: whether each client holds an address from this run, and which (empty arrays otherwise). */
    private final boolean[] holds;
    private final byte[] heldAddresses;
    private int releaseCredit;
    private final long[] completedByKind = new long[4];
    private long head;
    private long tail;
    private long inFlight;
    private long nextClient;

    private final long[] started;
    private final long[] completed;
    private final long[] refused;
    private final long[] lost;
    private final Histogram[] latency;
    private long unexpected;
    private final long[] ackedMacs;
    private final byte[] ackedAddresses;
    private final long[] ackedAt;
    private int ackedCount;
    private long runStart;
    private long sendFailures;

    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(65_536);
    private final ByteBuffer firstQuery;
    /** The second query's template wrapped, re-wrapped only when the exchange rebuilds the template. */
    private ByteBuffer secondQuery = ByteBuffer.allocate(0);
    private final ByteBuffer rebindQuery;
    private final Consumer<SelectionKey> drain = this::drain;
    private boolean received;

    LoadGenerator(Exchange exchange, Sockets sockets, Settings settings, LongSupplier cpuNanos,
                  LongSupplier serverCpuNanos) {
        if (settings.levels().size() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Byte.MAX_VALUE + " steps");
        }
        this.exchange = exchange;
        this.sockets = sockets;
        this.settings = settings;
        this.cpuNanos = cpuNanos;
        this.serverCpuNanos = serverCpuNanos;
        firstQuery = ByteBuffer.wrap(exchange.firstQuery());
        rebindQuery = ByteBuffer.wrap(exchange.rebindQuery());
        xidMask = exchange.xidBits() == 32 ? -1 : (1 << exchange.xidBits()) - 1;
        generationMask = xidMask >>> SLOT_BITS;
        int steps = settings.levels().size();
        started = new long[steps];
        completed = new long[steps];
        refused = new long[steps];
        lost = new long[steps];
        latency = new Histogram[steps];
        for (int i = 0; i < steps; i++) {
            latency[i] = new Histogram(Math.max(2, settings.timeoutNanos() / 1000), 3);
        }
        int ackedCapacity = settings.listAcked() ? MAX_ACKED : 0;
        ackedMacs = new long[ackedCapacity];
        ackedAddresses = new byte[ackedCapacity * exchange.addressLength()];
        ackedAt = new long[ackedCapacity];
        int mixClients = settings.mix() ? (int) settings.clients() : 0;
        holds = new boolean[mixClients];
        heldAddresses = new byte[mixClients * exchange.addressLength()];
    }

    /**
     * Completed exchanges of each kind ({@link #NEW}, {@link #RENEW}, {@link #RELEASE}, {@link #REBIND});
     * all new without mix or rebinding.
     */
    long[] completedByKind() {
        return completedByKind.clone();
    }

    long unexpected() {
        return unexpected;
    }

    long sendFailures() {
        return sendFailures;
    }

    /** The acknowledged leases (none unless {@code listAcked}). */
    Acked acked() {
        return new Acked(ackedMacs, ackedAddresses, exchange.addressLength(), ackedAt, ackedCount);
    }

    List<Step> run() throws IOException {
        int steps = settings.levels().size();
        long[] wallNanos = new long[steps];
        long[] stepCpuNanos = new long[steps];
        long[] stepServerCpuNanos = new long[steps];
        long stepStart = System.nanoTime();
        runStart = stepStart;
        for (int step = 0; step < steps; step++) {
            long cpuStart = cpuNanos.getAsLong();
            long serverCpuStart = serverCpuNanos.getAsLong();
            long stepEnd = stepStart + settings.stepNanos();
            runStep(step, stepStart, stepEnd);
            wallNanos[step] = System.nanoTime() - stepStart;
            stepCpuNanos[step] = cpuNanos.getAsLong() - cpuStart;
            stepServerCpuNanos[step] = serverCpuNanos.getAsLong() - serverCpuStart;
            stepStart = stepEnd;
        }
        long drainEnd = stepStart + settings.timeoutNanos();
        for (long now = System.nanoTime(); inFlight > 0 && now < drainEnd; now = System.nanoTime()) {
            sockets.select(drain, 1);
            expire(now);
        }
        expire(Long.MAX_VALUE);
        List<Step> done = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            done.add(new Step(settings.levels().get(i), started[i], completed[i], refused[i], lost[i], wallNanos[i],
                    stepCpuNanos[i], stepServerCpuNanos[i], latency[i]));
        }
        return done;
    }

    private void runStep(int step, long stepStart, long stepEnd) throws IOException {
        long level = settings.levels().get(step);
        Plan plan = settings.closedLoop() ? null : new Plan(stepStart, level);
        long planCount = settings.closedLoop() ? 0 : plan.dueBy(stepEnd - 1);
        long sent = 0;
        for (long now = System.nanoTime(); now < stepEnd; now = System.nanoTime()) {
            boolean worked = false;
            if (plan != null) {
                long due = Math.min(plan.dueBy(now), planCount);
                for (; sent < due; sent++) {
                    start(step, plan.plannedNanos(sent));
                    worked = true;
                }
            } else {
                for (; inFlight < level; sent++) {
                    start(step, now);
                    worked = true;
                }
            }
            received = false;
            sockets.select(drain, 0);
            expire(now);
            // A closed loop whose window expire() just emptied refills at once instead of waiting
            if (!worked && !received && (plan != null || inFlight >= level)) {
                long next = plan == null || sent >= planCount ? stepEnd : Math.min(stepEnd, plan.plannedNanos(sent));
                if (tail < head) {
                    // expire() stopped at the oldest exchange still in flight: wake for its timeout, so that
                    // a server that stopped answering does not leave the window stuck until the step ends
                    next = Math.min(next, planned[(int) (tail & (SLOTS - 1))] + settings.timeoutNanos());
                }
                long gap = next - System.nanoTime();
                if (gap >= 1_000_000) {
                    sockets.select(drain, gap / 1_000_000);
                } else if (gap > 0) {
                    LockSupport.parkNanos(gap);
                }
            }
        }
    }

    /**
     * Starts an exchange planned for {@code plannedNanos} for the next client, from the next slot: its
     * first query, or in mix mode for a client that holds an address its Renew or Release, or with
     * rebinding its rebinding query.
     */
    private void start(int step, long plannedNanos) throws IOException {
        if (head - tail >= SLOTS) {
            loseOldest();
        }
        int slot = (int) (head & (SLOTS - 1));
        head++;
        int index = (int) nextClient;
        ReturningClients rebinding = settings.rebinding();
        long client = rebinding != null ? rebinding.macs()[index] : settings.firstMac() + nextClient;
        nextClient = nextClient + 1 == settings.clients() ? 0 : nextClient + 1;
        planned[slot] = plannedNanos;
        mac[slot] = client & 0xffff_ffff_ffffL;
        stepOf[slot] = (byte) step;
        started[step]++;
        inFlight++;
        if (rebinding != null) {
            kindOf[slot] = REBIND;
            state[slot] = SECOND_SENT;
            int length = exchange.patchRebind(nextXid(slot), mac[slot], rebinding.addresses(),
                    index * exchange.addressLength());
            send(slot, rebindQuery, length);
            return;
        }
        if (settings.mix() && holds[index]) {
            releaseCredit += settings.releasePercent();
            boolean release = releaseCredit >= 100;
            releaseCredit -= release ? 100 : 0;
            kindOf[slot] = (byte) (release ? RELEASE : RENEW);
            state[slot] = SECOND_SENT;
            int length = ((SarrExchange) exchange).patchReturning(release, nextXid(slot), mac[slot], heldAddresses,
                    index * exchange.addressLength());
            send(slot, wrappedSecondQuery(), length);
            return;
        }
        kindOf[slot] = NEW;
        state[slot] = FIRST_SENT;
        int length = exchange.patchFirst(nextXid(slot), mac[slot]);
        send(slot, firstQuery, length);
    }

    /** The second query's template, re-wrapped only when the exchange rebuilt it. */
    private ByteBuffer wrappedSecondQuery() {
        if (secondQuery.array() != exchange.secondQuery()) {
            secondQuery = ByteBuffer.wrap(exchange.secondQuery());
        }
        return secondQuery;
    }

    /** The client index of {@code slot}'s MAC. */
    private int clientIndex(int slot) {
        return (int) ((mac[slot] - settings.firstMac()) & 0xffff_ffff_ffffL);
    }

    /** A new generation of {@code slot}: its next query's transaction id. */
    private int nextXid(int slot) {
        int next = (generation[slot] + 1) & generationMask;
        generation[slot] = next;
        return (next << SLOT_BITS | slot) & xidMask;
    }

    private void send(int slot, ByteBuffer datagram, int length) throws IOException {
        datagram.clear().limit(length);
        if (!sockets.send(slot % sockets.count(), datagram)) {
            sendFailures++;
        }
    }

    private void drain(SelectionKey key) {
        int index = (Integer) key.attachment();
        try {
            for (int read = 0; read < READS_PER_WAKEUP && sockets.receive(index, receiveBuffer); read++) {
                received = true;
                answer(receiveBuffer.array(), receiveBuffer.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One answer: the second query goes out at once; a final answer or a refusal ends the exchange. */
    private void answer(byte[] bytes, int length) throws IOException {
        int kind = exchange.read(bytes, length);
        int xid = exchange.xid();
        int slot = xid & (SLOTS - 1);
        if (kind == Exchange.OTHER || (xid >>> SLOT_BITS & generationMask) != generation[slot]
                || state[slot] == IDLE || (kind == Exchange.FIRST_ANSWER && state[slot] != FIRST_SENT)
                || (kind == Exchange.FINAL_ANSWER && state[slot] != SECOND_SENT)) {
            unexpected++;
            return;
        }
        int step = stepOf[slot];
        if (kindOf[slot] == RELEASE) {
            // The Reply to a Release confirms it, with or without the IA's address in it
            holds[clientIndex(slot)] = false;
            complete(slot, step);
            return;
        }
        switch (kind) {
            case Exchange.FIRST_ANSWER -> {
                state[slot] = SECOND_SENT;
                int second = exchange.patchSecond(nextXid(slot), mac[slot], bytes);
                send(slot, wrappedSecondQuery(), second);
            }
            case Exchange.FINAL_ANSWER -> {
                if (ackedCount < ackedMacs.length && (kindOf[slot] == NEW || kindOf[slot] == REBIND)) {
                    exchange.copyAddress(bytes, ackedAddresses, ackedCount * exchange.addressLength());
                    ackedMacs[ackedCount] = mac[slot];
                    ackedAt[ackedCount++] = System.nanoTime() - runStart;
                }
                if (settings.mix()) {
                    int index = clientIndex(slot);
                    holds[index] = true;
                    exchange.copyAddress(bytes, heldAddresses, index * exchange.addressLength());
                }
                complete(slot, step);
            }
            default -> {
                if (settings.mix()) {
                    holds[clientIndex(slot)] = false;
                }
                refused[step]++;
                end(slot);
            }
        }
    }

    private void complete(int slot, int step) {
        Histogram histogram = latency[step];
        histogram.recordValue(Math.min(histogram.getHighestTrackableValue(),
                Plan.latencyNanos(planned[slot], System.nanoTime()) / 1000));
        completed[step]++;
        completedByKind[kindOf[slot]]++;
        end(slot);
    }

    private void end(int slot) {
        state[slot] = IDLE;
        inFlight--;
    }

    /** Counts as lost every exchange whose timeout (from its planned start) has passed, oldest first. */
    private void expire(long now) {
        while (tail < head) {
            int slot = (int) (tail & (SLOTS - 1));
            if (state[slot] != IDLE) {
                if (now - planned[slot] < settings.timeoutNanos()) {
                    return;
                }
                lost[stepOf[slot]]++;
                end(slot);
            }
            tail++;
        }
    }

    /** The ring is full: the oldest exchange is given up (its slot is needed). */
    private void loseOldest() {
        int slot = (int) (tail & (SLOTS - 1));
        if (state[slot] != IDLE) {
            lost[stepOf[slot]]++;
            end(slot);
        }
        tail++;
    }
}
