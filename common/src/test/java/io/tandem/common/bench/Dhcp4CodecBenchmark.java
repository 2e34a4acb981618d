package io.tandem.common.bench;

import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
import io.tandem.common.wire.dhcp6.Dhcp6Codec;
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

/** Decode and encode cost of Kea's DHCPOFFER, taken from a captured DHCPV4-RESPONSE. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Dhcp4CodecBenchmark {
    private byte[] dhcpv4;
    private Dhcp4Message message;

    @Setup
    public void load() throws DecodeException {
        dhcpv4 = Dhcp6Codec.decode(CodecBenchmark.datagram("kea-4o6-link.txt#2")).options().dhcpv4Message()
                .orElseThrow().toArray();
        message = Dhcp4Codec.decode(dhcpv4);
    }

    @Benchmark
    public Dhcp4Message decode4() throws DecodeException {
        return Dhcp4Codec.decode(dhcpv4);
    }

    @Benchmark
    public byte[] encode4() {
        return Dhcp4Codec.encode(message);
    }
}
