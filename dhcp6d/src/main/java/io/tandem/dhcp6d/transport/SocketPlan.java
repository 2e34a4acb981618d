package io.tandem.dhcp6d.transport;

import io.tandem.common.wire.Addresses;
import io.tandem.dhcp6d.config.ListenInterface;
import io.tandem.dhcp6d.engine.Arrival;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which sockets dhcp6d opens on its port, as Kea does: the relay-facing socket on the bind
 * address; per served interface one on {@code [ff02::1:2%if]} and one on each of its link-local
 * addresses; one on each global address configured as {@code "eth0/2001:db8::1"}. Each socket
 * tells how a datagram arrived ({@link Arrival}). Worked out from the interfaces as the host
 * shows them at start, without opening anything.
 *
 * @param listeners the sockets, the relay-facing one first
 * @param warnings  what could not be opened and why, for the operator
 */
record SocketPlan(List<Listener> listeners, List<String> warnings) {
    /** One interface as the host showed it at start. */
    record HostInterface(String name, int index, boolean up, List<Inet6Address> addresses) {
        HostInterface {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * One socket to open.
     *
     * @param interfaceName the interface it serves; empty for the relay-facing socket, whose
     *                      datagrams' interface is worked out per sender ({@link RelaySocketArrival})
     */
    record Listener(InetSocketAddress local, Arrival.Addressing addressing, String interfaceName) {
        boolean multicast() {
            return addressing == Arrival.Addressing.MULTICAST;
        }
    }

    SocketPlan {
        listeners = List.copyOf(listeners);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param relayFacing the bind address and the server port
     * @param served      the configured interfaces; one name may come several times
     *                    ({@code "eth0"} and {@code "eth0/2001:db8::1"}), a {@code "*"} already expanded
     * @param host        the interface of that name on this host, if there is one
     * @throws IOException when an interface does not exist, or a configured address is not one of
     *                     its interface's (both errors in Kea too)
     */
    static SocketPlan of(InetSocketAddress relayFacing, List<ListenInterface> served,
                         Function<String, Optional<HostInterface>> host) throws IOException {
        Map<String, List<Inet6Address>> configured = new LinkedHashMap<>();
        for (ListenInterface listen : served) {
            List<Inet6Address> addresses = configured.computeIfAbsent(listen.name(), name -> new ArrayList<>());
            listen.unicastAddress().filter(address -> !addresses.contains(address)).ifPresent(addresses::add);
        }
        int port = relayFacing.getPort();
        List<Listener> listeners = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        listeners.add(new Listener(relayFacing, Arrival.Addressing.RELAY_SOCKET, ""));
        for (Map.Entry<String, List<Inet6Address>> entry : configured.entrySet()) {
            String name = entry.getKey();
            HostInterface found = host.apply(name)
                    .orElseThrow(() -> new IOException("interface " + name + " does not exist"));
            if (!found.up()) {
                warnings.add("interface " + name + " is down: not served until dhcp6d restarts");
                continue;
            }
            listeners.add(new Listener(new InetSocketAddress(scoped(Dhcp6Transport.ALL_DHCP_RELAY_AGENTS_AND_SERVERS,
                    found.index()), port), Arrival.Addressing.MULTICAST, name));
            List<Inet6Address> linkLocal = found.addresses().stream().filter(Inet6Address::isLinkLocalAddress).toList();
            if (linkLocal.isEmpty()) {
                warnings.add("interface " + name + " has no link-local address yet: its multicast socket is open; "
                        + "unicast to its link-local address reaches the relay-facing socket until dhcp6d restarts");
            }
            for (Inet6Address address : linkLocal) {
                listeners.add(new Listener(new InetSocketAddress(scoped(address, found.index()), port),
                        Arrival.Addressing.UNICAST_LINK_LOCAL, name));
            }
            for (Inet6Address address : entry.getValue()) {
                if (!found.addresses().contains(address)) {
                    throw new IOException("interface " + name + " does not have address " + Addresses.text(address));
                }
                if (!address.isLinkLocalAddress()) {
                    listeners.add(new Listener(new InetSocketAddress(address, port), Arrival.Addressing.UNICAST_GLOBAL,
                            name));
                }
            }
        }
        return new SocketPlan(listeners, warnings);
    }

    /** The address with the interface's index as its scope, as a bind to a link-scoped address needs. */
    private static Inet6Address scoped(InetAddress address, int index) {
        try {
            return Inet6Address.getByAddress(null, address.getAddress(), index);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address + " is not an IPv6 address", e);
        }
    }
}
