package io.tandem.dhcp6d.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.common.event.EventBus;
import io.tandem.common.event.EventTable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EventChannelReceiverTest {
    @Test
    void asksTheKernelForRoomForABurstOfEvents() throws Exception {
        Path rmemMaxFile = Path.of("/proc/sys/net/core/rmem_max");
        assumeTrue(Files.isReadable(rmemMaxFile), "Linux's net.core.rmem_max");
        // Files.readString returned only the first digit of this /proc/sys file here (it reports a
        // size of 0); reading it by lines gives it whole
        long rmemMax = Long.parseLong(Files.readAllLines(rmemMaxFile).get(0).trim());
        EventBus bus = new EventBus(new EventTable(10, 10));
        try (EventChannelReceiver receiver = EventChannelReceiver.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), bus)) {
            // Linux caps what is asked at rmem_max (and doubles it for its bookkeeping, which the JDK halves)
            assertEquals(Math.min(EventChannelReceiver.RECEIVE_BUFFER, rmemMax), receiver.receiveBufferSize());
        }
    }
}
