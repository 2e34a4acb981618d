package io.tandem.common.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports of [::1] that nothing holds at the moment, for a daemon a test starts. */
public final class FreePorts {
    private FreePorts() {
    }

    public static int udp() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("::1", 0))) {
            return probe.getLocalPort();
        }
    }

    public static int tcp() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return probe.getLocalPort();
        }
    }
}
