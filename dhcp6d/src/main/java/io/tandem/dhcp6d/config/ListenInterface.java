package io.tandem.dhcp6d.config;

import java.net.Inet6Address;
import java.util.Optional;

/**
 * One entry of Kea's {@code interfaces-config.interfaces}: {@code "eth0"}, {@code "*"} (every
 * interface) or {@code "eth0/2001:db8::1"} (also listen on that unicast address).
 */
public record ListenInterface(String name, Optional<Inet6Address> unicastAddress) {
    public static final String ALL = "*";

    /** Whether this entry stands for every interface ({@code "*"}). */
    public boolean isAll() {
        return name.equals(ALL);
    }
}
