package io.tandem.dhcp4o6d.daemon;

import io.tandem.dhcp4o6d.engine.HostInterfaces;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;

/** This host's interfaces as the operating system reports them now (an interface may come and go). */
final class SystemInterfaces implements HostInterfaces {
    @Override
    public List<InetAddress> addresses(String interfaceName) {
        try {
            NetworkInterface networkInterface = NetworkInterface.getByName(interfaceName);
            return networkInterface == null ? List.of() : Collections.list(networkInterface.getInetAddresses());
        } catch (SocketException e) {
            return List.of();
        }
    }
}
