package io.tandem.common.daemon;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Serves a {@link QueryQueue} on its one event loop a step at a time, for both daemons (dhcp6d's
 * DHCPv6 sockets, dhcp4o6d's end of the port pair): the socket handlers only read and queue; a
 * step serves up to {@value #STEP} queries and then ends (the caller commits their lease rows with
 * one write and flushes their answers), and when queries are left it yields to the event loop
 * before the next step. The loop reads the ready sockets in between, each until the kernel has
 * nothing left for it ({@link QueryQueue#READ_PER_WAKE_UP}), and reading costs a fraction of
 * serving, so under overload the backlog waits in the queue's lanes and not in the kernel's
 * buffer. At low load a step runs in the same turn of the loop as the read.
 *
 * <p>Not thread-safe: one event loop's.
 *
 * @param <Q> the query
 */
public final class ServingSteps<Q> {
    /** Queries served per step: one {@code recvmmsg}'s worth, so that rows and answers still leave together. */
    public static final int STEP = 32;

    private final QueryQueue<Q> queue;
    private final Consumer<Q> serve;
    private final Runnable endStep;
    private final Runnable step = this::step;
    private EventExecutor loop;
    private boolean stepPending;

    /**
     * @param queue   where the queries read wait
     * @param serve   serves one query
     * @param endStep ends a step: its lease rows committed, its answers flushed
     */
    public ServingSteps(QueryQueue<Q> queue, Consumer<Q> serve, Runnable endStep) {
        this.queue = queue;
        this.serve = serve;
        this.endStep = endStep;
    }

    /** A query read, with the datagram it was read from; served by a later step. */
    public void add(Q query, byte[] datagram) {
        queue.add(query, datagram, System.nanoTime());
    }

    /** A socket's read burst ended: a step is due, in this turn of the event loop. */
    public void readComplete(EventExecutor eventLoop) {
        if (!stepPending && !queue.isEmpty()) {
            stepPending = true;
            loop = eventLoop;
            loop.execute(step);
        }
    }

    private void step() {
        stepPending = false;
        long now = System.nanoTime();
        for (int served = 0; served < STEP; served++) {
            Q query = queue.next(now);
            if (query == null) {
                break;
            }
            serve.accept(query);
        }
        endStep.run();
        if (!queue.isEmpty()) {
            // A scheduled task, unlike an executed one, waits for the loop's next turn: its reads come first
            stepPending = true;
            loop.schedule(step, 0, TimeUnit.NANOSECONDS);
        }
    }
}
