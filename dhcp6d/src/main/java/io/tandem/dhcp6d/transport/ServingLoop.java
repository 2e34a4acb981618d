package io.tandem.dhcp6d.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.daemon.QueryQueue;
import io.tandem.common.lease.Lease6;
import io.tandem.dhcp6d.engine.DropReason6;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Serves the queries of dhcp6d's DHCPv6 sockets on their one event loop, a step at a time: the
 * handlers only read and queue ({@link QueryQueue}); a step serves up to {@value #STEP} queries,
 * commits their lease rows with one write and flushes their replies, and when queries are left it
 * yields to the event loop before the next step. The loop reads the ready sockets in between, each
 * until the kernel has nothing left for it (up to {@value #READ_PER_WAKE_UP} datagrams), and reading
 * costs a fraction of serving, so under overload the backlog waits in the queue's lanes, where
 * Requests go before Solicits and the oldest are shed, and not in the kernel's buffer. At low load a
 * step runs in the same turn of the loop as the read.
 */
final class ServingLoop {
    /** Queries served per step: one read burst's worth, so that rows and replies still leave together. */
    static final int STEP = 32;
    /**
     * The most datagrams a socket's turn reads ({@link QueryQueue#READ_PER_WAKE_UP}: as many as the
     * lanes hold). With one {@code recvmmsg} (32) a turn read as many as a step served, so under
     * overload the backlog never reached the lanes: it waited in the kernel's first-in first-out
     * buffer, where neither a Request's turn nor a query's age can be seen, and the kernel dropped
     * arrivals of both kinds once it was full (measured at twice the capacity: up to 5.3 MB, 6,400
     * datagrams and 0.6-0.9 s of waiting in the buffer, nothing shed in the lanes, 1,334 arrivals
     * dropped by the kernel).
     */
    static final int READ_PER_WAKE_UP = QueryQueue.READ_PER_WAKE_UP;

    /** A datagram read and not served yet, with the socket it came by. */
    record Query(Dhcp6PacketHandler handler, ChannelHandlerContext context, byte[] datagram,
                 InetSocketAddress sender) {
    }

    private final QueryQueue<Query> queue;
    private final LeaseCommit<Lease6>.Burst leases;
    /** The sockets a step wrote replies to without holding them, flushed at its end; a few at most. */
    private final List<ChannelHandlerContext> written = new ArrayList<>();
    private final Runnable step = this::step;
    private final Runnable endLookedUp = this::endLookedUp;
    private EventExecutor loop;
    private boolean stepPending;
    private boolean endLookedUpPending;

    ServingLoop(LeaseCommit<Lease6> leases, Dhcp6Counters counters) {
        this.queue = new QueryQueue<>(shed -> counters.countDrop(switch (shed) {
            case QUEUE_FULL -> DropReason6.SHED_QUEUE_FULL;
            case WAITED_TOO_LONG -> DropReason6.SHED_WAITED_TOO_LONG;
        }));
        this.leases = leases.newBurst((refusal, replies) -> counters.countDrops(switch (refusal) {
            case QUEUE_FULL -> DropReason6.LEASE_QUEUE_FULL;
            case NOT_RECORDED -> DropReason6.LEASE_NOT_RECORDED;
            case CONFLICT -> DropReason6.LEASE_CONFLICT;
        }, replies));
    }

    /** A datagram read; served by a later step. */
    void read(Query query) {
        queue.add(query, QueryQueue.laneOf(query.datagram()), System.nanoTime());
    }

    /** A socket's read burst ended: a step is due, in this turn of the event loop. */
    void readComplete(ChannelHandlerContext context) {
        if (!stepPending && !queue.isEmpty()) {
            stepPending = true;
            loop = context.executor();
            loop.execute(step);
        }
    }

    /**
     * A query whose client was looked up in the shared lease database: served now, on the event
     * loop, not queued again behind the lanes (it has waited its turn already); the rows and
     * replies of all the queries looked up by one statement are committed and flushed together,
     * in a task after them.
     */
    void lookedUp(Query query) {
        query.handler().serve(query, leases);
        if (!written.contains(query.context())) {
            written.add(query.context());
        }
        if (!endLookedUpPending) {
            endLookedUpPending = true;
            query.context().executor().execute(endLookedUp);
        }
    }

    private void endLookedUp() {
        endLookedUpPending = false;
        leases.end();
        written.forEach(ChannelHandlerContext::flush);
        written.clear();
    }

    private void step() {
        stepPending = false;
        long now = System.nanoTime();
        for (int served = 0; served < STEP; served++) {
            Query query = queue.next(now);
            if (query == null) {
                break;
            }
            query.handler().serve(query, leases);
            if (!written.contains(query.context())) {
                written.add(query.context());
            }
        }
        leases.end();
        written.forEach(ChannelHandlerContext::flush);
        written.clear();
        if (!queue.isEmpty()) {
            // A scheduled task, unlike an executed one, waits for the loop's next turn: its reads come first
            stepPending = true;
            loop.schedule(step, 0, TimeUnit.NANOSECONDS);
        }
    }
}
