package io.tandem.dhcp6d.transport;

import io.netty.channel.ChannelHandlerContext;
import io.tandem.common.daemon.LeaseCommit;
import io.tandem.common.daemon.QueryQueue;
import io.tandem.common.daemon.ServingSteps;
import io.tandem.common.lease.Lease6;
import io.tandem.dhcp6d.engine.DropReason6;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the queries of dhcp6d's DHCPv6 sockets on their one event loop, a step at a time
 * ({@link ServingSteps}): the handlers only read and queue ({@link QueryQueue}: Requests before
 * Solicits, the oldest shed); a step's lease rows are committed with one write and the replies of
 * all the sockets it wrote to are flushed at its end.
 */
final class ServingLoop {
    /** A datagram read and not served yet, with the socket it came by. */
    record Query(Dhcp6PacketHandler handler, ChannelHandlerContext context, byte[] datagram,
                 InetSocketAddress sender) {
    }

    private final ServingSteps<Query> steps;
    private final LeaseCommit<Lease6>.Burst leases;
    /** The sockets a step wrote replies to without holding them, flushed at its end; a few at most. */
    private final List<ChannelHandlerContext> written = new ArrayList<>();
    private final Runnable endLookedUp = this::endLookedUp;
    private boolean endLookedUpPending;

    ServingLoop(LeaseCommit<Lease6> leases, Dhcp6Counters counters) {
        this.steps = new ServingSteps<>(new QueryQueue<>(shed -> counters.countDrop(switch (shed) {
            case QUEUE_FULL -> DropReason6.SHED_QUEUE_FULL;
            case WAITED_TOO_LONG -> DropReason6.SHED_WAITED_TOO_LONG;
            case CLIENT_MOVED_ON -> DropReason6.SHED_CLIENT_MOVED_ON;
        })), this::serve, this::endStep);
        this.leases = leases.newBurst((refusal, replies) -> counters.countDrops(switch (refusal) {
            case QUEUE_FULL -> DropReason6.LEASE_QUEUE_FULL;
            case NOT_RECORDED -> DropReason6.LEASE_NOT_RECORDED;
            case CONFLICT -> DropReason6.LEASE_CONFLICT;
        }, replies));
    }

    /** A datagram read; served by a later step. */
    void read(Query query) {
        steps.add(query, query.datagram());
    }

    /** A socket's read burst ended: a step is due, in this turn of the event loop. */
    void readComplete(ChannelHandlerContext context) {
        steps.readComplete(context.executor());
    }

    /**
     * A query whose client was looked up in the shared lease database: served now, on the event
     * loop, not queued again behind the lanes (it has waited its turn already); the rows and
     * replies of all the queries looked up by one statement are committed and flushed together,
     * in a task after them.
     */
    void lookedUp(Query query) {
        serve(query);
        if (!endLookedUpPending) {
            endLookedUpPending = true;
            query.context().executor().execute(endLookedUp);
        }
    }

    private void endLookedUp() {
        endLookedUpPending = false;
        endStep();
    }

    private void serve(Query query) {
        query.handler().serve(query, leases);
        if (!written.contains(query.context())) {
            written.add(query.context());
        }
    }

    private void endStep() {
        leases.end();
        written.forEach(ChannelHandlerContext::flush);
        written.clear();
    }
}
