package io.tandem.common.bench;

import io.tandem.common.testing.GoldenCorpus;
import io.tandem.common.wire.DecodeException;
import io.tandem.common.wire.dhcp4.Dhcp4Codec;
import io.tandem.common.wire.dhcp4.Dhcp4Message;
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
 * Decode and encode cost of real captured datagrams (the golden corpus): a client's Solicit,
 * Kea's Advertise, a Relay-Forward from dhcrelay and a DHCPV4-QUERY; and of Kea's DHCPOFFER
 * (DHCPv4) from a DHCPV4-RESPONSE.
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

    /** The DHCPv4 messages: Kea's DHCPOFFER inside a DHCPV4-RESPONSE. */
    @State(Scope.Benchmark)
    public static class Dhcp4State {
        byte[] dhcpv4;
        Dhcp4Message dhcpv4Message;

        @Setup
        public void load() throws DecodeException {
            dhcpv4 = Dhcp6Codec.decode(datagram("kea-4o6-link.txt#2")).options().dhcpv4Message().orElseThrow().toArray();
            dhcpv4Message = Dhcp4Codec.decode(dhcpv4);
        }
    }

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

    @Benchmark
    public Dhcp4Message decode4(Dhcp4State state) throws DecodeException {
        return Dhcp4Codec.decode(state.dhcpv4);
    }

    @Benchmark
    public byte[] encode4(Dhcp4State state) {
        return Dhcp4Codec.encode(state.dhcpv4Message);
    }
}
