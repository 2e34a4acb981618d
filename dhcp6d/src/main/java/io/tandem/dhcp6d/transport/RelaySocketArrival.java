package io.tandem.dhcp6d.transport;

import io.tandem.common.config.Prefix6;
import io.tandem.common.daemon.InterfaceDirectory;
import io.tandem.dhcp6d.engine.Arrival;
import java.net.Inet6Address;
import java.net.InterfaceAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The arrival of a datagram on the relay-facing socket, which serves every interface and so
 * cannot tell the interface itself. A link-local sender carries it as its scope. A global sender
 * (a relay, or a 4o6 client by unicast) does not, so the interface is the served one on whose
 * prefix the sender is, else the only interface served, else none: the 4o6 partner needs a name
 * (Kea's DHCPv4 side picks its server identifier by it), and a relayed client's link is chosen by
 * its relay's link-address, not by this.
 */
final class RelaySocketArrival implements Function<Inet6Address, Arrival> {
    private final InterfaceDirectory interfaces;
    private final List<String> served;
    /** One value per interface name, so that a datagram costs no allocation. */
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();

    RelaySocketArrival(InterfaceDirectory interfaces, List<String> served) {
        this.interfaces = interfaces;
        this.served = List.copyOf(served);
    }

    @Override
    public Arrival apply(Inet6Address source) {
        return arrivals.computeIfAbsent(interfaceOf(source),
                name -> new Arrival(name, Arrival.Addressing.RELAY_SOCKET));
    }

    private String interfaceOf(Inet6Address source) {
        if (source.getScopedInterface() != null) {
            return source.getScopedInterface().getName();
        }
        if (source.getScopeId() > 0) {
            return interfaces.byIndex(source.getScopeId()).map(InterfaceDirectory.Entry::name).orElse("");
        }
        for (String name : served) {
            if (interfaces.byName(name).map(entry -> entry.addresses().stream()
                    .anyMatch(address -> onLink(address, source))).orElse(false)) {
                return name;
            }
        }
        return served.size() == 1 ? served.get(0) : "";
    }

    /** Whether {@code remote} is on the global prefix of {@code local}. */
    private static boolean onLink(InterfaceAddress local, Inet6Address remote) {
        return local.getAddress() instanceof Inet6Address address && !address.isLinkLocalAddress()
                && new Prefix6(address, local.getNetworkPrefixLength()).contains(remote);
    }
}
