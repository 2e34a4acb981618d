package io.tandem.dhcp6d.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The listener's counters, shared by its connections' handlers. */
final class HttpCounters {
    final LongAdder requests = new LongAdder();
    final AtomicInteger openStreams = new AtomicInteger();
    final LongAdder streamsCutOff = new LongAdder();
    final LongAdder bootFilesSent = new LongAdder();

    HttpStats snapshot() {
        return new HttpStats(requests.sum(), openStreams.get(), streamsCutOff.sum(), bootFilesSent.sum());
    }
}
