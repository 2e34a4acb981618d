package io.tandem.common.ops;

import io.tandem.common.config.HttpConfig;
import io.tandem.common.daemon.KernelSocketDrops;
import io.tandem.common.wire.Addresses;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What both daemons' operations views start from: the control channel with the daemon-wide
 * commands ({@link DaemonCommands}); each daemon adds its lease commands, its lease view and its
 * metrics. The parts of a daemon start one after another, so each is handed over in a
 * {@link Started} when it exists; until then its metrics are left out.
 */
public abstract class DaemonOperations implements Operations {
    private final ControlChannel control;

    /**
     * @param section {@code Dhcp6} or {@code Dhcp4}: what {@code config-test} tests
     * @param users   who may send commands, read for each request so that a reload can change them
     */
    protected DaemonOperations(DaemonControl daemon, String section, Supplier<List<HttpConfig.ControlUser>> users) {
        control = new ControlChannel(users);
        DaemonCommands.add(control, daemon, section);
    }

    @Override
    public final ControlChannel control() {
        return control;
    }

    /**
     * {@code tandem_udp_socket_drops_total}: the datagrams the kernel dropped at each of the
     * daemon's {@code sockets} because its receive buffer was full, read from /proc now.
     */
    protected static void socketDrops(MetricsText out, List<InetSocketAddress> sockets) {
        out.family("tandem_udp_socket_drops_total", "counter",
                "datagrams the kernel dropped at a UDP socket whose receive buffer was full, by local address");
        KernelSocketDrops.of(sockets).forEach((socket, drops) -> out.sample("tandem_udp_socket_drops_total", drops,
                "socket", Addresses.text(socket)));
    }

    /** A part of the daemon that starts after its operations view exists; read at request time. */
    public static final class Started<T> {
        private volatile T part;

        public void set(T started) {
            part = started;
        }

        public Optional<T> get() {
            return Optional.ofNullable(part);
        }
    }
}
