package io.tandem.common.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This host's interfaces, names, indexes and addresses, as the packet path asks for them: from a
 * snapshot refreshed in the background, never by asking the kernel per packet. Java's
 * {@link NetworkInterface#getByName} and {@link NetworkInterface#getByIndex} enumerate every
 * interface on each call; doing that for each datagram cut dhcp6d to a few hundred exchanges a
 * second under perfdhcp. An interface or address that appears is seen within {@code refresh};
 * an index the snapshot does not know yet makes one synchronous refresh, at most once per
 * {@code refresh}.
 */
public final class InterfaceDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InterfaceDirectory.class);

    /**
     * One interface as the kernel reported it at the last refresh, its addresses listed once here
     * (not on each call: dhcp4o6d asks for them on every exchange without a configured server identifier).
     */
    public static final class Entry {
        private final String name;
        private final int index;
        private final List<InterfaceAddress> addresses;
        private final List<InetAddress> inetAddresses;
        private final List<Inet6Address> inet6Addresses;

        Entry(String name, int index, List<InterfaceAddress> addresses) {
            this.name = name;
            this.index = index;
            this.addresses = List.copyOf(addresses);
            this.inetAddresses = this.addresses.stream().map(InterfaceAddress::getAddress).toList();
            this.inet6Addresses = inetAddresses.stream().filter(Inet6Address.class::isInstance)
                    .map(Inet6Address.class::cast).toList();
        }

        public String name() {
            return name;
        }

        public int index() {
            return index;
        }

        public List<InterfaceAddress> addresses() {
            return addresses;
        }

        public List<InetAddress> inetAddresses() {
            return inetAddresses;
        }

        public List<Inet6Address> inet6Addresses() {
            return inet6Addresses;
        }
    }

    private record Snapshot(Map<String, Entry> byName, Map<Integer, Entry> byIndex, long takenNanos) {
    }

    private final long refreshNanos;
    private final ScheduledExecutorService refresher;
    private volatile Snapshot snapshot;

    private InterfaceDirectory(Duration refresh) {
        this.refreshNanos = refresh.toNanos();
        Snapshot first;
        try {
            first = read();
        } catch (SocketException | RuntimeException e) {
            log.warn("INTERFACES_NOT_READ {}", e.toString());
            first = new Snapshot(Map.of(), Map.of(), System.nanoTime());
        }
        this.snapshot = first;
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "interface-directory");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, refreshNanos, refreshNanos, TimeUnit.NANOSECONDS);
    }

    /** Reads the interfaces now, then again every {@code refresh} on a thread of its own. */
    public static InterfaceDirectory start(Duration refresh) {
        return new InterfaceDirectory(refresh);
    }

    public Optional<Entry> byName(String name) {
        return Optional.ofNullable(snapshot.byName().get(name));
    }

    public Optional<Entry> byIndex(int index) {
        Entry entry = snapshot.byIndex().get(index);
        if (entry == null && System.nanoTime() - snapshot.takenNanos() > refreshNanos) {
            refresh();
            entry = snapshot.byIndex().get(index);
        }
        return Optional.ofNullable(entry);
    }

    /** The addresses of interface {@code name}, none when it does not exist. */
    public List<InetAddress> addressesOf(String name) {
        return byName(name).map(Entry::inetAddresses).orElse(List.of());
    }

    public List<Inet6Address> inet6AddressesOf(String name) {
        return byName(name).map(Entry::inet6Addresses).orElse(List.of());
    }

    private synchronized void refresh() {
        try {
            snapshot = read();
        } catch (SocketException | RuntimeException e) {
            log.warn("INTERFACES_NOT_READ {}; the last list stays in use", e.toString());
        }
    }

    private static Snapshot read() throws SocketException {
        Map<String, Entry> byName = new HashMap<>();
        Map<Integer, Entry> byIndex = new HashMap<>();
        for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            Entry entry = new Entry(networkInterface.getName(), networkInterface.getIndex(),
                    networkInterface.getInterfaceAddresses());
            byName.put(entry.name(), entry);
            byIndex.put(entry.index(), entry);
        }
        return new Snapshot(Map.copyOf(byName), Map.copyOf(byIndex), System.nanoTime());
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
