package io.tandem.dhcp4o6d.engine;

import java.net.InetAddress;
import java.util.List;

/**
 * The addresses of this host's interfaces, by name: where dhcp4o6d finds the IPv4 address that
 * serves as server identifier when none is configured (as Kea takes it from the socket on the
 * interface named in the pair's metadata), and the IPv6 addresses that bind a direct client's
 * link to a shared network. The daemon answers from common's InterfaceDirectory; tests give fixed answers.
 */
@FunctionalInterface
public interface HostInterfaces {
    /** The interface's addresses, in the system's order; empty when there is no such interface. */
    List<InetAddress> addresses(String interfaceName);
}
