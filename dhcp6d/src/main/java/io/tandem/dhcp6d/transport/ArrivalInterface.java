package io.tandem.dhcp6d.transport;

import io.tandem.common.config.Prefix6;
import io.tandem.common.daemon.InterfaceDirectory;
import java.net.Inet6Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.util.List;

/**
 * The interface a datagram came in on. A link-local sender carries it as its scope. A global
 * sender (a relay, or a 4o6 client by unicast) does not, so the interface is the one on whose
 * prefix the sender is, else the only interface served: one socket on {@code [::]} sees no more,
 * and Kea's DHCPv4 side needs the name to pick its server identifier.
 */
final class ArrivalInterface {
    private final InterfaceDirectory interfaces;
    private final List<String> served;

    ArrivalInterface(InterfaceDirectory interfaces, List<String> served) {
        this.interfaces = interfaces;
        this.served = List.copyOf(served);
    }

    /** The interface's name, empty when it cannot be told. */
    String of(Inet6Address source) {
        NetworkInterface scoped = source.getScopedInterface();
        if (scoped != null) {
            return scoped.getName();
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
