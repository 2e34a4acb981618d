package io.tandem.common.bench;

import io.tandem.common.testing.GoldenCorpus;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
import io.tandem.common.wire.dhcp6.Dhcp6Message;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode and encode cost of real captured DHCPv6 datagrams (the golden corpus): a client's
 * Solicit, Kea's Advertise, a Relay-Forward from dhcrelay and a DHCPV4-QUERY.
 * Run with {@code scripts/bench-codecs}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    @Param({"dhclient-duid-ll.txt#1", "dhclient-duid-ll.txt#2", "dhcrelay.txt#1", "kea-4o6-link.txt#1"})
    public String packet;

    private byte[] datagram;
    private Dhcp6Message message;

    static byte[] datagram(String reference) {
        String file = reference.substring(0, reference.indexOf('#'));
        int index = Integer.parseInt(reference.substring(reference.indexOf('#') + 1)) - 1;
        return GoldenCorpus.packets().stream().filter(p -> p.file().equals(file)).toList().get(index).bytes().toArray();
    }

    @Setup
    public void load() throws DecodeException {
        datagram = datagram(packet);
        message = Dhcp6Codec.decode(datagram);
    }

    @Benchmark
    public Dhcp6Message decode6() throws DecodeException {
        return Dhcp6Codec.decode(datagram);
    }

    @Benchmark
    public byte[] encode6() {
        return Dhcp6Codec.encode(message);
    }
}
