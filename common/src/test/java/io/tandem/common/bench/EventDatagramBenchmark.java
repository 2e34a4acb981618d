package io.tandem.common.bench;

import io.tandem.common.event.BootEvent;
import io.tandem.common.event.EventDatagram;
import io.tandem.common.event.EventNames;
import io.tandem.common.identity.MacAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The events channel's cost: about what dhcp4o6d writes in 20 ms at 3,000 DORA/s (60 events, an offer
 * and an acknowledgement per DORA, with the details dhcp4o6d gives them) and what dhcp6d reads of
 * it, one full datagram; divide by 60 for the cost per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventDatagramBenchmark {
    private static final int EVENTS = 60;
    private List<BootEvent> events;
    private byte[] datagram;

    @Setup
    public void make() {
        events = new ArrayList<>(EVENTS);
        Instant now = Instant.parse("2026-12-06T04:00:00.123456789Z");
        for (int i = 0; i < EVENTS; i++) {
            MacAddress mac = MacAddress.fromLong(0x020000000001L + i / 2);
            events.add(BootEvent.builder(mac, i % 2 == 0 ? EventNames.OFFERED_4O6 : EventNames.ACKED_4O6, now.plusNanos(i))
                    .with("address", "10.0." + (i / 512) + "." + (i / 2 % 256))
                    .with("mac-source", "chaddr")
                    .with("client-id", "01:" + mac)
                    .with("ipv6-source", "fe80::" + Integer.toHexString(i / 2) + ":ff:fe00:1")
                    .with("interface", "veth0")
                    .build());
        }
        List<byte[]> datagrams = EventDatagram.encode(events);
        if (datagrams.size() != 1) {
            throw new IllegalStateException(datagrams.size() + " datagrams for " + EVENTS + " events");
        }
        datagram = datagrams.get(0);
    }

    @Benchmark
    public void encode(Blackhole sink) {
        EventDatagram.encode(events, (bytes, offset, length, count) -> sink.consume(length));
    }

    @Benchmark
    public List<BootEvent> decode() {
        return EventDatagram.decodeAll(datagram, datagram.length);
    }
}
