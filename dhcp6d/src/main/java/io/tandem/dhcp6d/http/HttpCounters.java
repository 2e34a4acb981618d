package io.tandem.dhcp6d.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The counters of dhcp6d's own routes, shared by its connections' handlers. */
final class HttpCounters {
    final AtomicInteger openStreams = new AtomicInteger();
    final LongAdder streamsCutOff = new LongAdder();
    final LongAdder bootFilesSent = new LongAdder();

    HttpStats snapshot(long requests) {
        return new HttpStats(requests, openStreams.get(), streamsCutOff.sum(), bootFilesSent.sum());
    }
}
